// Why this file exists: a harness for the models' scoring loops alone, compiled with the
// classifier files of one revision (benchmarks/model_loops/run.sh), so that two revisions
// can be compared for output (sum, count and an order-free digest of the positive features
// of every line and model) and for instructions, without building the whole program.
// usage: h MODELS_FOLDER STREAMS_FILE ROUNDS (rounds after the first print nothing)
import Foundation
let root = CommandLine.arguments[1]
let zh = try TextClassifierModel.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/zh-offensive.vgm"))))
let en = try TextClassifierModel.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/en-offensive.vgm"))))
let text = try String(contentsOfFile: CommandLine.arguments[2], encoding: .utf8)
let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
let rounds = Int(CommandLine.arguments[3]) ?? 1
var list = PositiveFeatures()
var out: [String] = []
var total: Int64 = 0
for round in 0..<rounds {
    for line in lines {
        line.withUnsafeBufferPointer { buffer in
            for model in [zh, en] {
                var tally = PositiveTally(into: list)
                model.score(stream: buffer, into: &tally)
                list = tally.positives
                var digest: Int64 = 0
                for p in list { var x = UInt64(bitPattern: Int64(p.weight) &* 1_000_003 &+ Int64(p.start) &* 1009 &+ Int64(p.end)); x = (x ^ (x >> 29)) &* 0x9E3779B97F4A7C15; digest &+= Int64(bitPattern: x ^ (x >> 32)) }
                total &+= Int64(tally.sum) &+ digest
                if round == 0 { out.append("\(tally.sum) \(tally.count) \(list.count) \(digest)") }
            }
        }
    }
}
print(out.joined(separator: "\n"))
FileHandle.standardError.write("total \(total)\n".data(using: .utf8)!)
