// Paths a command will write to are tried before any input is read, so a typo in
// `--state` or `--events` is a plain message naming the path and a sysexits code at
// once (66 cannot read, 73 cannot create, 74 I/O error), not an error after the work.
import Glibc

enum OutputPath {
    /// Fails unless a file at `path` can be read (when it exists) and replaced through a
    /// temporary file beside it (how state files are saved).
    static func checkReplaceable(_ path: String, what: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw fail(ExitStatus.noInput, "cannot use \(what) \(path): it is a folder") }
            if access(path, R_OK) != 0 { throw fail(ExitStatus.noInput, "cannot read \(what) \(path): \(reason())") }
        }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw fail(ExitStatus.cannotCreate, "cannot create \(what) \(path): \(reason())") }
        close(descriptor)
        unlink(temporary)
    }

    /// Opens `path` for appending, creating it; fails with a message naming it.
    static func openForAppending(_ path: String, what: String) throws -> Int32 {
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            throw fail(ExitStatus.cannotCreate, "cannot write \(what) \(path): it is a folder")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw fail(ExitStatus.cannotCreate, "cannot create \(what) \(path): \(reason())") }
        return descriptor
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
