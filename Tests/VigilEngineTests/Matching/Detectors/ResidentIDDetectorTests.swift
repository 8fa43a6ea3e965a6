// cn-resident-id: the GB 11643 check character, real birth dates, whole digit
// runs only, and a property test over generated numbers.

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

    @Test func regionMustStartWithOneToEight() {
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(region: "810000", birth: "19800101")).count == 1)
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(region: "910000", birth: "19800101")).isEmpty)
        #expect(detectorMatches(detector, in: ResidentIDSamples.id(region: "010000", birth: "19800101")).isEmpty)
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
            let region = String(Int.random(in: 1...8, using: &rng)) + DetectorTestSupport.randomDigits(5, using: &rng)
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
            for wrong in "0123456789X" where wrong != check {
                #expect(detectorMatches(detector, in: body + String(wrong)).isEmpty, "\(body)\(wrong)")
            }
        }
    }
}
