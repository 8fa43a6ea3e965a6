// Detectors are the validator-backed matchers (docs/packs.md, Detectors): a rule that says
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
    /// Every value this detector reports contains at least one of these shapes;
    /// a post without any of them is not scanned at all.
    var trigger: DetectorTrigger { get }
    /// Every value this detector reports holds at least this many ASCII digits; a post
    /// with fewer digits in all is not scanned. 0 (the default) says nothing.
    var minimumDigits: Int { get }
    /// Every value this detector reports lies in one chain of digit groups joined
    /// by single spaces or hyphens that holds at least this many digits
    /// (`DetectorPrescan.longestDigitChain`). 0 (the default) says nothing.
    var minimumChainDigits: Int { get }
    /// Appends the range of every validated value found in `text` to `hits`, in order.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange])
}

extension Detector {
    /// No digit count is promised unless a detector says so.
    public var minimumDigits: Int { 0 }
    /// No digit chain is promised unless a detector says so.
    public var minimumChainDigits: Int { 0 }
}

/// Shapes a detector's values must contain, so one cheap pass over a post
/// (`DetectorPrescan`) can tell which detectors have anything to look at. A
/// detector names the shapes of which each of its values holds at least one.
public struct DetectorTrigger: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// An ASCII digit.
    public static let digit = DetectorTrigger(rawValue: 1)
    /// An `@`.
    public static let at = DetectorTrigger(rawValue: 2)
    /// A `:`.
    public static let colon = DetectorTrigger(rawValue: 4)
    /// A `.`.
    public static let dot = DetectorTrigger(rawValue: 8)
    /// A `+` followed by a digit 1–9 (an E.164 number's start).
    public static let plusDigit = DetectorTrigger(rawValue: 16)
    /// An `@` after a mailbox byte other than `.` and before a letter or digit.
    public static let mailAt = DetectorTrigger(rawValue: 32)
    /// `://` or `www.` (either case).
    public static let linkStart = DetectorTrigger(rawValue: 64)
    /// At least two colons, each next to a hex digit or another colon.
    public static let hexColons = DetectorTrigger(rawValue: 128)
    /// Four runs of digits, each joined to the next by a single `.`.
    public static let dottedQuad = DetectorTrigger(rawValue: 256)
    /// Two ASCII letters that start a word, followed by at least two digits.
    public static let lettersThenDigits = DetectorTrigger(rawValue: 512)
    /// A maximal run of exactly 18 ASCII letters and digits that holds a digit.
    public static let alnumRun18 = DetectorTrigger(rawValue: 1024)
    /// A chain of digit groups joined by single spaces or hyphens that holds at
    /// least `DetectorPrescan.longDigitChain` (11) digits: every card, resident ID
    /// and mobile number is one.
    public static let longDigitChain = DetectorTrigger(rawValue: 2048)

    /// The triggers present in `text`.
    public static func present(in text: UnsafeBufferPointer<UInt8>) -> DetectorTrigger {
        DetectorPrescan(text).triggers
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
