// cn-resident-id: the GB 11643 check character, real birth dates, province
// codes, whole digit runs only, the 6-8-4 written layout, and a property test
// over generated numbers.

import Testing
import VigilEngine

/// Sample builders for the resident ID tests.
private enum ResidentIDSamples {
    /// The check character (GB 11643 MOD 11-2) that completes 17 digits.
    static func check(_ body: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
        let check = (12 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    /// A complete resident ID for a region, birth date and sequence.
    static func id(region: String = "110105", birth: String, sequence: String = "123") -> String {
        let body = region + birth + sequence
        return body + String(check(body))
    }
}

@Suite struct ResidentIDDetectorTests {
    let detector = ResidentIDDetector()

    @Test(arguments: ["360426199101010071", "44011320141005001X", "44011320141005001x"])
    func findsValidNumbers(_ id: String) {
        #expect(detectorRanges(detector, in: id) == [ByteRange(start: 0, end: 18)])
    }

    @Test(arguments: [
        "36042619910102009X",   // wrong check character
        "360426199101010072",   // wrong check digit
        "36042619910101007",    // 17 digits
        "3604261991010100710",  // 19 digits
        "1360426199101010071",  // inside a longer run
        "3604261991010100711",
        "44011320141005001Xa",  // check X running into a word
    ])
    func rejectsInvalidNumbers(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func birthDateMustBeReal() {
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(birth: "20000229")).count == 1)  // leap year
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(birth: "20040229")).count == 1)
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(birth: "19991231")).count == 1)
        for birth in ["19000229", "20230229", "19910230", "19910431", "19911301", "19910001",
                      "19910100", "18991231", "21000101"] {
            #expect(detectorMatches(detector, in: ResidentIDSamples.id(birth: birth)).isEmpty, "\(birth)")
        }
    }

    @Test func regionMustBeAProvince() {
        for region in ["110105", "150102", "230102", "370202", "460100", "540102", "650102", "710000", "810000", "820000", "830000"] {
            #expect(detectorMatches(detector, in: ResidentIDSamples.id(region: region, birth: "19800101")).count == 1, "\(region)")
        }
        // A correct check character does not make up for a region that does not exist.
        for region in ["910000", "010000", "160000", "240000", "380000", "470000", "550000", "660000", "700000", "720000", "840000"] {
            #expect(detectorMatches(detector, in: ResidentIDSamples.id(region: region, birth: "19800101")).isEmpty, "\(region)")
        }
    }

    @Test(arguments: [
        "360426 19910101 0071", "360426-19910101-0071", "440113 20141005 001X", "440113-20141005-001x",
    ])
    func findsTheWrittenLayout(_ id: String) {
        #expect(detectorMatches(detector, in: id) == [id])
        #expect(detectorMatches(detector, in: "身份证：" + id + "。") == [id])
        // Full-width digits are folded by the normalizer before detectors run; the
        // folded form is what the detector sees.
    }

    @Test(arguments: [
        "360426 19910102 009X",       // wrong check character
        "360426 19910101 0072",       // wrong check digit
        "360426-19910101 0071",       // mixed separators
        "360426  19910101  0071",     // double spaces
        "36042 619910101 0071",       // other grouping
        "360426 1991 0101 0071",
        "1 360426 19910101 0071",     // inside a longer chain
        "360426 19910101 0071 5",
        "360426-19910101-0071-5",
        "440113 20141005 001Xa",      // check X running into a word
        "910000 19800101 0000",       // no such province
    ])
    func rejectsBrokenLayouts(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func findsNumbersInChineseText() {
        let text = "身份证号360426199101010071，请核实"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 12, end: 30)])
        let text2 = "证件：44011320141005001X。"
        #expect(detectorMatches(detector, in: text2) == ["44011320141005001X"])
    }

    @Test func findsSeveralNumbersInOrder() {
        let text = "a 360426199101010071, b 44011320141005001x; c 36042619910102009X"
        #expect(detectorMatches(detector, in: text) == ["360426199101010071", "44011320141005001x"])
    }

    @Test func lettersBeforeAreBoundaries() {
        #expect(detectorMatches(detector, in: "id360426199101010071") == ["360426199101010071"])
    }

    /// Generated numbers with their correct check character are found; every
    /// other check character is rejected.
    @Test func propertyGeneratedNumbers() {
        var rng = SplitMix64(seed: 0x11643)
        for _ in 0..<500 {
            let provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]
            let region = String(provinces[Int.random(in: 0..<provinces.count, using: &rng)]) + DetectorTestSupport.randomDigits(4, using: &rng)
            let year = Int.random(in: 1900...2099, using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            let day = Int.random(in: 1...days, using: &rng)
            let birth = String(year) + (month < 10 ? "0" : "") + String(month) + (day < 10 ? "0" : "") + String(day)
            let body = region + birth + DetectorTestSupport.randomDigits(3, using: &rng)
            let check = ResidentIDSamples.check(body)
            let text = "号码" + body + String(check) + "。"
            #expect(detectorRanges(detector, in: text) == [ByteRange(start: 6, end: 24)], "\(text)")
            let id = body + String(check)
            let grouped = String(id.prefix(6)) + " " + String(id.dropFirst(6).prefix(8)) + " " + String(id.suffix(4))
            #expect(detectorMatches(detector, in: "号码 " + grouped + "。") == [grouped])
            for wrong in "0123456789X" where wrong != check {
                #expect(detectorMatches(detector, in: body + String(wrong)).isEmpty, "\(body)\(wrong)")
                let wrongGrouped = String(grouped.dropLast()) + String(wrong)
                #expect(detectorMatches(detector, in: wrongGrouped).isEmpty, "\(wrongGrouped)")
            }
        }
    }
}
