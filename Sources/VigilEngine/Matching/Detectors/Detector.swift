// Detectors are the validator-backed matchers of SPEC §4.1: a rule that says
// `detector: cn-resident-id` gets only values that pass a checksum or structure
// test, never mere look-alikes. This file holds the protocol every detector
// implements and the catalog that maps rule-file names to detectors, so the
// rule compiler (and `rules lint`) can resolve a name without knowing any
// detector type.

/// A byte range [start, end) in the scanned text.
public struct ByteRange: Sendable, Equatable, Hashable {
    /// Offset of the first byte.
    public var start: Int
    /// Offset one past the last byte.
    public var end: Int

    /// Creates the range [start, end).
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// A validated detector: a cheap byte scan finds candidates, and only those
/// that pass a checksum or structure test are reported.
///
/// Detectors read Vigil's folded text: valid UTF-8 in which full-width forms are
/// already ASCII and ASCII letters are lowercase. Every detector also accepts
/// uppercase, so it can be used on raw text. Bytes of non-ASCII characters
/// (Chinese text, full stops such as `。`) act as boundaries.
///
/// Implementations are stateless values, safe to share between threads; `scan`
/// allocates nothing beyond appending to the caller's reused array.
public protocol Detector: Sendable {
    /// The name used in rule files (`detector: cn-resident-id`).
    var name: String { get }
    /// Every value this detector reports contains at least one of these kinds of
    /// byte; a post without any of them is not scanned at all.
    var trigger: DetectorTrigger { get }
    /// Every value this detector reports holds at least this many ASCII digits; a post
    /// with fewer digits in all is not scanned. 0 (the default) says nothing.
    var minimumDigits: Int { get }
    /// Appends the range of every validated value found in `text` to `hits`, in order.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange])
}

extension Detector {
    /// No digit count is promised unless a detector says so.
    public var minimumDigits: Int { 0 }
}

/// Kinds of ASCII byte a detector's values must contain, so one cheap pass over a
/// post can tell which detectors have anything to look at.
public struct DetectorTrigger: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let digit = DetectorTrigger(rawValue: 1)
    public static let at = DetectorTrigger(rawValue: 2)
    public static let colon = DetectorTrigger(rawValue: 4)
    public static let dot = DetectorTrigger(rawValue: 8)

    /// The triggers present in `text`, eight bytes per step (SWAR tests, see ByteSearch).
    public static func present(in text: UnsafeBufferPointer<UInt8>) -> DetectorTrigger {
        var found: UInt8 = 0
        var index = 0
        let count = text.count
        while index + 8 <= count && found != 15 {
            let word = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self)
            index += 8
            if word & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080 { continue }   // no ASCII byte (CJK text)
            if ByteSearch.hasDigit(word) { found |= DetectorTrigger.digit.rawValue }
            if ByteSearch.has(word, 0x40) { found |= DetectorTrigger.at.rawValue }
            if ByteSearch.has(word, 0x3A) { found |= DetectorTrigger.colon.rawValue }
            if ByteSearch.has(word, 0x2E) { found |= DetectorTrigger.dot.rawValue }
        }
        if index < count && found != 15 {
            byteTriggers.withUnsafeBufferPointer { table in
                for position in index..<count { found |= table[Int(text[position])] }
            }
        }
        return DetectorTrigger(rawValue: found)
    }

    static let byteTriggers: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x30...0x39: return DetectorTrigger.digit.rawValue
        case 0x40: return DetectorTrigger.at.rawValue
        case 0x3A: return DetectorTrigger.colon.rawValue
        case 0x2E: return DetectorTrigger.dot.rawValue
        default: return 0
        }
    }
}

/// Every built-in detector, by the name rule files use.
public enum DetectorCatalog {
    /// One instance of each built-in detector.
    static let all: [any Detector] = [
        BankCardDetector(),
        ChineseMobileDetector(),
        ResidentIDDetector(),
        ResidentID15Detector(),
        USCCDetector(),
        CreditCardDetector(),
        EmailDetector(),
        IBANDetector(),
        IPv4Detector(),
        IPv6Detector(),
        PhoneDetector(),
        URLDetector(),
    ]

    /// The names of all built-in detectors, sorted.
    public static let names: [String] = all.map(\.name).sorted()

    /// The built-in detector called `name`, or `nil` if there is none.
    public static func detector(named name: String) -> (any Detector)? {
        all.first { $0.name == name }
    }
}
