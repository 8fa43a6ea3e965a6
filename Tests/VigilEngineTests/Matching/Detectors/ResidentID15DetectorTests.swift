// cn-resident-id-15: the first-generation 15-digit number — province code, a real
// 19YY birth date, whole values only (never a slice of an 18-digit number), and
// the 6-6-3 written layout.

import Testing
import VigilEngine

@Suite struct ResidentID15DetectorTests {
    let detector = ResidentID15Detector()

    @Test(arguments: ["360426910101007", "110105800229123", "440113991231001", "810000000101000"])
    func findsValidNumbers(_ id: String) {
        #expect(detectorRanges(detector, in: id) == [ByteRange(start: 0, end: 15)])
        #expect(detectorMatches(detector, in: "旧身份证号" + id + "，已过期") == [id])
    }

    @Test(arguments: [
        "910426910101007",   // no such province
        "010426910101007",
        "160426910101007",
        "360426911301007",   // month 13
        "360426910230007",   // 30 February
        "360426810229007",   // 29 February 1981
        "360426910100007",   // day 0
        "36042691010100",    // 14 digits
        "3604269101010071",  // 16 digits
        "1360426910101007",  // inside a longer run
        "360426199101010071",  // an 18-digit number is not a 15-digit one
        "36042619910101007X",
        "360426910101007x",  // running into a word
    ])
    func rejectsInvalidNumbers(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func leapDaysFollowTheCalendar() {
        #expect(detectorMatches(detector, in: "110105800229123").count == 1)  // 1980
        #expect(detectorMatches(detector, in: "110105000229123").isEmpty)     // 1900 is not a leap year
        #expect(detectorMatches(detector, in: "110105960229123").count == 1)  // 1996
    }

    @Test(arguments: ["360426 910101 007", "360426-910101-007"])
    func findsTheWrittenLayout(_ id: String) {
        #expect(detectorMatches(detector, in: "号码 " + id + "。") == [id])
    }

    @Test(arguments: [
        "360426 910101-007",      // mixed separators
        "360426 910101 007 1",    // inside a longer chain
        "1 360426 910101 007",
        "360426 911301 007",      // month 13
        "360426 9101 01007",
    ])
    func rejectsBrokenLayouts(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func findsSeveralNumbersInOrder() {
        let text = "a 360426910101007, b 110105800229123; c 910426910101007"
        #expect(detectorMatches(detector, in: text) == ["360426910101007", "110105800229123"])
    }

    /// Every generated number with a real province and date is found, alone and
    /// grouped; the same digits with a month beyond 12 are not.
    @Test func propertyGeneratedNumbers() {
        var rng = SplitMix64(seed: 0x15)
        let provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                         50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]
        for _ in 0..<500 {
            let region = String(provinces[Int.random(in: 0..<provinces.count, using: &rng)]) + DetectorTestSupport.randomDigits(4, using: &rng)
            let year = Int.random(in: 0...99, using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            let fullYear = 1900 + year
            let leap = fullYear % 4 == 0 && (fullYear % 100 != 0 || fullYear % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            let day = Int.random(in: 1...days, using: &rng)
            func two(_ v: Int) -> String { (v < 10 ? "0" : "") + String(v) }
            let sequence = DetectorTestSupport.randomDigits(3, using: &rng)
            let id = region + two(year) + two(month) + two(day) + sequence
            #expect(detectorMatches(detector, in: "号码" + id + "。") == [id])
            let grouped = region + " " + two(year) + two(month) + two(day) + " " + sequence
            #expect(detectorMatches(detector, in: grouped) == [grouped])
            let badMonth = region + two(year) + String(Int.random(in: 13...99, using: &rng)) + two(day) + sequence
            #expect(detectorMatches(detector, in: badMonth).isEmpty, "\(badMonth)")
        }
    }
}
