// The labelled texts of `vigil learn` turned into what the trainers read: per text, its
// hashed features (NGramFeatures over the keyword stream the rules see, the same code
// that scores posts) as sorted, merged (bucket, count) pairs. Featurizing is the only
// part of training that runs over the text, and it runs on every core; the result does
// not depend on how the work was split.

/// One text's features: distinct buckets in increasing order with their counts.
public struct SparseFeatures: Sendable {
    public var buckets: [Int32]
    public var counts: [Float]
    /// Feature occurrences in the text (the sum of `counts`).
    public var total: Int32
}

/// Labelled texts as feature vectors.
public struct TrainingSet: Sendable {
    public var examples: [SparseFeatures]
    public var labels: [Bool]
    public let settings: NGramFeatures.Settings

    public var positives: Int { labels.lazy.filter { $0 }.count }
    public var negatives: Int { labels.count - positives }

    /// Featurizes `texts` with the rules' normalization.
    public init(texts: [String], labels: [Bool], settings: NGramFeatures.Settings, normalizer: Normalizer = Normalizer()) {
        precondition(texts.count == labels.count)
        self.settings = settings
        self.labels = labels
        let features = NGramFeatures(settings)
        let chunks = max(1, min(64, texts.count / 256))
        let results = parallelMap(chunks) { chunk in
            let range = (texts.count * chunk / chunks)..<(texts.count * (chunk + 1) / chunks)
            let scratch = NormalizedText()
            var buckets: [Int32] = []
            return range.map { TrainingSet.features(of: texts[$0], features, normalizer, scratch, &buckets) }
        }
        examples = results.flatMap { $0 }
    }

    static func features(of text: String, _ features: NGramFeatures, _ normalizer: Normalizer,
                         _ scratch: NormalizedText, _ buckets: inout [Int32]) -> SparseFeatures {
        var copy = text
        copy.withUTF8 { normalizer.normalize($0, into: scratch) }
        buckets.removeAll(keepingCapacity: true)
        features.forEach(in: scratch.keywordStream.bytes) { bucket, _, _ in buckets.append(Int32(bucket)) }
        buckets.sort()
        var result = SparseFeatures(buckets: [], counts: [], total: Int32(buckets.count))
        for bucket in buckets {
            if result.buckets.last == bucket { result.counts[result.counts.count - 1] += 1; continue }
            result.buckets.append(bucket)
            result.counts.append(1)
        }
        return result
    }
}

/// SplitMix64: a small seeded generator, the same sequence on every platform.
public struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A permutation of 0..<count (Fisher–Yates with this generator; the standard
    /// library's shuffle may change between releases).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        var index = count - 1
        while index > 0 {
            let other = Int(next() % UInt64(index + 1))
            order.swapAt(index, other)
            index -= 1
        }
        return order
    }
}
