// ipv6: full and compressed forms, embedded IPv4, and colon-rich text that is
// not an address (times, MAC addresses, code).

import Testing
import VigilEngine

@Suite struct IPv6DetectorTests {
    let detector = IPv6Detector()

    @Test(arguments: [
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8::1", "::1", "1::", "fe80::",
        "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::7",
        "1:2:3:4:5:6:1.2.3.4", "2001:DB8::FF00:42:8329",
    ])
    func findsAddresses(_ address: String) {
        #expect(detectorMatches(detector, in: address) == [address])
        #expect(detectorMatches(detector, in: "地址" + address + "。") == [address])
        #expect(detectorMatches(detector, in: "at " + address + ".") == [address])
    }

    @Test func zoneAndTrailingColonAreLeftOut() {
        #expect(detectorMatches(detector, in: "fe80::1%eth0") == ["fe80::1"])
        #expect(detectorMatches(detector, in: "addr 2001:db8::1: up") == ["2001:db8::1"])
        #expect(detectorMatches(detector, in: "[2001:db8::1]:443") == ["2001:db8::1"])
    }

    @Test(arguments: [
        "12:30:45", "00:1a:2b:3c:4d:5e", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "::", ":::",
        "std::vector", "a::b::c", "2001:db8::g", "x2001:db8::1", "1:2:3:4:5:6:7::8", "1:2:3:4:5:6:7",
        "::ffff:1.2.3.256", "::1.2.3.4:5", "1:::2",
    ])
    func rejectsNonAddresses(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func reportsExactRange() {
        let text = "服务器2001:db8::ff00:42:8329上线"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 9, end: 31)])
    }

    @Test func findsSeveralInOrder() {
        #expect(detectorMatches(detector, in: "::1, fe80::1 and 2001:db8::2") == ["::1", "fe80::1", "2001:db8::2"])
    }
}
