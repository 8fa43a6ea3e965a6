// One pass over a post that tells every detector whether it has anything to
// look at. English posts are full of bytes a detector keys on (`@user`
// mentions, `&#128514;` entities, `http://t.co/…` links, `10:30`), so "holds a
// digit / `@` / `:`" lets nearly every detector rescan nearly every post. This
// pass instead notes sharper shapes that every reported value must contain —
// a `+` before a digit, an `@` between a mailbox byte and a host byte, four
// dotted numbers, the longest chain of digit groups, … — and the matcher runs
// a detector only when its shape is there. The pass visits only the bytes
// that can start a shape, found eight bytes at a time.

/// The detector triggers and digit statistics of one text, gathered in one pass.
///
/// Every field is a necessary condition: a detector whose trigger is absent, or
/// whose `minimumDigits` / `minimumChainDigits` exceed the counts here, reports
/// nothing in the text (DetectorPrescanTests checks this against the full scans).
public struct DetectorPrescan: Sendable {
    /// The trigger kinds the text holds.
    public private(set) var triggers: DetectorTrigger = []
    /// The number of ASCII digits in the text.
    public private(set) var digits = 0
    /// The most digits in one chain of digit groups joined by single spaces or
    /// hyphens (`138-0013-8000` is one chain of 11; `10:30` two chains of 2).
    public private(set) var longestDigitChain = 0

    /// The fewest digits in a chain that sets `DetectorTrigger.longDigitChain`:
    /// a mainland mobile number, the shortest value of the chain detectors.
    public static let longDigitChain = 11

    /// The prescan of a text without any byte in 0x2E…0x40 (where every shape starts):
    /// no trigger, no digit. Equal to the scan of such a text.
    public init() {}

    /// Scans `text` once.
    public init(_ text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        guard n > 0, let base = text.baseAddress else { return }
        var found: UInt16 = 0
        var digits = 0, longestChain = 0
        // The last digit run: where it ended, the digits of its space/hyphen chain
        // and the number of runs in its dotted chain (`192.168.1` is 3).
        var runEnd = -2, chainDigits = 0, dottedRuns = 0
        var alnumMeasured = 0   // bytes before this lie in letter-and-digit runs already measured
        var hexColons = 0       // colons next to a hex digit or another colon
        var i = 0
        while true {
            i = Self.nextCandidate(in: base, count: n, from: i)
            guard i < n else { break }
            let b = text[i]
            if ASCII.isDigit(b) {
                let start = i
                var end = i + 1
                while end < n && ASCII.isDigit(text[end]) { end += 1 }
                let length = end - start
                digits += length
                // One byte since the last run: a chain (space, hyphen) or a dotted number.
                let joiner: UInt8 = start == runEnd + 1 ? text[start - 1] : 0
                chainDigits = joiner == ASCII.space || joiner == ASCII.hyphen ? chainDigits + length : length
                if chainDigits > longestChain { longestChain = chainDigits }
                dottedRuns = joiner == ASCII.dot ? dottedRuns + 1 : 1
                if dottedRuns >= 4 { found |= DetectorTrigger.dottedQuad.rawValue }
                runEnd = end
                // A `+` before a digit run is the start of an E.164 number unless the run starts with 0.
                if start >= 1 && text[start - 1] == ASCII.plus && b != 0x30 { found |= DetectorTrigger.plusDigit.rawValue }
                // Two letters opening a word, then two digits (`gb82`).
                if length >= 2 && start >= 2 && ASCII.isLetter(text[start - 1]) && ASCII.isLetter(text[start - 2])
                    && (start == 2 || !ASCII.isAlnum(text[start - 3])) {
                    found |= DetectorTrigger.lettersThenDigits.rawValue
                }
                // The letter-and-digit run around this digit run, measured once.
                if start >= alnumMeasured {
                    var wordStart = start
                    while wordStart > alnumMeasured && ASCII.isAlnum(text[wordStart - 1]) { wordStart -= 1 }
                    var wordEnd = end
                    while wordEnd < n && ASCII.isAlnum(text[wordEnd]) { wordEnd += 1 }
                    if wordEnd - wordStart == 18 { found |= DetectorTrigger.alnumRun18.rawValue }
                    alnumMeasured = wordEnd
                }
                found |= DetectorTrigger.digit.rawValue
                i = end
                continue
            }
            i = Self.notePunctuation(b, at: i, in: text, found: &found, hexColons: &hexColons)
        }
        if longestChain >= Self.longDigitChain { found |= DetectorTrigger.longDigitChain.rawValue }
        triggers = DetectorTrigger(rawValue: found)
        self.digits = digits
        longestDigitChain = longestChain
    }

    /// The shapes an `@`, `:` or `.` at `i` may start (a key byte in 0x2E…0x40 that is
    /// not a digit); returns where the scan goes on.
    @inline(__always)
    private static func notePunctuation(_ b: UInt8, at i: Int, in text: UnsafeBufferPointer<UInt8>,
                                        found: inout UInt16, hexColons: inout Int) -> Int {
        let n = text.count
        switch b {
        case ASCII.at:
            found |= DetectorTrigger.at.rawValue
            if i > 0 && i + 1 < n && EmailDetector.isLocalByte(text[i - 1]) && text[i - 1] != ASCII.dot
                && ASCII.isAlnum(text[i + 1]) {
                found |= DetectorTrigger.mailAt.rawValue
            }
        case ASCII.colon:
            found |= DetectorTrigger.colon.rawValue
            if (i > 0 && Self.isHexOrColon(text[i - 1])) || (i + 1 < n && Self.isHexOrColon(text[i + 1])) {
                hexColons += 1
                if hexColons >= 2 { found |= DetectorTrigger.hexColons.rawValue }
            }
            if i + 2 < n && text[i + 1] == ASCII.slash && text[i + 2] == ASCII.slash {
                found |= DetectorTrigger.linkStart.rawValue
                return i + 3   // the slashes are no shape's key byte
            }
        case ASCII.dot:
            found |= DetectorTrigger.dot.rawValue
            if i >= 3 && text[i - 1] | 0x20 == 0x77 && text[i - 2] | 0x20 == 0x77 && text[i - 3] | 0x20 == 0x77 {
                found |= DetectorTrigger.linkStart.rawValue   // `www.`
            }
        default:
            break   // `/ ; < = > ?`: in the candidate range, never a shape's key byte
        }
        return i + 1
    }

    /// The offset of the first byte at or after `start` that can start a shape,
    /// a byte in 0x2E…0x40 (`.`, `/`, digits, `:`, `@`, and `; < = > ?` that one
    /// range test cannot leave out); `count` if there is none. (A `+` matters only
    /// before a digit, so it is looked at from the digit run.)
    /// A word at a time; words of non-ASCII bytes only (CJK text) are skipped
    /// without the byte tests.
    @inline(__always)
    private static func nextCandidate(in base: UnsafePointer<UInt8>, count n: Int, from start: Int) -> Int {
        var i = start
        while i &+ 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if word & asciiHighBits != asciiHighBits {
                let mask = candidateMask(word)
                if mask != 0 { return i &+ mask.trailingZeroBitCount &>> 3 }
            }
            i &+= 8
        }
        guard i < n else { return n }
        // The last few bytes: the final word, shifted down so byte i is lowest (see
        // `asciiWord`); the zero bytes shifted in are never candidates.
        if let word = asciiWord(base, at: i, end: n) {
            let mask = candidateMask(word)
            return mask != 0 ? i &+ mask.trailingZeroBitCount &>> 3 : n
        }
        while i < n && !ViewByteSummary.isPrescanByte(UInt32(base[i])) { i &+= 1 }
        return i
    }

    /// The high bit of every byte of `x` in 0x2E…0x40 (`ViewByteSummary.isPrescanByte`),
    /// and no other bit: the range test on the low seven bits, and-ed with "the byte is ASCII".
    @inline(__always) private static func candidateMask(_ x: UInt64) -> UInt64 {
        asciiBytesInRange(x & asciiLowBits, 0x2E, 0x40) & ~x
    }

    @inline(__always) private static func isHexOrColon(_ b: UInt8) -> Bool {
        ASCII.isHexDigit(b) || b == ASCII.colon
    }
}

/// What a detector matcher needs to find in a post's prescan before it scans
/// the post, read once per rule set from the matcher (not through its detector
/// existential per post) and packed so the per-post check of a matcher that does
/// not run is a few loads and compares.
struct DetectorGate {
    var trigger: DetectorTrigger
    /// The matcher reads a view other than the fully folded text, which the
    /// prescan does not describe: it always scans.
    var alwaysRuns: Bool
    /// The matcher shares the scan of the matcher before it (same detector, same view).
    var sharesPreviousScan: Bool
    var minimumDigits: Int32
    var minimumChainDigits: Int32

    /// The gate of `matchers[index]`.
    init(_ matchers: [DetectorMatcher], _ index: Int) {
        let detector = matchers[index].detector
        trigger = detector.trigger
        alwaysRuns = matchers[index].subsetView != -1
        sharesPreviousScan = index > 0 && matchers[index - 1].sharedScan == matchers[index].sharedScan
        minimumDigits = Int32(clamping: detector.minimumDigits)
        minimumChainDigits = Int32(clamping: detector.minimumChainDigits)
    }

    /// The gate of `detector` on the fully folded text.
    init(_ detector: any Detector) {
        self.init([DetectorMatcher(rule: 0, detector: detector, sharedScan: 0)], 0)
    }

    /// Whether the matcher can report anything in the post `prescan` describes.
    @inline(__always) func admits(_ prescan: DetectorPrescan) -> Bool {
        alwaysRuns || (!prescan.triggers.isDisjoint(with: trigger) && prescan.digits >= Int(minimumDigits)
            && prescan.longestDigitChain >= Int(minimumChainDigits))
    }
}
