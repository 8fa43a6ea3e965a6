// The prescan decides which detectors run on a post, so it must never hide a
// value: whenever a detector's full scan reports anything, its gate must admit
// the text. These tests check that on tricky and random texts, and check the
// prescan's eight-bytes-at-a-time pass against a plain byte-by-byte
// computation of the same facts (every byte value, every alignment, text ends).
import Testing
@testable import VigilEngine

@Suite struct DetectorPrescanTests {
    /// Texts near the edge of each shape: separators, digits next to letters,
    /// several numbers, values at the very start and end, near misses.
    static let tricky: [String] = [
        "360426199101010071", "x360426199101010071", "36042619910101007x", "360426 19910101 0071", "440113-20141005-001X",
        "360426-19910101 0071", "360426910101007", "360426 910101 007", "a360426910101007b",
        "13800138000", "138-0013-8000", "138 0013 8000", "+86 138 0013 8000", "+8613800138000", "008613800138000",
        "86 13800138000", "0086-138-0013-8000", "138 0013 8000 12", "加我13800138000好吗", "电话：13800138000。",
        "6222021234567890128", "6222 0212 3456 7890 128", "4012 8888 8888 1881", "4012-8888-8888-1881", "3782-822463-10005",
        "622202 1234567890123", "x4012888888881881y", "4012 8888 8888 1881 2024", "378282246310005", "4012 8888-8888 1881",
        "DE89370400440532013000", "de89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "xgb82west12345698765432",
        "iban:GB82 WEST 1234 5698 7654 32.", "91350100M000100Y43", "91350100m000100y43", "a91350100m000100y43",
        "bob@example.com", "zhang.wei@example.com.", "@user hi", "rt @user: hi", "a@b", "price@ 99", ".@example.com",
        "x.@example.com", "bob@-example.com", "mail:bob@example.org", "@@bob@@example.org",
        "https://example.com/x", "HTTP://EXAMPLE.COM", "see www.example.org.", "WWW.EXAMPLE.ORG", "http://t.co/ab12Cd34",
        "http://[2001:db8::1]/path", "http://192.168.1.1:8080/", "ftp://x.org", "wwww.example.org", "www.x", "://",
        "192.168.1.1", "1.2.3.4.5", "1.2.3", "v1.2.3.4", "ip 203.0.113.7.", "256.1.1.1", "01.2.3.4",
        "2001:db8::1", "::1", "::ffff:192.0.2.1", "fe80::1%eth0", "10:30", "10:30 to 11:45", "a:b:c", "2001:db8:",
        "::", "1::", "12:34:56", "de:ad:be:ef:00:11",
        "+44 20 7946 0958", "+1 (415) 555-2671", "+44 (0)20 7946 0958", "+0 123", "1+1=2", "++86 13800138000",
        "&#128514;&#128514; 10:30 @user http://t.co/x", "", "1", "12345678", "123456789", "+", "@", ":", ".",
        "１３８００１３８０００", "中文 12 中文 34 中文 56 中文 78",
    ]

    /// Bytes the random texts are drawn from: every shape's key bytes, letters
    /// that start words and TLDs, and multi-byte characters.
    static let alphabet: [String] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "1", "8", "6", "0",
        "a", "b", "d", "e", "f", "g", "x", "X", "h", "t", "p", "s", "w", "W", "m", "o", "c", "y", "z",
        " ", " ", "-", "-", ".", ".", ":", ":", "@", "/", "+", "(", ")", "[", "]", "%", "_", ",", "#", "&", ";",
        "中", "。", "，",
    ]

    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 0...70, using: &rng)
            return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }.joined()
        }
    }

    /// Texts built from valid values with random text around them, so that the
    /// detectors do report values and the gates are tested where it matters.
    static func texts() -> [String] {
        var texts = tricky + randomTexts(count: 4000, seed: 0x5EED)
        var rng = SplitMix64(seed: 0xD1617)
        let noise = randomTexts(count: 800, seed: 0xA11CE)
        for (i, value) in tricky.enumerated() {
            for k in 0..<6 {
                let before = noise[(i * 7 + k) % noise.count], after = noise[(i * 13 + k * 5) % noise.count]
                let glue = [" ", "", "-", ".", "中", ":"][Int.random(in: 0..<6, using: &rng)]
                texts.append(before + glue + value + [" ", "", "-", ".", "。", "x"][k] + after)
            }
        }
        return texts
    }

    @Test(arguments: DetectorCatalog.names)
    func everyScanThatReportsIsAdmitted(_ name: String) {
        let detector = DetectorCatalog.detector(named: name)!
        let gate = DetectorGate(detector)
        var reported = 0
        for text in Self.texts() {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var hits: [ByteRange] = []
                detector.scan(buffer, into: &hits)
                if !hits.isEmpty {
                    reported += 1
                    #expect(gate.admits(DetectorPrescan(buffer)), "\(name) finds \(hits) in \(text) but its gate skips it")
                }
            }
        }
        #expect(reported > 0, "\(name) found nothing in the test texts")
    }

    @Test func agreesWithAByteByByteComputation() {
        var texts = Self.texts()
        // Every byte value in every alignment: the word tests must classify each one.
        let all = String(decoding: (0...255).map { UInt8($0) }, as: UTF8.self)
        for shift in 0..<9 { texts.append(String(repeating: "a", count: shift) + all) }
        for text in texts {
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { DetectorPrescan($0) }
            let slow = Self.naive(bytes)
            #expect(fast.triggers == slow.triggers, "\(text): \(fast.triggers.rawValue) vs \(slow.triggers.rawValue)")
            #expect(fast.digits == slow.digits, "\(text)")
            #expect(fast.longestDigitChain == slow.longestChain, "\(text)")
        }
    }

    @Test func digitCountCoversEveryByteValue() {
        // Raw bytes, not only valid UTF-8: 0x2F, 0x3A and 0xB0–0xB9 border the digits.
        for shift in 0..<9 {
            let bytes = [UInt8](repeating: 0x41, count: shift) + (0...255).map { UInt8($0) }
            let prescan = bytes.withUnsafeBufferPointer { DetectorPrescan($0) }
            #expect(prescan.digits == 10)
            #expect(prescan.longestDigitChain == 10)
            #expect(prescan.triggers.isSuperset(of: [.digit, .at, .colon, .dot]))
        }
    }

    @Test func commonEnglishPostsSkipTheDetectors() {
        // Mentions, HTML entities and times hold `@`, digits and `:`, but none of the shapes.
        var text = "@user RT @other: lol &#128514;&#128514; see you at 10:30 #fun"
        let prescan = text.withUTF8 { DetectorPrescan($0) }
        for name in DetectorCatalog.names {
            #expect(!DetectorGate(DetectorCatalog.detector(named: name)!).admits(prescan), "\(name)")
        }
    }

    // MARK: The same facts, byte by byte

    struct NaiveFacts {
        var triggers: DetectorTrigger = []
        var digits = 0
        var longestChain = 0
    }

    static func naive(_ t: [UInt8]) -> NaiveFacts {
        var facts = NaiveFacts()
        let n = t.count
        func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? t[i] : 0 }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
        func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) }
        var hexColons = 0
        for i in 0..<n {
            let b = t[i]
            if isDigit(b) { facts.triggers.insert(.digit); facts.digits += 1 }
            if b == 0x40 {
                facts.triggers.insert(.at)
                let before = at(i - 1)
                if i > 0 && (isAlnum(before) || "._%+-".utf8.contains(before)) && before != 0x2E && isAlnum(at(i + 1)) {
                    facts.triggers.insert(.mailAt)
                }
            }
            if b == 0x3A {
                facts.triggers.insert(.colon)
                if at(i + 1) == 0x2F && at(i + 2) == 0x2F { facts.triggers.insert(.linkStart) }
                if (i > 0 && (isHex(at(i - 1)) || at(i - 1) == 0x3A)) || (i + 1 < n && (isHex(at(i + 1)) || at(i + 1) == 0x3A)) {
                    hexColons += 1
                }
            }
            if b == 0x2E {
                facts.triggers.insert(.dot)
                if i >= 3 && t[(i - 3)..<i].map({ $0 | 0x20 }) == Array("www".utf8) { facts.triggers.insert(.linkStart) }
            }
            if b == 0x2B && at(i + 1) >= 0x31 && at(i + 1) <= 0x39 { facts.triggers.insert(.plusDigit) }
        }
        if hexColons >= 2 { facts.triggers.insert(.hexColons) }
        // Maximal digit runs, and maximal letter-and-digit runs.
        var runs: [(start: Int, end: Int)] = []
        var i = 0
        while i < n {
            if isDigit(t[i]) {
                var j = i
                while j < n && isDigit(t[j]) { j += 1 }
                runs.append((i, j))
                i = j
            } else {
                i += 1
            }
        }
        var chain = 0, dotted = 0
        for (k, run) in runs.enumerated() {
            let joined = k > 0 && runs[k - 1].end + 1 == run.start
            let joiner = joined ? t[run.start - 1] : 0
            chain = (joiner == 0x20 || joiner == 0x2D) ? chain + run.end - run.start : run.end - run.start
            facts.longestChain = max(facts.longestChain, chain)
            dotted = joiner == 0x2E ? dotted + 1 : 1
            if dotted >= 4 { facts.triggers.insert(.dottedQuad) }
            if run.end - run.start >= 2 && isLetter(at(run.start - 1)) && isLetter(at(run.start - 2)) && !isAlnum(at(run.start - 3)) {
                facts.triggers.insert(.lettersThenDigits)
            }
        }
        if facts.longestChain >= 11 { facts.triggers.insert(.longDigitChain) }
        i = 0
        while i < n {
            if isAlnum(t[i]) {
                var j = i
                while j < n && isAlnum(t[j]) { j += 1 }
                if j - i == 18 && t[i..<j].contains(where: isDigit) { facts.triggers.insert(.alnumRun18) }
                i = j
            } else {
                i += 1
            }
        }
        return facts
    }
}
