// The console's pages as one value: the escalation policy (its figures explain states
// and draw thresholds) and the page functions, one file per page (OverviewPage.swift,
// TopicPage.swift, …). Each function takes plain console data and returns the HTML.
import VigilEngine

public struct ConsolePages: Sendable {
    public let policy: EscalationPolicy
    /// A bearer token guards state-changing actions: the forms then ask for it.
    public let asksForToken: Bool

    public init(policy: EscalationPolicy, asksForToken: Bool = false) {
        self.policy = policy
        self.asksForToken = asksForToken
    }

    /// A topic name as one URL path segment (percent-encoded outside unreserved ASCII).
    public static func pathComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return out
    }
}
