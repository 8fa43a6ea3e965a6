// phone: E.164-style international numbers, country codes, separators.

import Testing
import VigilEngine

@Suite struct PhoneDetectorTests {
    let detector = PhoneDetector()

    @Test(arguments: [
        "+1 (415) 555-2671", "+44 20 7946 0958", "+86 10 6552 9988", "+14155552671", "+44 (0)20 7946 0958",
        "+49-30-1234567", "+33 1 42 68 53 00", "+852 2123 4567", "+1.415.555.2671", "+86 138 0013 8000",
        "+971 4 123 4567", "+7 495 123-45-67",
    ])
    func findsNumbers(_ number: String) {
        #expect(detectorMatches(detector, in: number) == [number])
        #expect(detectorMatches(detector, in: "请致电" + number + "咨询") == [number])
        #expect(detectorMatches(detector, in: "call " + number + ".") == [number])
    }

    @Test(arguments: [
        "+999 1234 5678",         // unassigned country code
        "+28 1234 5678",
        "+1 234",                 // too short
        "+1 234 567",
        "+1234567890123456",      // more than 15 digits
        "+0 123 456 789",
        "a+14155552671",          // + inside a word
        "1+14155552671",
        "+1 (415 555 2671",       // unbalanced parenthesis
        "+1 415) 555 2671",
        "14155552671",            // no +
        "+ 1 415 555 2671",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func stopsAtTheLastDigit() {
        #expect(detectorMatches(detector, in: "+1 (415) 555-2671, ok") == ["+1 (415) 555-2671"])
        #expect(detectorMatches(detector, in: "(+44 20 7946 0958)") == ["+44 20 7946 0958"])
    }

    @Test func reportsExactRange() {
        let text = "电话：+86 10 6552 9988。"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 9, end: 25)])
    }

    @Test func findsSeveralInOrder() {
        let text = "US +1 415 555 2671, UK +44 20 7946 0958; CN +8613800138000"
        #expect(detectorMatches(detector, in: text) == ["+1 415 555 2671", "+44 20 7946 0958", "+8613800138000"])
    }
}
