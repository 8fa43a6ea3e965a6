// A learned text classifier as rules use it (`classifier: {model: NAME, min: 0.8}`):
// a linear model over hashed n-gram features of the keyword stream (NGramFeatures),
// its weights quantized to one signed byte per bucket. This file is the model and its
// file format; `vigil learn` writes it (ClassifierTrainer), the rule loader reads it.
//
// File layout (little-endian), version 2:
//   "VIGILMDL"                     8 bytes magic
//   version                        UInt16 (2; 1 for models whose features need no more)
//   flags                          UInt16 (bit 0: feature sum divided by lengthNorm(count))
//   hash bits, CJK n, word n,      6 × UInt8 (features: NGramFeatures.Settings)
//   char n min, char n max, scripts
//   algorithm                      UInt8 (0 logistic regression, 1 naive Bayes)
//   reserved                       UInt8 (0)
//   CJK n min, char n word bytes   2 × UInt8 (version 2 only; version 1 means 1 and 0)
//   scale, bias                    2 × Float32 (logit = bias + scale × Σ weight / norm)
//   name length, name              UInt16 + UTF-8
//   weights                        2^hash bits × Int8
//   checksum                       UInt64, FNV-1a of every byte before it
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a model file was refused.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    init(_ message: String) { self.message = message }
}

/// A loaded (or freshly trained) classifier. Immutable and shared by all threads.
public final class TextClassifierModel: Sendable {
    public static let magic: [UInt8] = Array("VIGILMDL".utf8)
    /// The newest file format version; a model whose features version 1 can describe is
    /// written as version 1, so files trained before version 2 are rebuilt byte for byte.
    public static let version: UInt16 = 2
    /// Largest model file accepted (and written): 4 MB.
    public static let maximumBytes = 4 << 20

    public enum Algorithm: UInt8, Sendable { case logisticRegression = 0, naiveBayes = 1 }

    public let name: String
    public let settings: NGramFeatures.Settings
    public let algorithm: Algorithm
    /// Whether the weight sum is divided by `lengthNorm(number of features)` before the bias is added.
    public let lengthNormalized: Bool
    public let scale: Float
    public let bias: Float
    /// One quantized weight per hash bucket.
    public let weights: [Int8]
    /// The feature extractor of `settings`.
    public let features: NGramFeatures
    /// Weights of the commonest n-grams without hashing, for a model of one script (ModelScoring).
    let direct: DirectWeights?

    public init(name: String, settings: NGramFeatures.Settings, algorithm: Algorithm, lengthNormalized: Bool,
                scale: Float, bias: Float, weights: [Int8]) {
        precondition(weights.count == 1 << Int(settings.hashBits), "one weight per bucket")
        self.name = name
        self.settings = settings
        self.algorithm = algorithm
        self.lengthNormalized = lengthNormalized
        self.scale = scale
        self.bias = bias
        self.weights = weights
        let features = NGramFeatures(settings)
        self.features = features
        direct = settings.scripts == .latin || settings.scripts == .cjk
            ? weights.withUnsafeBufferPointer { DirectWeights(weights: $0, features: features) } : nil
    }

    /// The logit of a keyword stream, or nil when it has no feature the model reads.
    /// Allocates nothing: one table read per feature.
    public func logit(stream: UnsafeBufferPointer<UInt8>) -> Double? {
        var tally = SumTally()
        score(stream: stream, into: &tally)
        return logit(sum: tally.sum, count: tally.count)
    }

    /// Calls `body(weight, start, end)` for every feature occurrence of the stream, with its
    /// quantized weight (what it adds to the sum) and the stream bytes it was read from.
    public func forEachContribution(stream: UnsafeBufferPointer<UInt8>, _ body: (Int32, Int, Int) -> Void) {
        weights.withUnsafeBufferPointer { table in
            features.forEach(in: stream) { bucket, start, end in body(Int32(table[bucket]), start, end) }
        }
    }

    /// The logit of a feature sum: `bias + scale × sum / lengthNorm(count)`. Nil without any feature
    /// (a post with nothing in the model's scripts is not judged).
    @inline(__always)
    public func logit(sum: Int32, count: Int32) -> Double? {
        guard count > 0 else { return nil }
        let total = Double(scale) * Double(sum)
        return Double(bias) + (lengthNormalized ? total / Self.lengthNorm(count) : total)
    }

    /// What the weight sum of `count` feature occurrences is divided by: √count up to 256
    /// occurrences (so long and short posts weigh alike), then count / 16 (continuous at
    /// 256), so that beyond that a text repeated r times scores as it does once: without
    /// it, √count would let a long run of mildly positive n-grams (the same harmless
    /// phrase pasted a thousand times) reach any threshold.
    @inline(__always)
    public static func lengthNorm(_ count: Int32) -> Double {
        count <= 256 ? Double(count).squareRoot() : Double(count) / 16
    }

    /// The probability a logit stands for.
    public static func probability(_ logit: Double) -> Double { 1 / (1 + (-logit).exponential) }

    /// The logit of a probability in (0, 1).
    public static func logit(ofProbability p: Double) -> Double { ((p / (1 - p))).naturalLogarithm }

    // MARK: File format

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = Self.magic
        func put16(_ v: UInt16) { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func put32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
        put16(settings.isVersion1 ? 1 : Self.version)
        put16(lengthNormalized ? 1 : 0)
        out += [settings.hashBits, settings.cjkMaxN, settings.wordMaxN, settings.charMinN, settings.charMaxN, settings.scripts.rawValue]
        out += [algorithm.rawValue, 0]
        if !settings.isVersion1 { out += [settings.cjkMinN, settings.charMinWordBytes] }
        put32(scale.bitPattern)
        put32(bias.bitPattern)
        let nameBytes = Array(name.utf8.prefix(255))
        put16(UInt16(nameBytes.count))
        out += nameBytes
        weights.withUnsafeBytes { out.append(contentsOf: $0) }
        let sum = Self.checksum(out[...])
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8((sum >> UInt64(shift)) & 0xFF)) }
        return out
    }

    /// Reads a model file; throws what is wrong with it.
    public static func parse(_ bytes: [UInt8]) throws(ModelFileError) -> TextClassifierModel {
        guard bytes.count >= magic.count + 30, Array(bytes.prefix(magic.count)) == magic else {
            throw ModelFileError("not a Vigil model file (no VIGILMDL header)")
        }
        guard bytes.count <= maximumBytes else { throw ModelFileError("larger than the 4 MB a model may have") }
        var reader = ByteReader(bytes: bytes, position: magic.count)
        let version = reader.u16()
        guard version == 1 || version == Self.version else {
            throw ModelFileError("model file version \(version); this vigil reads versions 1 and \(Self.version) (retrain it with `vigil learn`)")
        }
        let stored = bytes.suffix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        guard checksum(bytes.dropLast(8)) == stored else { throw ModelFileError("corrupt model file (checksum mismatch)") }
        let flags = reader.u16()
        var settings = NGramFeatures.Settings(
            hashBits: reader.u8(), cjkMaxN: reader.u8(), wordMaxN: reader.u8(),
            charMinN: reader.u8(), charMaxN: reader.u8(), scripts: NGramFeatures.Scripts(rawValue: reader.u8()))
        guard let algorithm = Algorithm(rawValue: reader.u8()) else { throw ModelFileError("corrupt model file (unknown algorithm)") }
        _ = reader.u8()
        if version >= 2 { (settings.cjkMinN, settings.charMinWordBytes) = (reader.u8(), reader.u8()) }
        let scale = Float(bitPattern: reader.u32()), bias = Float(bitPattern: reader.u32())
        let nameLength = Int(reader.u16())
        guard settings.isValid, scale.isFinite, bias.isFinite,
              reader.position + nameLength + (1 << Int(settings.hashBits)) + 8 == bytes.count else {
            throw ModelFileError("corrupt model file (header does not match its size)")
        }
        let name = String(decoding: bytes[reader.position..<reader.position + nameLength], as: UTF8.self)
        let start = reader.position + nameLength
        let weights = bytes[start..<start + (1 << Int(settings.hashBits))].map { Int8(bitPattern: $0) }
        return TextClassifierModel(name: name, settings: settings, algorithm: algorithm, lengthNormalized: flags & 1 != 0,
                                   scale: scale, bias: bias, weights: weights)
    }

    /// FNV-1a, 64 bits.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// Little-endian reads from a checked-size buffer.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    mutating func u8() -> UInt8 { defer { position += 1 }; return bytes[position] }
    mutating func u16() -> UInt16 { UInt16(u8()) | UInt16(u8()) << 8 }
    mutating func u32() -> UInt32 { UInt32(u16()) | UInt32(u16()) << 16 }
}

private extension Double {
    var exponential: Double { exp(self) }
    var naturalLogarithm: Double { log(self) }
}
