// Every detector, on arbitrary text: never reads outside the buffer (debug
// builds check every subscript), reports non-empty, in-bounds, ordered and
// non-overlapping ranges, and behaves at the very end of the buffer.

import Testing
import VigilEngine

@Suite struct DetectorRobustnessTests {
    /// Characters that exercise the scanners' branches, including multi-byte ones.
    private static let alphabet: [String] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "1", "8", "6",
        "a", "b", "e", "f", "x", "X", "g", "h", "t", "p", "s", "w", "m", "o", "c",
        " ", "-", ".", ":", "@", "/", "+", "(", ")", "[", "]", "?", "#", "%", "_", "'",
        "中", "。", "，",
    ]

    @Test func randomTextGivesWellFormedRanges() {
        var rng = SplitMix64(seed: 0xF0ED)
        let detectors = DetectorCatalog.names.map { DetectorCatalog.detector(named: $0)! }
        for _ in 0..<3000 {
            let length = Int.random(in: 0...60, using: &rng)
            let text = (0..<length).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &rng)] }.joined()
            let count = text.utf8.count
            for detector in detectors {
                let hits = detectorRanges(detector, in: text)
                var previousEnd = 0
                for hit in hits {
                    #expect(hit.start >= previousEnd && hit.start < hit.end && hit.end <= count,
                            "\(detector.name) on \(text): \(hits)")
                    previousEnd = hit.end
                }
            }
        }
    }

    /// Every prefix of texts holding valid values: scanning a buffer that ends
    /// anywhere inside a value must not read past it.
    @Test func truncatedValuesAreSafe() {
        let samples = [
            "360426199101010071 44011320141005001X +86 138 0013 8000 91350100M000100Y43",
            "6222 0212 3456 7890 128 3782-822463-10005 GB82 WEST 1234 5698 7654 32",
            "bob@example.com https://example.com:80/a?b#c www.example.com 1.2.3.4",
            "::ffff:192.0.2.1 http://[2001:db8::1]/ +44 (0)20 7946 0958",
        ]
        let detectors = DetectorCatalog.names.map { DetectorCatalog.detector(named: $0)! }
        for sample in samples {
            let bytes = Array(sample.utf8)
            for cut in 0...bytes.count {
                let prefix = Array(bytes[0..<cut])
                for detector in detectors {
                    var hits: [ByteRange] = []
                    prefix.withUnsafeBufferPointer { detector.scan($0, into: &hits) }
                    #expect(hits.allSatisfy { $0.start < $0.end && $0.end <= cut })
                }
            }
        }
    }
}
