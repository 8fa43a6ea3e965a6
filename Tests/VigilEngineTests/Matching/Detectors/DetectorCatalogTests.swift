// The catalog resolves every name rule files may use, and nothing else.

import Testing
import VigilEngine

@Suite struct DetectorCatalogTests {
    @Test func namesAreSortedAndComplete() {
        #expect(DetectorCatalog.names == [
            "bank-card", "cn-mobile", "cn-resident-id", "cn-resident-id-15", "cn-uscc", "credit-card",
            "email", "iban", "ipv4", "ipv6", "phone", "url",
        ])
    }

    @Test func everyNameResolvesToItsDetector() {
        for name in DetectorCatalog.names {
            #expect(DetectorCatalog.detector(named: name)?.name == name)
        }
    }

    @Test func unknownNamesResolveToNothing() {
        #expect(DetectorCatalog.detector(named: "cn-passport") == nil)
        #expect(DetectorCatalog.detector(named: "") == nil)
        #expect(DetectorCatalog.detector(named: "IBAN") == nil)
    }

    @Test func scanAppendsToTheCallersArray() {
        let detector = DetectorCatalog.detector(named: "ipv4")!
        var hits = [ByteRange(start: 0, end: 1)]
        let bytes = Array("a 1.2.3.4".utf8)
        bytes.withUnsafeBufferPointer { detector.scan($0, into: &hits) }
        #expect(hits == [ByteRange(start: 0, end: 1), ByteRange(start: 2, end: 9)])
    }

    @Test func emptyTextHasNoHits() {
        for name in DetectorCatalog.names {
            #expect(detectorRanges(DetectorCatalog.detector(named: name)!, in: "").isEmpty)
        }
    }
}
