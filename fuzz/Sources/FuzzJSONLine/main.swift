// Fuzz target: the JSON line parser of `vigil screen` and its record screener. Any bytes
// give a record or an error, never a crash; a parsed post is valid UTF-8; the parser
// accepts a line exactly when Foundation's JSON parser finds one object without a
// repeated key at the top level (RFC 8259) — checked on lines Foundation can judge.
import Foundation
import FuzzSupport
import VigilEngine

nonisolated(unsafe) var parser = JSONLineParser()
nonisolated(unsafe) let screener = RecordScreener()
nonisolated(unsafe) var writer = JSONWriter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let line = FuzzSupport.bytes(data, size)
    switch parser.parse(line) {
    case .success(let record):
        if !record.isCommand && String(validating: parser.text, as: UTF8.self) == nil {
            FuzzSupport.violated("a parsed text is not valid UTF-8")
        }
        // A record Vigil accepts is JSON by Foundation's reading too.
        if let foundation = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) {
            if !(foundation is [String: Any]) { FuzzSupport.violated("accepted a line that is not an object") }
        } else if !line.contains(where: { $0 == 0xFF || $0 >= 0xF5 || ($0 >= 0x80 && $0 < 0xC2) }) && size < 4096 {
            // Foundation refuses invalid UTF-8 that Vigil repairs and warns about;
            // otherwise both must agree.
            // Escapes (lone surrogates) and exponents (out of Double's range) are read
            // differently on purpose; the rest must agree.
            let valid = String(validating: line, as: UTF8.self) != nil
            let exponent = zip(line, line.dropFirst()).contains { $0.0 >= 0x30 && $0.0 <= 0x39 && $0.1 | 0x20 == 0x65 }
            if valid && !line.contains(0x5C) && !exponent { FuzzSupport.violated("accepted a line Foundation rejects") }
        }
    case .failure:
        break
    }
    writer.reset()
    let screened = screener.screen(line, lineNumber: 1, format: .jsonl, engine: FuzzSupport.engine, into: &writer)
    if screened.kind == .command { return 0 }   // a command's record is written by the escalation stage
    if writer.bytes.last != 0x0A || writer.bytes.dropLast().contains(0x0A) { FuzzSupport.violated("not exactly one output line") }
    if screened.kind == .error && screened.decision != .review { FuzzSupport.violated("an error record that is not review") }
    return 0
}

@_cdecl("FuzzJSONLine_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv, fuzz)
}
