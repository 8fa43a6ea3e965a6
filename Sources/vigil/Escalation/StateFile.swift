// The `--state` file of `vigil screen` and `vigil serve`: the escalation machines'
// snapshot behind a header that says how many input lines it covers, written so that a
// process killed at any moment leaves the old state or the new one.
import Foundation
import Glibc

/// The `--state` file: a small header naming how many input lines it covers (and, for
/// a screen with `--events`, where the events file ended when it was saved), then the
/// monitor's own versioned snapshot.
enum StateFile {
    static let magic = Array("VIGILSTATE 1\n".utf8)

    static func encode(lines: Int, events: EventsFileMark? = nil, snapshot: [UInt8]) -> [UInt8] {
        var header = "lines \(lines)\n"
        if let events { header += "events \(events.inode) \(events.offset)\n" }
        return magic + Array(header.utf8) + snapshot
    }

    /// Writes `bytes` to a temporary file, flushes it (with `sync`: to the disk), and
    /// renames it over `path`: a process killed at any moment leaves the old state or
    /// the new one, never a mix. Without `sync` a power failure may lose the last save,
    /// a killed process cannot.
    static func write(_ bytes: [UInt8], to path: String, sync: Bool = true) throws {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw fail(ExitStatus.ioError, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var offset = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 { if errno == EINTR { continue }; return false }
                offset += written
            }
            return !sync || fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw fail(ExitStatus.ioError, "cannot save escalation state to \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> (lines: Int, events: EventsFileMark?, snapshot: [UInt8]) {
        guard bytes.starts(with: magic) else {
            throw fail(ExitStatus.dataError, "\(path) is not a vigil escalation state file")
        }
        var rest = bytes[magic.count...]
        guard let header = headerLine(&rest), header.hasPrefix("lines "), let lines = Int(header.dropFirst(6)) else {
            throw fail(ExitStatus.dataError, "\(path): damaged header")
        }
        var events: EventsFileMark?
        if rest.starts(with: Array("events ".utf8)) {
            let fields = headerLine(&rest)?.split(separator: " ") ?? []
            guard fields.count == 3, let inode = UInt64(fields[1]), let offset = Int(fields[2]), offset >= 0 else {
                throw fail(ExitStatus.dataError, "\(path): damaged header")
            }
            events = EventsFileMark(inode: inode, offset: offset)
        }
        return (lines, events, Array(rest))
    }

    /// The header line at the start of `rest`, which then starts after its newline.
    private static func headerLine(_ rest: inout ArraySlice<UInt8>) -> String? {
        guard let newline = rest.firstIndex(of: 0x0A) else { return nil }
        defer { rest = rest[(newline + 1)...] }
        return String(bytes: rest[rest.startIndex..<newline], encoding: .utf8)
    }
}

/// Where a screen's `--events` file ended when the state was saved: the file (by inode)
/// and its length. Records past that length were written for lines the state does not
/// cover; a screen resumed on the same file removes them and writes them again, so the
/// file holds each transition exactly once across a kill.
struct EventsFileMark: Equatable {
    var inode: UInt64
    var offset: Int

    /// The mark of the open file `descriptor` now; nil when it is not a regular file
    /// (a pipe or a terminal cannot be cut back).
    static func current(of descriptor: Int32) -> EventsFileMark? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return EventsFileMark(inode: UInt64(info.st_ino), offset: Int(info.st_size))
    }
}
