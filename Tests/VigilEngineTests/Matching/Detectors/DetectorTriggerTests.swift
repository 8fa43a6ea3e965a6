// The trigger gate: a post is only scanned by a detector when it holds one of the
// detector's trigger shapes, so every value a detector can report must hold one.
import Testing
@testable import VigilEngine

@Suite struct DetectorTriggerTests {
    static let samples = [
        "身份证 360426199101010071 和 44011320141005001x", "旧号 110105491231002", "电话 +86 138-0013-8000",
        "代码 91350100m000100y43", "卡 6222021234567890128, 4012 8888 8888 1881, 3782-822463-10005",
        "iban gb82 west 1234 5698 7654 32", "mail bob@example.com", "see https://example.com/x and www.example.org",
        "http://[2001:db8::1]/path", "ip 192.168.1.1 and 2001:db8::ff00:42:8329", "call +1 (415) 555-2671",
    ]

    @Test(arguments: DetectorCatalog.names)
    func everyReportedValueHoldsATrigger(_ name: String) {
        let detector = DetectorCatalog.detector(named: name)!
        var total = 0
        for sample in Self.samples {
            var copy = sample
            copy.withUTF8 { text in
                var ranges: [ByteRange] = []
                detector.scan(text, into: &ranges)
                for range in ranges {
                    let value = UnsafeBufferPointer(rebasing: text[range.start..<range.end])
                    #expect(!DetectorTrigger.present(in: value).isDisjoint(with: detector.trigger), "\(name) reported \(String(decoding: value, as: UTF8.self)) without its trigger")
                    total += 1
                }
            }
        }
        #expect(total > 0, "\(name) found nothing in the samples")
    }

    @Test func presentFindsEachKind() {
        // (An `@` after a space is no mailbox `@`, one colon is no IPv6 shape.)
        var text = "a1 @b:c."
        text.withUTF8 { #expect(DetectorTrigger.present(in: $0) == [.digit, .at, .colon, .dot]) }
        var plain = "没有数字的评论 just words"
        plain.withUTF8 { #expect(DetectorTrigger.present(in: $0).isEmpty) }
    }
}
