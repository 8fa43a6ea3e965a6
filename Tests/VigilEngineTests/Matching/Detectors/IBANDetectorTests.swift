// iban: registry lengths, mod 97, the grouped and compact forms, boundaries.

import Testing
import VigilEngine

@Suite struct IBANDetectorTests {
    let detector = IBANDetector()

    // Samples from the SWIFT IBAN registry (checked with an independent
    // implementation), covering the shortest and longest lengths.
    @Test(arguments: [
        "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00",
        "AD12 0001 2030 2003 5910 0100", "AE07 0331 2345 6789 0123 456", "AT61 1904 3002 3457 3201",
        "AZ21 NABZ 0000 0000 1370 1000 1944", "BE68 5390 0754 7034", "BR18 0036 0305 0000 1000 9795 493C 1",
        "CH93 0076 2011 6238 5295 7", "FR14 2004 1010 0505 0001 3M02 606",
        "LC55 HEMM 0001 0001 0012 0012 0002 3015", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        "NO93 8601 1117 947", "QA58 DOHB 0000 1234 5678 90AB CDEF G", "SC18 SSCB 1101 0000 0000 0000 1497 USD",
        "MK07 2501 2000 0058 984", "KZ86 125K ZT50 0410 0100",
    ])
    func findsRegistrySamples(_ iban: String) {
        #expect(detectorMatches(detector, in: iban) == [iban])
        let folded = iban.lowercased()
        #expect(detectorMatches(detector, in: "账户" + folded + "，谢谢") == [folded])
        let compact = folded.filter { $0 != " " }
        #expect(detectorMatches(detector, in: compact) == [compact])
    }

    @Test(arguments: [
        "GB82 WEST 1234 5698 7654 33",   // mod 97 fails
        "GB28 WEST 1234 5698 7654 32",   // check digits swapped
        "GB82WEST123456987654",          // too short for GB
        "GB82WEST1234569876543211",      // too long for GB
        "ZZ82WEST12345698765432",        // no such country
        "xDE89370400440532013000",       // inside a longer run
        "DE893704004405320130001",
        "GB82 WEST 12345698765432",      // groups must be of four
        "GB82 WEST 1234 5698 7654 32a",
        "GB82  WEST 1234 5698 7654 32",
    ])
    func rejectsInvalidValues(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func reportsExactRange() {
        let text = "请汇款至 gb82 west 1234 5698 7654 32。"
        #expect(detectorRanges(detector, in: text) == [DetectorTestSupport.byteRange(of: "gb82 west 1234 5698 7654 32", in: text)!])
    }

    @Test func groupedValueMayBeFollowedByOtherText() {
        #expect(detectorMatches(detector, in: "DE89 3704 0044 0532 0130 00 is mine") == ["DE89 3704 0044 0532 0130 00"])
    }

    @Test func findsSeveralInOrder() {
        let text = "DE89370400440532013000; GB82 WEST 1234 5698 7654 32 and NO9386011117947."
        #expect(detectorMatches(detector, in: text) == ["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "NO9386011117947"])
    }
}
