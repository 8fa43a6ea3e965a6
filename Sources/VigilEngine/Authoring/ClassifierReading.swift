// What a classifier rule made of a text, for `rules explain`: the model's probability,
// the rule's threshold, and the five n-grams that pushed the score up most, each with
// its span in the original text. Explaining is not a hot path: this allocates freely.

/// One classifier rule's reading of a text.
public struct ClassifierReading: Sendable {
    public struct NGram: Sendable {
        /// The n-gram as the model read it (normalized; a space is a gap).
        public var text: String
        /// Code-point span in the original text.
        public var start: Int
        public var end: Int
        /// What one occurrence adds to the logit.
        public var weight: Double
    }
    public var rule: String
    public var model: String
    /// Nil when the text has no feature the model reads (then the rule cannot hit).
    public var probability: Double?
    public var minimum: Double
    /// The strongest n-grams, most positive first (at most five).
    public var strongest: [NGram]
    public var isHit: Bool { (probability ?? 0) >= minimum }
}

extension Engine {
    /// Every classifier rule's reading of `text`, in rule order.
    public func classifierReadings(_ text: String) -> [ClassifierReading] {
        guard !rules.classifiers.isEmpty else { return [] }
        let normalized = NormalizedText()
        var copy = text
        return copy.withUTF8 { original in
            rules.normalizer.normalize(original, into: normalized)
            let stream = normalized.keywordStream
            return rules.classifiers.map { matcher in
                let model = rules.classifierModels[Int(matcher.model)]
                let logit = model.logit(stream: stream.bytes)
                return ClassifierReading(
                    rule: rules.rules[Int(matcher.rule)].qualifiedID, model: model.name,
                    probability: logit.map(TextClassifierModel.probability), minimum: matcher.minimum,
                    strongest: strongestNGrams(model, stream: stream, original: original))
            }
        }
    }

    func strongestNGrams(_ model: TextClassifierModel, stream: MappedByteBuffer, original: UnsafeBufferPointer<UInt8>) -> [ClassifierReading.NGram] {
        var occurrences: [(weight: Int32, start: Int, end: Int)] = []
        model.forEachContribution(stream: stream.bytes) { weight, start, end in
            if weight > 0 && end > start { occurrences.append((weight, start, end)) }
        }
        let norm = model.lengthNormalized ? TextClassifierModel.lengthNorm(Int32(max(1, featureCount(model, stream)))) : 1
        occurrences.sort { ($1.weight, $0.start, $0.end) < ($0.weight, $1.start, $1.end) }
        var seen = Set<String>(), result: [ClassifierReading.NGram] = []
        let bytes = stream.bytes, origins = stream.origins
        for occurrence in occurrences where result.count < 5 {
            let text = String(decoding: bytes[occurrence.start..<occurrence.end], as: UTF8.self)
            guard seen.insert(text).inserted else { continue }
            let byteStart = Int(origins[occurrence.start]), lastOrigin = Int(origins[occurrence.end - 1])
            let byteEnd = min(original.count, lastOrigin + utf8SequenceLength(lead: original[lastOrigin]))
            result.append(ClassifierReading.NGram(
                text: text, start: codePoints(original, before: byteStart), end: codePoints(original, before: byteEnd),
                weight: Double(model.scale) * Double(occurrence.weight) / norm))
        }
        return result
    }

    func featureCount(_ model: TextClassifierModel, _ stream: MappedByteBuffer) -> Int {
        var count = 0
        model.features.forEach(in: stream.bytes) { _, _, _ in count += 1 }
        return count
    }

    func codePoints(_ original: UnsafeBufferPointer<UInt8>, before offset: Int) -> Int {
        original[..<offset].lazy.filter { $0 & 0xC0 != 0x80 }.count
    }
}
