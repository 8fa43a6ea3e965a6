// Trains the linear models of `vigil learn` on a TrainingSet. Two learners, both
// deterministic (the same examples, options and seed give the same weights, bit for bit):
//
// - logistic regression, optimised with FTRL-proximal (per-coordinate adaptive steps,
//   L1 and L2 penalties), a few passes over the examples in an order drawn from the
//   seed; each feature counts `count / lengthNorm(features in the text)` (√n, and n/16
//   past 256: TextClassifierModel.lengthNorm), so long and short posts weigh alike. The classes are weighted to count equally.
// - multinomial naive Bayes in its two-class complement form (log-ratio of smoothed
//   per-class frequencies), then scaled onto probabilities (Platt) with held-out scores.
//
// Weights are quantized to one signed byte per bucket for the model file; cross-
// validation measures the quantized model, which is what rules will run.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TrainerOptions: Sendable {
    public var algorithm: TextClassifierModel.Algorithm = .logisticRegression
    public var epochs = 6
    public var alpha = 1.0
    public var beta = 1.0
    public var l1 = 1.5
    public var l2 = 1.0
    /// Naive Bayes smoothing.
    public var smoothing = 0.5
    public var seed: UInt64 = 1
    public init() {}
}

/// A trained model before quantization: a float weight per bucket and a bias.
public struct FloatModel: Sendable {
    public var weights: [Double]
    public var bias: Double
    public var lengthNormalized: Bool

    /// The logit of one example.
    public func logit(_ x: SparseFeatures) -> Double? {
        guard x.total > 0 else { return nil }
        var sum = 0.0
        for (bucket, count) in zip(x.buckets, x.counts) { sum += weights[Int(bucket)] * Double(count) }
        return bias + (lengthNormalized ? sum / TextClassifierModel.lengthNorm(x.total) : sum)
    }
}

public enum ClassifierTrainer {
    /// Trains on the examples at `indices` of `set`.
    public static func train(_ set: TrainingSet, indices: [Int], options: TrainerOptions) -> FloatModel {
        switch options.algorithm {
        case .logisticRegression: return logisticRegression(set, indices: indices, options: options)
        case .naiveBayes: return naiveBayes(set, indices: indices, options: options)
        }
    }

    static func logisticRegression(_ set: TrainingSet, indices: [Int], options: TrainerOptions) -> FloatModel {
        let size = 1 << Int(set.settings.hashBits)
        var z = [Double](repeating: 0, count: size), n = [Double](repeating: 0, count: size)
        var bias = 0.0, biasSquares = 0.0
        let used = indices.filter { set.examples[$0].total > 0 }
        let positives = used.lazy.filter { set.labels[$0] }.count
        let negatives = used.count - positives
        guard positives > 0, negatives > 0 else { return FloatModel(weights: [Double](repeating: 0, count: size), bias: 0, lengthNormalized: true) }
        let positiveWeight = Double(used.count) / (2 * Double(positives)), negativeWeight = Double(used.count) / (2 * Double(negatives))
        let (alpha, beta, l1, l2) = (options.alpha, options.beta, options.l1, options.l2)
        @inline(__always) func weight(_ j: Int) -> Double {
            let zj = z[j]
            if abs(zj) <= l1 { return 0 }
            return -(zj - (zj < 0 ? -l1 : l1)) / ((beta + n[j].squareRoot()) / alpha + l2)
        }
        var generator = SeededGenerator(seed: options.seed)
        var current: [Double] = []
        for _ in 0..<options.epochs {
            for position in generator.permutation(used.count) {
                let example = set.examples[used[position]], label = set.labels[used[position]]
                let norm = 1 / TextClassifierModel.lengthNorm(example.total)
                current.removeAll(keepingCapacity: true)
                var dot = bias
                for (bucket, count) in zip(example.buckets, example.counts) {
                    let w = weight(Int(bucket))
                    current.append(w)
                    dot += w * Double(count) * norm
                }
                let p = 1 / (1 + exp(-max(-35, min(35, dot))))
                let g = (p - (label ? 1 : 0)) * (label ? positiveWeight : negativeWeight)
                biasSquares += g * g
                bias -= alpha * g / (beta + biasSquares.squareRoot())
                for (index, (bucket, count)) in zip(example.buckets, example.counts).enumerated() {
                    let j = Int(bucket), gj = g * Double(count) * norm
                    let sigma = ((n[j] + gj * gj).squareRoot() - n[j].squareRoot()) / alpha
                    z[j] += gj - sigma * current[index]
                    n[j] += gj * gj
                }
            }
        }
        return FloatModel(weights: (0..<size).map(weight), bias: bias, lengthNormalized: true)
    }

    static func naiveBayes(_ set: TrainingSet, indices: [Int], options: TrainerOptions) -> FloatModel {
        let size = 1 << Int(set.settings.hashBits)
        var positive = [Double](repeating: 0, count: size), negative = [Double](repeating: 0, count: size)
        var positiveTotal = 0.0, negativeTotal = 0.0
        for index in indices {
            let example = set.examples[index]
            for (bucket, count) in zip(example.buckets, example.counts) {
                if set.labels[index] { positive[Int(bucket)] += Double(count); positiveTotal += Double(count) }
                else { negative[Int(bucket)] += Double(count); negativeTotal += Double(count) }
            }
        }
        let a = options.smoothing, seen = Double((0..<size).lazy.filter { positive[$0] + negative[$0] > 0 }.count)
        let weights = (0..<size).map { j -> Double in
            guard positive[j] + negative[j] > 0 else { return 0 }
            return log((positive[j] + a) / (positiveTotal + a * seen)) - log((negative[j] + a) / (negativeTotal + a * seen))
        }
        return FloatModel(weights: weights, bias: 0, lengthNormalized: false)
    }

    /// Fits `a·logit + b` to the labels (Platt scaling, Newton's method): maps naive
    /// Bayes scores onto probabilities.
    public static func platt(scores: [Double], labels: [Bool]) -> (a: Double, b: Double) {
        var a = 1.0, b = 0.0
        for _ in 0..<50 {
            var ga = 0.0, gb = 0.0, haa = 1e-9, hab = 0.0, hbb = 1e-9
            for (s, y) in zip(scores, labels) {
                let p = 1 / (1 + exp(-max(-35, min(35, a * s + b)))), d = p - (y ? 1 : 0), w = p * (1 - p)
                ga += d * s; gb += d; haa += w * s * s; hab += w * s; hbb += w
            }
            let det = haa * hbb - hab * hab
            guard det > 0 else { break }
            a -= (hbb * ga - hab * gb) / det
            b -= (haa * gb - hab * ga) / det
        }
        return (a, b)
    }

    /// The shipped form: one signed byte per bucket, the scale chosen so that the
    /// 99.9th percentile of the non-zero weights' sizes is 127 (larger ones are clipped).
    public static func quantize(_ model: FloatModel, name: String, settings: NGramFeatures.Settings,
                                algorithm: TextClassifierModel.Algorithm, calibration: (a: Double, b: Double) = (1, 0)) -> TextClassifierModel {
        let sizes = model.weights.lazy.map { abs($0) }.filter { $0 > 0 }.sorted()
        let top = sizes.isEmpty ? 1 : sizes[min(sizes.count - 1, Int(Double(sizes.count) * 0.999))]
        let step = top / 127
        let weights = model.weights.map { Int8(max(-127, min(127, ($0 / step).rounded()))) }
        return TextClassifierModel(name: name, settings: settings, algorithm: algorithm, lengthNormalized: model.lengthNormalized,
                                   scale: Float(step * calibration.a), bias: Float(model.bias * calibration.a + calibration.b), weights: weights)
    }
}
