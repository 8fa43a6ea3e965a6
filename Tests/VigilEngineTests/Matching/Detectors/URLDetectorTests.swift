// url: scheme and www. links, hosts, ports, paths, where a link stops.

import Testing
import VigilEngine

@Suite struct URLDetectorTests {
    let detector = URLDetector()

    @Test(arguments: [
        "https://example.com", "http://example.com/path?q=1&r=2#frag", "https://sub.example.co.uk:8443/a/b",
        "www.example.com", "www.example.com/x?y=z", "HTTPS://EXAMPLE.COM/A", "http://192.168.1.1:8080/admin",
        "http://[2001:db8::1]:8080/", "https://en.wikipedia.org/wiki/Foo_(bar)", "https://xn--fiqs8s.xn--fiqs8s/",
        "https://example.com/%E4%BD%A0", "https://example.com?x=1",
    ])
    func findsLinks(_ link: String) {
        #expect(detectorMatches(detector, in: link) == [link])
        #expect(detectorMatches(detector, in: "访问" + link + "谢谢") == [link])
        #expect(detectorMatches(detector, in: "see " + link + ".") == [link])
    }

    @Test func stopsAtCJKWhitespaceAndTrailingPunctuation() {
        #expect(detectorMatches(detector, in: "访问https://example.com/a/b。谢谢") == ["https://example.com/a/b"])
        #expect(detectorMatches(detector, in: "go to https://example.com/a, then") == ["https://example.com/a"])
        #expect(detectorMatches(detector, in: "(https://example.com/a)") == ["https://example.com/a"])
        #expect(detectorMatches(detector, in: "(see https://en.wikipedia.org/wiki/Foo_(bar))") == ["https://en.wikipedia.org/wiki/Foo_(bar)"])
        #expect(detectorMatches(detector, in: "'https://example.com/x'") == ["https://example.com/x"])
        #expect(detectorMatches(detector, in: "https://example.com/x?!;:") == ["https://example.com/x"])
        #expect(detectorMatches(detector, in: "https://example.com: nice") == ["https://example.com"])
        #expect(detectorMatches(detector, in: "<https://example.com/x>") == ["https://example.com/x"])
        #expect(detectorMatches(detector, in: "https://example.com/路径") == ["https://example.com/"])
    }

    @Test(arguments: [
        "example.com", "example.com/path", "http://localhost:8080", "http://example", "ftp://example.com",
        "www.com", "xhttp://example.com", "http://1.2.3.4.5/", "http://256.1.1.1/", "https://", "http://-a.com",
        "mywww.example.com", "http://[fe80::1::2]/",
    ])
    func rejectsNonLinks(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func schemeLinkWithWwwIsOneHit() {
        #expect(detectorMatches(detector, in: "http://www.example.com/a") == ["http://www.example.com/a"])
    }

    @Test func reportsExactRange() {
        let text = "点击https://example.com领取"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 6, end: 25)])
    }

    @Test func findsSeveralInOrder() {
        let text = "a https://a.example.com b www.b.example.org/x c http://c.example.net"
        #expect(detectorMatches(detector, in: text) == ["https://a.example.com", "www.b.example.org/x", "http://c.example.net"])
    }
}
