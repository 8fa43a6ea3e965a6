// `vigil serve` start-up failures: each is one plain line naming what is wrong and a
// sysexits code, never a network library's error value.
import Foundation
import Glibc
import Testing

struct ServeStartTests {
    /// A listening socket on a free loopback port, and the port.
    func occupiedPort() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 1) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        try #require(bound)
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aPortInUseIsExit69WithAPlainMessage() async throws {
        let (descriptor, port) = try occupiedPort()
        defer { close(descriptor) }
        let result = await Vigil.runAsync(["serve", "--port", "\(port)"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("port \(port) on 127.0.0.1 is already in use"), "\(result.stderr)")
        #expect(!result.stderr.contains("errno"))
    }

    @Test func aNonLoopbackAddressNeedsATokenFile() async {
        let result = await Vigil.runAsync(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--token-file"))
    }

    @Test func aStateFileThatCannotBeCreatedIsExit73() async {
        let result = await Vigil.runAsync(["serve", "--port", "0", "--state", "/nonexistent/dir/s.state"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("/nonexistent/dir/s.state"))
    }

    @Test func anEmptyTokenFileIsRefused() async throws {
        let token = Vigil.temporaryFolder().appendingPathComponent("token")
        try Data("  \n".utf8).write(to: token)
        let result = await Vigil.runAsync(["serve", "--port", "0", "--token-file", token.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains(token.path))
    }
}
