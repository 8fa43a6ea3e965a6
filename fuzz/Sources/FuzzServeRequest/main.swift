// Fuzz target: what `vigil serve` does with a request body once it is read off the socket
// (the HTTP parsing itself is SwiftNIO's): the Content-Type's charset, decoding, the
// byte-order mark, the body cut into parts as they arrive, split into lines across
// parts, and each line screened. The first bytes choose the Content-Type and the part
// sizes. Invariants: one record per line whatever the parts, each record one line of
// JSON, and error records fail closed.
import Foundation
import FuzzSupport
import VigilEngine

nonisolated(unsafe) let screener = RecordScreener(keepsVerdict: true)
nonisolated(unsafe) var writer = JSONWriter()

let contentTypes = ["application/x-ndjson", "application/x-ndjson; charset=gbk", "application/x-ndjson; charset=\"utf-16\"",
                    "text/plain; charset=big5", "application/json; charset=GB18030", "application/json;charset=utf-8",
                    "application/json; charset=koi8-r", "text/plain; charset=utf-16le"]

/// The records for `body` cut into parts of `partSize` bytes, as /v1/screen makes them.
func screen(_ body: UnsafeBufferPointer<UInt8>, encoding: InputEncoding, partSize: Int, maximumLine: Int) -> (lines: Int, records: [UInt8]) {
    var stream = BodyLineStream(encoding: encoding, maximumLineBytes: maximumLine)
    var lines = 0
    writer.reset()
    func each(_ split: SplitLine) {
        lines += 1
        switch split {
        case .line(let bytes): _ = screener.screen(bytes, lineNumber: lines, format: .jsonl, engine: FuzzSupport.engine, into: &writer)
        case .oversized(let size):
            _ = screener.screen(UnsafeBufferPointer(start: nil, count: 0), lineNumber: lines, oversizedBytes: size, format: .jsonl,
                                engine: FuzzSupport.engine, into: &writer)
        }
    }
    var offset = 0
    repeat {
        let end = min(body.count, offset + partSize)
        stream.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: body[offset..<end])), last: end == body.count, each)
        offset = end
    } while offset < body.count
    return (lines, writer.bytes)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzSupport.bytes(data, size)
    guard input.count >= 2 else { return 0 }
    var unknown: String?
    let contentType = contentTypes[Int(input[0]) % contentTypes.count]
    guard let encoding = InputEncoding.of(contentType: contentType, unknown: &unknown) else {
        if unknown == nil { FuzzSupport.violated("an unknown charset without its name") }
        return 0
    }
    let partSize = Int(input[1]) + 1
    let body = UnsafeBufferPointer(rebasing: input[2...])
    let (lines, records) = screen(body, encoding: encoding, partSize: partSize, maximumLine: 512)
    let (wholeLines, wholeRecords) = screen(body, encoding: encoding, partSize: max(1, body.count), maximumLine: 512)
    if lines != wholeLines || records != wholeRecords { FuzzSupport.violated("the records depend on how the body was cut") }
    let produced = records.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
    // A command line writes no record here (the escalation stage does).
    if produced.count > lines { FuzzSupport.violated("\(produced.count) records for \(lines) lines") }
    for record in produced {
        guard let json = try? JSONSerialization.jsonObject(with: Data(record)) as? [String: Any] else {
            FuzzSupport.violated("a record that is not a JSON object: \(String(decoding: record, as: UTF8.self))")
        }
        if json["type"] as? String == "error" && json["decision"] as? String != "review" { FuzzSupport.violated("error not review") }
    }
    return 0
}

@_cdecl("FuzzServeRequest_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv, fuzz)
}
