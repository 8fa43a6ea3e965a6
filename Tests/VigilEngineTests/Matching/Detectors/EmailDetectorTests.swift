// email: local-part and domain structure, trailing punctuation, CJK boundaries.

import Testing
import VigilEngine

@Suite struct EmailDetectorTests {
    let detector = EmailDetector()

    @Test(arguments: [
        "bob@example.com", "alice.smith+tag@mail.example.co.uk", "a_b%c-d@ex-ample.org",
        "Bob@Example.COM", "x@y.cn", "user@xn--fiqs8s.xn--fiqs8s",
    ])
    func findsAddresses(_ address: String) {
        #expect(detectorMatches(detector, in: address) == [address])
        #expect(detectorMatches(detector, in: "邮箱" + address + "谢谢") == [address])
    }

    @Test func trailingPunctuationIsLeftOut() {
        #expect(detectorMatches(detector, in: "mail bob@example.com.") == ["bob@example.com"])
        #expect(detectorMatches(detector, in: "(bob@example.com), ok") == ["bob@example.com"])
        #expect(detectorMatches(detector, in: "bob@example.com。") == ["bob@example.com"])
        #expect(detectorMatches(detector, in: "to: <bob@example.com>!") == ["bob@example.com"])
    }

    @Test func leadingDotsAreTrimmed() {
        #expect(detectorMatches(detector, in: "...bob@example.com") == ["bob@example.com"])
    }

    @Test(arguments: [
        "bob@localhost", "bob@example.c", "bob@.com", "@user", "bob@", "bob@example.123",
        "bob..x@example.com", "bob.@example.com", "bob@-example.com", "bob@example-.com",
        "bob@exa_mple.com", "email me at bob at example dot com",
    ])
    func rejectsNonAddresses(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func reportsExactRangeInChineseText() {
        let text = "联系邮箱：alice@example.com，谢谢"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 15, end: 32)])
    }

    @Test func findsSeveralInOrder() {
        let text = "a@example.com, b@example.org; c@example.net."
        #expect(detectorMatches(detector, in: text) == ["a@example.com", "b@example.org", "c@example.net"])
    }
}
