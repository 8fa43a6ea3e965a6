// The escalation stage of `vigil screen` (docs/escalation.md): fed by the writer thread with
// each screened line in input order, it runs the per-topic machines, writes their
// transition records (and reminders of unacknowledged incidents) after the verdict that
// caused them (or to `--events FILE`), and
// saves the machines' state atomically (`--state FILE`) so a stopped screen resumes
// exactly where it left off.
import Foundation
import VigilEngine

final class EscalationStage {
    let monitor: EscalationMonitor
    let statePath: String?
    /// Input lines already accounted for by the restored state.
    let restoredLines: Int
    /// Where the `--events` file ended when the restored state was saved.
    private var restoredEvents: EventsFileMark?
    /// The `--events` file, whose end each save records (`useEvents`).
    private var eventsDescriptor: Int32?
    /// The transition records of the last line fed (`feed`).
    private var writer = JSONWriter()
    /// The command's own record when the last line fed was a command (`feed`).
    private(set) var ownRecord: [UInt8]?
    private(set) var transitions = 0
    /// Why the last command was rejected; nil when it was applied.
    private(set) var lastRejection: String?

    /// Starts fresh, or restores `statePath` when that file exists.
    init(policy: EscalationPolicy, statePath: String?) throws {
        self.statePath = statePath
        if let statePath { try OutputPath.checkReplaceable(statePath, what: "escalation state") }
        if let statePath, FileManager.default.fileExists(atPath: statePath) {
            guard let data = FileManager.default.contents(atPath: statePath) else {
                throw fail(ExitStatus.noInput, "cannot read escalation state \(statePath): \(String(cString: strerror(EACCES)))")
            }
            let (lines, events, snapshot) = try StateFile.decode([UInt8](data), path: statePath)
            restoredEvents = events
            do {
                monitor = try EscalationMonitor(policy: policy, restoring: snapshot)
            } catch {
                throw fail(ExitStatus.dataError, "\(statePath): \(error)")
            }
            restoredLines = lines
            printError("vigil: escalation state restored from \(statePath) (\(monitor.topicCount) topics, after \(lines) input lines)")
        } else {
            monitor = EscalationMonitor(policy: policy)
            restoredLines = 0
        }
    }

    /// Starts from a state kept in the console's store (`vigil screen|serve --database`
    /// without `--state`), or fresh when the store has none.
    init(policy: EscalationPolicy, restoring saved: (lines: Int, snapshot: [UInt8])?, from source: String) throws {
        statePath = nil
        guard let saved else {
            monitor = EscalationMonitor(policy: policy)
            restoredLines = 0
            return
        }
        do {
            monitor = try EscalationMonitor(policy: policy, restoring: saved.snapshot)
        } catch {
            throw fail(ExitStatus.dataError, "\(source): escalation state: \(error)")
        }
        restoredLines = saved.lines
        printError("vigil: escalation state restored from \(source) (\(monitor.topicCount) topics, after \(saved.lines) input lines)")
    }

    /// Called with each transition record as it is written (the console's store).
    var transitionObserver: ((EscalationTransition, ArraySlice<UInt8>) -> Void)?

    /// Records that follow a screened line: transitions for a verdict, and for a
    /// command the command's own record (accepted or rejected) first. `sequence` is the
    /// record's number in the machines' stream when that differs from its output line
    /// (`vigil serve` numbers records across requests); it gives records without `ts`
    /// their arrival time.
    func records(after line: ScreenedLine, sequence: Int? = nil) -> (own: [UInt8]?, transitions: [UInt8]) {
        withUnsafePointer(to: line) { feed($0, sequence: sequence) } ? (ownRecord, transitionRecords) : (nil, [])
    }

    /// `records(after:sequence:)` for a line read in place (`vigil screen`'s writer, from
    /// the batch's storage), without building the pair of arrays for every line: returns
    /// whether the line produced records; they are then in `ownRecord` and
    /// `transitionRecords` until the next line is fed. The line is passed by address
    /// because passing it as a value would copy it, retaining and releasing each of its
    /// strings, for every line.
    func feed(_ pointer: UnsafePointer<ScreenedLine>, sequence: Int? = nil) -> Bool {
        // A resumed screen numbers its lines from 1 again; the machines' clock for
        // records without `ts` goes on from where the restored state left it.
        let sequence = sequence ?? restoredLines + pointer.pointee.line
        switch pointer.pointee.kind {
        case .error:
            return false
        case .verdict:
            // The monitor reads the line where it is: no observation value, no dictionary
            // and no copy of the line's strings per line.
            let produced = monitor.observe(pointer, sequence: sequence)
            if produced.isEmpty { return false }   // most lines
            ownRecord = nil
            writer.reset()
            write(produced)
            return true
        case .command:
            let line = pointer.pointee
            writer.reset()
            var produced = monitor.apply(EscalationCommand(
                command: line.command ?? "", topic: line.topic, eventTime: line.eventTime, by: line.by, line: sequence,
                severity: line.severity))
            // The command's records name its line in this input, as every other record does.
            for index in produced.indices where produced[index].command != nil { produced[index].line = line.line }
            var own = JSONWriter()
            let rejection = produced.first { $0.rejected != nil }?.rejected
            lastRejection = rejection
            own.beginObject()
            own.key("type"); own.string("command")
            own.key("line"); own.int(line.line)
            own.key("command"); own.string(line.command ?? "")
            own.key("topic"); own.string(line.topic)
            own.key("accepted"); own.bool(rejection == nil)
            if let rejection { own.key("reason"); own.string(rejection) }
            own.endObject()
            own.bytes.append(0x0A)
            ownRecord = own.bytes
            write(produced)
            return true
        }
    }

    /// The transition records of the last line fed, one JSON line each (`feed`).
    var transitionRecords: [UInt8] { writer.bytes }

    /// Transitions due at the end of the input.
    func finish() -> [UInt8] {
        writer.reset()
        write(monitor.finish())
        return writer.bytes
    }

    private func write(_ produced: [EscalationTransition]) {
        for transition in produced {
            let start = writer.bytes.count
            writer.escalation(transition)
            transitionObserver?(transition, writer.bytes[start...])
            writer.bytes.append(0x0A)
            if !transition.isReminder { transitions += 1 }
        }
    }

    /// Saves the state after `lines` input lines: written to a temporary file, flushed,
    /// then renamed over the old one, so a crash leaves either the old or the new state.
    func save(afterLines lines: Int, sync: Bool = true) throws {
        guard let statePath else { return }
        try StateFile.write(stateFile(afterLines: lines), to: statePath, sync: sync)
    }

    /// The bytes of the `--state` file after `lines` input lines (the events file
    /// flushed).
    func stateFile(afterLines lines: Int) -> [UInt8] {
        StateFile.encode(lines: restoredLines + lines, events: eventsDescriptor.flatMap(EventsFileMark.current(of:)),
                         snapshot: monitor.snapshot())
    }

    /// Escalation records go to the open `--events` file `descriptor` (at `path`). When
    /// the restored state was saved with this file shorter than it is now, the process
    /// that saved it was stopped after writing records for lines the state does not
    /// cover: those records are cut off here, and the resumed run writes them again.
    func useEvents(descriptor: Int32, path: String) throws {
        guard statePath != nil else { return }
        eventsDescriptor = descriptor
        guard let saved = restoredEvents, let now = EventsFileMark.current(of: descriptor),
              now.inode == saved.inode, now.offset > saved.offset else { return }
        guard ftruncate(descriptor, off_t(saved.offset)) == 0 else {
            throw fail(ExitStatus.ioError, "cannot cut back events file \(path): \(String(cString: strerror(errno)))")
        }
        printError("vigil: \(path): removed \(now.offset - saved.offset) bytes of escalation records written after the state was saved; they are written again")
    }
}
