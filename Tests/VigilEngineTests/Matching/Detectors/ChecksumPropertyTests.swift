// The detectors' promise (docs/packs.md, Detectors), checked across the checksum detectors at once: no
// detector reports a value whose check fails. Each check used here (MOD 11-2,
// GB 32100 mod 31, Luhn, ISO 7064 mod 97) detects every single-character
// substitution, so changing any one character of a valid value — in every
// position, to every other character of its alphabet, in every written layout —
// must make the detector go quiet.

import Testing
import VigilEngine

@Suite struct ChecksumPropertyTests {
    /// Valid values and the detector that must find them, with the characters a
    /// substitution may use at each position.
    struct Case: Sendable, CustomStringConvertible {
        var detector: String
        var value: String
        var alphabet: String
        var description: String { "\(detector) \(value)" }
    }

    static let digits = "0123456789"
    static let cases: [Case] = [
        Case(detector: "cn-resident-id", value: "360426199101010071", alphabet: digits + "X"),
        Case(detector: "cn-resident-id", value: "44011320141005001X", alphabet: digits + "X"),
        Case(detector: "cn-resident-id", value: "360426 19910101 0071", alphabet: digits + "X"),
        Case(detector: "cn-resident-id", value: "440113-20141005-001X", alphabet: digits + "X"),
        Case(detector: "cn-uscc", value: "91350100M000100Y43", alphabet: "0123456789ABCDEFGHJKLMNPQRTUWXY"),
        Case(detector: "bank-card", value: "6222021234567890128", alphabet: digits),
        Case(detector: "bank-card", value: "4012 8888 8888 1881", alphabet: digits),
        Case(detector: "bank-card", value: "6222-0212-3456-7890-128", alphabet: digits),
        Case(detector: "credit-card", value: "4012 8888 8888 1881", alphabet: digits),
        Case(detector: "credit-card", value: "3782-822463-10005", alphabet: digits),
        Case(detector: "credit-card", value: "5555555555554444", alphabet: digits),
        Case(detector: "iban", value: "DE89370400440532013000", alphabet: digits),
        Case(detector: "iban", value: "GB82 WEST 1234 5698 7654 32", alphabet: digits),
    ]

    @Test(arguments: cases)
    func validValueIsFound(_ c: Case) {
        let detector = DetectorCatalog.detector(named: c.detector)!
        #expect(detectorMatches(detector, in: "见 " + c.value + " 。") == [c.value])
    }

    @Test(arguments: cases)
    func everySingleSubstitutionIsRejected(_ c: Case) {
        let detector = DetectorCatalog.detector(named: c.detector)!
        let characters = Array(c.value)
        var tried = 0
        for (position, original) in characters.enumerated() where c.alphabet.contains(original) {
            for replacement in c.alphabet where replacement != original {
                var changed = characters
                changed[position] = replacement
                let text = "见 " + String(changed) + " 。"
                #expect(detectorMatches(detector, in: text).isEmpty, "\(c.detector) reported \(String(changed))")
                tried += 1
            }
        }
        #expect(tried > 100)
    }

    /// Values that look right and fail only their check, for every checksum detector.
    @Test(arguments: [
        ("cn-resident-id", "36042619910102009X"),
        ("cn-resident-id", "360426199101010072"),
        ("cn-resident-id", "360426 19910101 0072"),
        ("cn-uscc", "91350100M000100Y44"),
        ("bank-card", "6222021234567890129"),
        ("bank-card", "4012 8888 8888 1882"),
        ("credit-card", "4012888888881882"),
        ("credit-card", "3782 822463 10006"),
        ("iban", "DE89370400440532013001"),
        ("iban", "GB82 WEST 1234 5698 7654 33"),
    ])
    func failedChecksAreNeverReported(_ detectorName: String, _ value: String) {
        let detector = DetectorCatalog.detector(named: detectorName)!
        #expect(detectorMatches(detector, in: value).isEmpty)
        #expect(detectorMatches(detector, in: "号码：" + value + "，谢谢").isEmpty)
    }
}
