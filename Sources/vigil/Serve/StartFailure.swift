// Why `vigil serve` could not start or keep serving, in plain words with a sysexits
// code: the network layer's errors (`bind(descriptor:ptr:bytes:): Address already in
// use (errno: 98)`) are for its developers, not for whoever runs the server.
import ArgumentParser
import Glibc
import NIOCore

enum StartFailure {
    /// Prints the message for `error` and returns the exit code to throw.
    static func exit(for error: any Error, host: String, port: Int) -> ExitCode {
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE:
                return fail(ExitStatus.unavailable, "port \(port) on \(host) is already in use")
            case EACCES, EPERM:
                return fail(ExitStatus.noPermission, "not allowed to bind port \(port) on \(host) (ports below 1024 need privileges)")
            case EADDRNOTAVAIL:
                return fail(ExitStatus.unavailable, "cannot bind \(host): no interface of this machine has that address")
            default:
                return fail(ExitStatus.unavailable, "cannot serve on \(host):\(port): \(String(cString: strerror(io.errnoCode)))")
            }
        }
        if error is SocketAddressError {
            return fail(ExitStatus.unavailable, "cannot bind \(host): not an address or a host name that resolves")
        }
        return fail(ExitStatus.unavailable, "cannot serve on \(host):\(port): \(error)")
    }
}
