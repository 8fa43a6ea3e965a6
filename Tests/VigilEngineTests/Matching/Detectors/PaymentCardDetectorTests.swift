// bank-card and credit-card: Luhn, network prefixes and lengths, grouped
// layouts, boundaries, and a property test over generated UnionPay numbers.

import Testing
import VigilEngine

/// Sample builders for the card tests.
private enum CardSamples {
    /// `payload` completed with its Luhn check digit.
    static func card(_ payload: String) -> String {
        payload + String(DetectorTestSupport.luhnCheckDigit(for: payload))
    }

    /// `number` with its last digit replaced by a wrong one.
    static func breakCheck(_ number: String) -> String {
        let last = number.last!.wholeNumberValue!
        return String(number.dropLast()) + String((last + 1) % 10)
    }

    /// `digits` split into groups of the given sizes, joined by `separator`.
    static func grouped(_ digits: String, _ sizes: [Int], _ separator: String) -> String {
        var parts: [String] = [], rest = Substring(digits)
        for size in sizes {
            parts.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return parts.joined(separator: separator)
    }
}

@Suite struct BankCardDetectorTests {
    let detector = BankCardDetector()

    @Test(arguments: [
        "6222021234567890128", "6217001234567893", "4012888888881881", "5555555555554444",
        "6222 0212 3456 7890 128", "6222-0212-3456-7890-128", "622202 1234567890128",
        "6217 0012 3456 7893",
    ])
    func findsCardNumbers(_ number: String) {
        #expect(detectorMatches(detector, in: number) == [number])
        #expect(detectorMatches(detector, in: "卡号" + number + "请转账") == [number])
    }

    @Test(arguments: [
        "6222021234567890123",                    // Luhn fails
        "378282246310005",                        // 15 digits: a card, but not 16–19
        "16222021234567890128",                   // inside a longer run
        "62220212345678901281",
        "0000000000000000",                       // no issuer starts with 0
        "6222 0212-3456 7890 128",  // mixed separators
        "62 2202 1234 5678 90128",  // not a card layout
        "4012 8888 8888 1881 2024",  // part of a longer chain of groups
        "2024 4012 8888 8888 1881",
        "4012-8888-8888-1881-0",
    ])
    func rejectsOtherNumbers(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func reportsExactRangeInChineseText() {
        let text = "银行卡：6222 0212 3456 7890 128。"
        #expect(detectorRanges(detector, in: text) == [DetectorTestSupport.byteRange(of: "6222 0212 3456 7890 128", in: text)!])
    }

    @Test func findsSeveralCardsInOrder() {
        let text = "6217001234567893, 4012 8888 8888 1881 / 6222021234567890128"
        #expect(detectorMatches(detector, in: text) == ["6217001234567893", "4012 8888 8888 1881", "6222021234567890128"])
    }

    /// Generated UnionPay numbers of 16–19 digits, plain or grouped, are found;
    /// with a wrong check digit they are not.
    @Test func propertyGeneratedNumbers() {
        var rng = SplitMix64(seed: 0x62)
        for _ in 0..<500 {
            let length = Int.random(in: 16...19, using: &rng)
            let number = CardSamples.card("62" + DetectorTestSupport.randomDigits(length - 3, using: &rng))
            let wrong = CardSamples.breakCheck(number)
            let layouts: [[Int]] = [
                [length], Array(repeating: 4, count: length / 4) + (length % 4 == 0 ? [] : [length % 4]),
                [6, length - 6],
            ]
            let sizes = layouts[Int.random(in: 0..<layouts.count, using: &rng)]
            let separator = Bool.random(using: &rng) ? " " : "-"
            let written = CardSamples.grouped(number, sizes, separator)
            #expect(detectorMatches(detector, in: "转账" + written + "。") == [written], "\(written)")
            #expect(detectorMatches(detector, in: CardSamples.grouped(wrong, sizes, separator)).isEmpty, "\(wrong)")
        }
    }
}

@Suite struct CreditCardDetectorTests {
    let detector = CreditCardDetector()

    @Test(arguments: [
        // Visa: 16, 13 and 19 digits.
        "4012 8888 8888 1881", "4012888888881881", "4222222222222",
        CardSamples.card("401288888888188188"),
        // Mastercard: 51–55 and 2221–2720.
        "5555555555554444", CardSamples.card("510510510510510"),
        CardSamples.card("222100000000000"), CardSamples.card("272099000000000"),
        // American Express.
        "3782-822463-10005", "378282246310005", "3782 822463 10005", CardSamples.card("34000000000000"),
        // UnionPay.
        "6217001234567893", "6222021234567890128",
        // JCB.
        CardSamples.card("352800000000000"), CardSamples.card("358900000000000000"),
        // Discover: 6011, 644–649, 65.
        "6011111111111117", CardSamples.card("644000000000000"),
        CardSamples.card("650000000000000"), CardSamples.card("6500000000000000"),
    ])
    func findsCardsOfMajorNetworks(_ number: String) {
        #expect(detectorMatches(detector, in: number) == [number])
        #expect(detectorMatches(detector, in: "信用卡" + number + "到期") == [number])
    }

    @Test(arguments: [
        "4012888888881882",                       // Luhn fails
        CardSamples.card("999999999999999"),      // no network
        CardSamples.card("352700000000000"),      // below the JCB range
        CardSamples.card("272100000000000"),      // above the Mastercard range
        CardSamples.card("3782822463100"),        // Amex with 14 digits
        CardSamples.card("40128888888818"),       // Visa with 15 digits
        CardSamples.card("51051051051051051"),    // Mastercard with 18 digits
        CardSamples.card("643000000000000"),      // 643 is not Discover
        "14012888888881881",                      // inside a longer run
    ])
    func rejectsOtherNumbers(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func findsSeveralCardsInOrder() {
        let text = "visa 4012 8888 8888 1881, amex 3782-822463-10005; mc 5555555555554444."
        #expect(detectorMatches(detector, in: text) == ["4012 8888 8888 1881", "3782-822463-10005", "5555555555554444"])
    }
}
