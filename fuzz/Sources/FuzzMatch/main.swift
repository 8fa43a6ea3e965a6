// Fuzz target: normalization and matching of arbitrary bytes against the built-in packs.
// Invariants (docs/reference/records.md): every hit's span lies inside the text, in code points of the
// text as read (invalid UTF-8 replaced by U+FFFD), and its `match` is exactly the text
// at that span; the score is in [0, 100]; the two ways of screening agree.
import FuzzSupport
import VigilEngine

nonisolated(unsafe) let scratch = ScanScratch()
nonisolated(unsafe) let screener = RecordScreener(keepsVerdict: true)
nonisolated(unsafe) var writer = JSONWriter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let engine = FuzzSupport.engine
    let verdict = engine.check(text, scratch: scratch)
    let scalars = Array(text.unicodeScalars)
    for hit in verdict.hits {
        guard 0 <= hit.start, hit.start <= hit.end, hit.end <= scalars.count else {
            FuzzSupport.violated("\(hit.rule): span \(hit.start)..<\(hit.end) outside \(scalars.count) code points")
        }
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[hit.start..<hit.end])
        if String(slice) != hit.match { FuzzSupport.violated("\(hit.rule): match \(hit.match.debugDescription) is not the text at its span \(String(slice).debugDescription)") }
    }
    if !(0...100).contains(verdict.score) { FuzzSupport.violated("score \(verdict.score)") }
    // Plain-text screening (the path of `screen --input text`) gives the same hits.
    if !bytes.contains(0) && !bytes.contains(0x0A) && !bytes.isEmpty {
        writer.reset()
        _ = screener.screen(bytes, lineNumber: 1, format: .text, engine: engine, into: &writer)
        if let screened = screener.lastVerdict, screened.hits != verdict.hits {
            FuzzSupport.violated("screen and check disagree on the hits")
        }
    }
    return 0
}

@_cdecl("FuzzMatch_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv, fuzz)
}
