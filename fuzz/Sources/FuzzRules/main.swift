// Fuzz target: rule loading and compilation from YAML bytes. The input is one rule pack
// file (a few seed packs are in fuzz/corpus/FuzzRules); any bytes load or give
// diagnostics, never a crash, and a pack that loads screens a post.
import FuzzSupport
import VigilEngine

nonisolated(unsafe) let scratch = ScanScratch()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let yaml = String(decoding: FuzzSupport.bytes(data, size), as: UTF8.self)
    let source = RuleSource(packFiles: [RuleFile(path: "fuzz.yaml", contents: yaml)], policyFile: nil,
                            readCompanion: { _ in "word\nother word\n" })
    do {
        let engine = try Engine.load(source)
        let verdict = engine.check("加微信 vip_28742 领内部价 fuck you 傻逼 call 13812345678", scratch: scratch)
        let scalars = Array("加微信 vip_28742 领内部价 fuck you 傻逼 call 13812345678".unicodeScalars)
        for hit in verdict.hits where !(0 <= hit.start && hit.start <= hit.end && hit.end <= scalars.count) {
            FuzzSupport.violated("hit span \(hit.start)..<\(hit.end) outside the post")
        }
    } catch {
        if error.diagnostics.isEmpty { FuzzSupport.violated("a failed load without a diagnostic") }
    }
    return 0
}

@_cdecl("FuzzRules_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv, fuzz)
}
