// The `--state` file of `vigil screen` and `vigil serve`: the escalation machines'
// snapshot behind a header that says how many input lines it covers, written so that a
// process killed at any moment leaves the old state or the new one.
import Foundation
import Glibc

/// The `--state` file: a small header naming how many input lines it covers, then the
/// monitor's own versioned snapshot.
enum StateFile {
    static let magic = Array("VIGILSTATE 1\n".utf8)

    static func encode(lines: Int, snapshot: [UInt8]) -> [UInt8] {
        magic + Array("lines \(lines)\n".utf8) + snapshot
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

    static func decode(_ bytes: [UInt8], path: String) throws -> (lines: Int, snapshot: [UInt8]) {
        guard bytes.starts(with: magic) else {
            throw fail(ExitStatus.dataError, "\(path) is not a vigil escalation state file")
        }
        let rest = bytes[magic.count...]
        guard let newline = rest.firstIndex(of: 0x0A),
              let header = String(bytes: rest[rest.startIndex..<newline], encoding: .utf8),
              header.hasPrefix("lines "), let lines = Int(header.dropFirst(6)) else {
            throw fail(ExitStatus.dataError, "\(path): damaged header")
        }
        return (lines, Array(rest[(newline + 1)...]))
    }
}
