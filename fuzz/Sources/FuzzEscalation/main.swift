// Fuzz target: records (posts and operator commands, one per line) through the escalation
// stage: each line is screened as `vigil screen` does and fed to the per-topic machines
// in order. Any stream is taken without a crash; every transition goes from a state to
// a state; a snapshot restores to a monitor whose snapshot is the same bytes, and which
// answers the rest of the stream exactly as the uninterrupted one.
import FuzzSupport
import VigilEngine

nonisolated(unsafe) let screener = RecordScreener()
nonisolated(unsafe) var writer = JSONWriter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, size)
    let engine = FuzzSupport.engine
    let policy = engine.policy.escalation
    let monitor = EscalationMonitor(policy: policy)
    var lines: [ScreenedLine] = []
    var start = 0
    for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
        writer.reset()
        lines.append(screener.screen(UnsafeBufferPointer(rebasing: bytes[start..<index]), lineNumber: lines.count + 1,
                                     format: .jsonl, engine: engine, into: &writer))
        start = index + 1
    }
    let cut = lines.count / 2
    var first: [String] = [], second: [String] = []
    func feed(_ monitor: EscalationMonitor, _ line: ScreenedLine, into out: inout [String]) {
        let produced: [EscalationTransition]
        switch line.kind {
        case .error: return
        case .verdict: produced = withUnsafePointer(to: line) { monitor.observe($0, sequence: line.line) }
        case .command:
            produced = monitor.apply(EscalationCommand(command: line.command ?? "", topic: line.topic, eventTime: line.eventTime,
                                                       by: line.by, line: line.line, severity: line.severity))
        }
        for transition in produced {
            var json = JSONWriter()
            json.escalation(transition)
            out.append(json.string)
        }
    }
    for line in lines[..<cut] { feed(monitor, line, into: &first) }
    let snapshot = monitor.snapshot()
    let restored: EscalationMonitor
    do { restored = try EscalationMonitor(policy: policy, restoring: snapshot) } catch {
        FuzzSupport.violated("a snapshot does not restore: \(error)")
    }
    if restored.snapshot() != snapshot { FuzzSupport.violated("a restored monitor's snapshot differs") }
    var again: [String] = []
    for line in lines[cut...] {
        feed(monitor, line, into: &second)
        feed(restored, line, into: &again)
    }
    if second != again { FuzzSupport.violated("the restored monitor answers differently") }
    _ = monitor.finish()
    return 0
}

@_cdecl("FuzzEscalation_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.run(argc, argv, fuzz)
}
