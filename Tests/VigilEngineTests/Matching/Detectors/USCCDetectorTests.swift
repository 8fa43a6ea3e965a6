// cn-uscc: the GB 32100 check character, the 31-symbol alphabet, whole
// letter-and-digit runs only, and a property test over generated codes.

import Testing
import VigilEngine

/// Sample builders for the USCC tests.
private enum USCCSamples {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// The GB 32100 check character that completes 17 code characters.
    static func check(_ body: String) -> Character {
        var sum = 0, weight = 1
        for ch in body {
            sum += alphabet.firstIndex(of: ch)! * weight
            weight = weight * 3 % 31
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}

@Suite struct USCCDetectorTests {
    let detector = USCCDetector()

    // The first is a published sample; the others were generated with an
    // independent Python implementation.
    @Test(arguments: [
        "91350100M000100Y43", "915260183BJ1XG6123", "91661318D1TJ3Y7LL3",
        "9190996071HU49D4HX", "91194821JJL6B3HN2W", "91350100m000100y43",
    ])
    func findsValidCodes(_ code: String) {
        #expect(detectorRanges(detector, in: code) == [ByteRange(start: 0, end: 18)])
    }

    @Test(arguments: [
        "91350100M000100Y44",   // wrong check character
        "91350100M000100Y4",    // 17 characters
        "91350100M000100Y433",  // 19 characters
        "x91350100M000100Y43",  // inside a longer run
        "91350100M000100Y43a",
        "91350100I000100Y43",   // I is not in the alphabet
        "91350100O000100Y43",
    ])
    func rejectsInvalidCodes(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func findsCodesInChineseText() {
        let text = "统一社会信用代码：91350100m000100y43。"
        #expect(detectorMatches(detector, in: text) == ["91350100m000100y43"])
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 27, end: 45)])
    }

    @Test func findsSeveralCodesInOrder() {
        let text = "91350100M000100Y43, 915260183BJ1XG6123 and 91661318D1TJ3Y7LL3"
        #expect(detectorMatches(detector, in: text) == ["91350100M000100Y43", "915260183BJ1XG6123", "91661318D1TJ3Y7LL3"])
    }

    @Test func codeWithoutDigitsIsRejected() {
        var rng = SplitMix64(seed: 32100)
        let letters = USCCSamples.alphabet.filter { $0.isLetter }
        var checked = 0
        while checked < 20 {
            let body = String((0..<17).map { _ in letters[Int.random(in: 0..<letters.count, using: &rng)] })
            let check = USCCSamples.check(body)
            guard check.isLetter else { continue }
            #expect(detectorMatches(detector, in: body + String(check)).isEmpty)
            checked += 1
        }
    }

    /// Generated codes with their correct check character are found (in
    /// either case); every other check character is rejected.
    @Test func propertyGeneratedCodes() {
        var rng = SplitMix64(seed: 0x32100)
        for _ in 0..<500 {
            let body = DetectorTestSupport.randomDigits(1, using: &rng)
                + String((0..<16).map { _ in USCCSamples.alphabet[Int.random(in: 0..<31, using: &rng)] })
            let check = USCCSamples.check(body)
            let code = body + String(check)
            #expect(detectorMatches(detector, in: "代码" + code + "。") == [code])
            #expect(detectorMatches(detector, in: code.lowercased()) == [code.lowercased()])
            for wrong in USCCSamples.alphabet where wrong != check {
                #expect(detectorMatches(detector, in: body + String(wrong)).isEmpty, "\(body)\(wrong)")
            }
        }
    }
}
