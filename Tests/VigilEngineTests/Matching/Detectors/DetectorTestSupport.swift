// Helpers shared by the detector tests: run a detector over a Swift string and
// get back the matched substrings or byte ranges, and a small seeded random
// number generator for the property tests (deterministic on every run).

import VigilEngine

/// The byte ranges `detector` reports in `text`.
func detectorRanges(_ detector: any Detector, in text: String) -> [ByteRange] {
    var hits: [ByteRange] = []
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { detector.scan($0, into: &hits) }
    return hits
}

/// The substrings `detector` reports in `text`, in order.
func detectorMatches(_ detector: any Detector, in text: String) -> [String] {
    let bytes = Array(text.utf8)
    return detectorRanges(detector, in: text).map {
        String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)
    }
}

/// Helpers of the detector tests, in a namespace so that they cannot clash
/// with helpers of other test files in the module.
enum DetectorTestSupport {
    /// The byte range of the first occurrence of `needle` in `text`.
    static func byteRange(of needle: String, in text: String) -> ByteRange? {
        let h = Array(text.utf8), n = Array(needle.utf8)
        guard n.count <= h.count else { return nil }
        for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n {
            return ByteRange(start: i, end: i + n.count)
        }
        return nil
    }

    /// Random ASCII digits.
    static func randomDigits(_ count: Int, using rng: inout SplitMix64) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
    }

    /// The Luhn check digit that completes `payload`.
    static func luhnCheckDigit(for payload: String) -> Int {
        var sum = 0
        for (i, ch) in payload.reversed().enumerated() {
            var d = ch.wholeNumberValue!
            if i % 2 == 0 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return (10 - sum % 10) % 10
    }
}
