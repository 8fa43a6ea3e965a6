// cn-mobile: current prefixes, country prefixes, grouped forms, boundaries.

import Testing
import VigilEngine

@Suite struct ChineseMobileDetectorTests {
    let detector = ChineseMobileDetector()

    @Test(arguments: [
        "13800138000", "138-0013-8000", "138 0013 8000",
        "+86 138 0013 8000", "+86-138-0013-8000", "+8613800138000", "+86 13800138000",
        "8613800138000", "86 13800138000", "008613800138000", "0086 138 0013 8000",
    ])
    func findsWholeNumberWithPrefix(_ number: String) {
        #expect(detectorMatches(detector, in: number) == [number])
        #expect(detectorMatches(detector, in: "电话" + number + "谢谢") == [number])
    }

    @Test(arguments: [
        "130", "139", "145", "149", "150", "153", "155", "159", "162", "165", "167",
        "170", "178", "180", "189", "190", "193", "195", "199",
    ])
    func acceptsCurrentPrefixes(_ prefix: String) {
        #expect(detectorMatches(detector, in: prefix + "00138000").count == 1)
    }

    @Test(arguments: [
        "100", "120", "140", "144", "154", "160", "161", "163", "164", "168", "169",
        "179", "194", "200", "238",
    ])
    func rejectsOtherPrefixes(_ prefix: String) {
        #expect(detectorMatches(detector, in: prefix + "00138000").isEmpty)
    }

    @Test(arguments: [
        "138001380001",      // 12 digits
        "1380013800",        // 10 digits
        "913800138000",      // inside a longer run
        "9913800138000",     // 13 digits not starting with 86
        "138-0013 8000",     // mixed separators
        "1380-013-8000",     // other grouping
        "138--0013--8000",
    ])
    func rejectsWrongShapes(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func findsNumberRightAfterChineseText() {
        let text = "电话13800138000谢谢"
        #expect(detectorRanges(detector, in: text) == [ByteRange(start: 6, end: 17)])
    }

    @Test func findsSeveralNumbersInOrder() {
        let text = "联系13800138000或+86 139 0013 9000，备用15912345678"
        #expect(detectorMatches(detector, in: text) == ["13800138000", "+86 139 0013 9000", "15912345678"])
    }

    @Test func separateNumbersAreNotJoined() {
        #expect(detectorMatches(detector, in: "13800138000 2 个") == ["13800138000"])
        #expect(detectorMatches(detector, in: "2024 13800138000") == ["13800138000"])
        #expect(detectorMatches(detector, in: "138 0013 8000, 139-0013-9000") == ["138 0013 8000", "139-0013-9000"])
        #expect(detectorMatches(detector, in: "2024-138 0013 8000") == ["138 0013 8000"])
    }

    @Test(arguments: ["138 0013 8000 12", "12 138 0013 8000", "138-0013-8000-1", "1-138-0013-8000"])
    func groupedNumberMustBeTheWholeChain(_ text: String) {
        #expect(detectorMatches(detector, in: text).isEmpty)
    }

    @Test func lettersAroundAreBoundaries() {
        #expect(detectorMatches(detector, in: "vx13800138000") == ["13800138000"])
        #expect(detectorMatches(detector, in: "tel:13800138000.") == ["13800138000"])
    }
}
