// `--token-file`: the endpoints of `vigil serve` that change state (reload, operator
// commands) answer only a request that carries the token. The token is compared in
// constant time (every byte is looked at whatever the first difference), so response
// times do not tell an attacker how much of a guess was right.
import Foundation
import HTTPTypes
import HummingbirdCore

enum BearerToken {
    /// Whether `request` carries `Authorization: Bearer <token>`.
    static func matches(_ request: Request, _ token: [UInt8]) -> Bool {
        guard let value = request.headers[.authorization] else { return false }
        let bytes = Array(value.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count,
              zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return false }
        return constantTimeEqual(Array(bytes[scheme.count...]), token)
    }

    /// Equal bytes, in time that depends only on the lengths.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: given.count ^ expected.count)
        difference |= given.count == expected.count ? 0 : 1
        for index in 0..<expected.count {
            difference |= (index < given.count ? given[index] : 0) ^ expected[index]
        }
        return difference == 0
    }

    /// Reads the token from `path` (surrounding white space trimmed); exits 66 when the
    /// file cannot be read and 78 when it holds no token.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(ExitStatus.noInput, "cannot read token file \(path)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw fail(ExitStatus.config, "token file \(path) is empty") }
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw fail(ExitStatus.config, "token file \(path): the token must be printable ASCII without spaces")
        }
        return Array(token.utf8)
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
