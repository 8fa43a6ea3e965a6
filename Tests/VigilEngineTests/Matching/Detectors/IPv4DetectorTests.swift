// ipv4: octet ranges, leading zeros, and dotted runs that are not addresses.

import Testing
import VigilEngine

@Suite struct IPv4DetectorTests {
    let detector = IPv4Detector()

    @Test(arguments: ["1.2.3.4", "192.168.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.254"])
    func findsAddresses(_ address: String) {
        #expect(detectorMatches(detector, in: address) == [address])
        #expect(detectorMatches(detector, in: "服务器IP是" + address + "。") == [address])
        #expect(detectorMatches(detector, in: "ip " + address + ".") == [address])
        #expect(detectorMatches(detector, in: address + ":8080") == [address])
    }

    @Test(arguments: [
        "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5", "0.1.2.3.4",
        "v1.2.3.4", "1.2.3.4a", "1.2.3.4.x", "1..2.3.4", "1234.1.1.1", "1.2.3.1000", "a.1.2.3.4",
    ])
    func rejectsNonAddresses(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func reportsExactRange() {
        let text = "地址：10.0.0.1，端口"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 9, end: 17)])
    }

    @Test func findsSeveralInOrder() {
        #expect(detectorMatches(detector, in: "10.0.0.1-10.0.0.255, 8.8.8.8") == ["10.0.0.1", "10.0.0.255", "8.8.8.8"])
    }
}
