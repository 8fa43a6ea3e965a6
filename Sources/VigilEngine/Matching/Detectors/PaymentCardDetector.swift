// `bank-card` and `credit-card`: payment card numbers, a PIPL "financial
// account" and a fraud signal. Both share one candidate walk (whole digit
// groups in the layouts people actually write) and the Luhn check; they differ
// only in which lengths and issuer prefixes they accept. A number may be
// reported by both detectors; rules decide what that means.

/// The candidate walk shared by the card detectors.
///
/// Accepted layouts: one run of digits; groups of four with a shorter last
/// group (`4012 8888 8888 1881`, `6222 0212 3456 7890 123`); 4-6-5 / 4-6-4
/// (`3782-822463-10005`); and 6-N (`622202 1234567890123`). A grouped number
/// uses one kind of separator (space or hyphen) and is the whole chain of
/// groups joined by it (`4012 8888 8888 1881 2024` is not a card). Starting at
/// each group, the longest accepted candidate is reported.
enum PaymentCardScanner {
    /// Appends every card number in `text` that `accepts(iin, length)` and
    /// that passes Luhn; `iin` is the value of the first four digits.
    static func scan(
        _ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange],
        accepts: (_ iin: Int, _ length: Int) -> Bool
    ) {
        let scanner = DigitRunScanner(text)
        var position = 0
        while let g = scanner.group(from: position) {
            if let end = longestCard(scanner, at: g, accepts: accepts) {
                // A card number is a whole token, and not a number labelled as an ID or
                // credit code (ValueLabel).
                let label = ValueLabel.before(text, g.start)
                if !ValueLabel.isGlued(text, start: g.start, end: end) && (label == nil || label == .card) {
                    hits.append(ByteRange(start: g.start, end: end))
                }
                position = end
            } else {
                position = g.end
            }
        }
    }

    private static func longestCard(
        _ s: DigitRunScanner, at first: DigitGroup, accepts: (Int, Int) -> Bool
    ) -> Int? {
        // Every accepted layout starts with at least four digits; no issuer starts with 0.
        guard first.length >= 4, first.length <= 19, s.text[first.start] != 0x30 else { return nil }
        let iin = s.value(at: first.start, count: 4)
        var best: Int? = nil
        if first.length >= 12 && accepts(iin, first.length)
            && Luhn.isValid(s.text, from: first.start, to: first.end) {
            best = first.end
        }

        var total = first.length
        var groups = 1
        var last = first
        var separator: UInt8 = 0
        var second = 0
        var allFours = first.length == 4
        while let (sep, g) = s.next(after: last) {
            if groups == 1 { separator = sep } else if sep != separator { break }
            groups += 1
            total += g.length
            if total > 19 { break }
            if groups == 2 { second = g.length }
            let layout = (allFours && g.length <= 4)
                || (groups == 2 && first.length == 6)
                || (groups == 3 && first.length == 4 && second == 6 && (g.length == 4 || g.length == 5))
            // A grouped number is the whole chain of groups joined by its separator.
            let whole = !s.continues(after: g, with: sep) && !s.continues(before: first, with: sep)
            if layout && whole && total >= 12 && accepts(iin, total)
                && Luhn.isValid(s.text, from: first.start, to: g.end) {
                best = g.end
            }
            allFours = allFours && g.length == 4
            guard allFours || (groups == 2 && first.length == 4 && second == 6) else { break }
            last = g
        }
        return best
    }
}

/// Finds bank card numbers: 16–19 digits that pass the Luhn check, whatever
/// the issuer (UnionPay cards start with 62 and run to 19 digits).
public struct BankCardDetector: Detector {
    public var trigger: DetectorTrigger { .longDigitChain }
    /// 16–19 digits.
    public var minimumDigits: Int { 16 }
    /// All of them in one chain of groups.
    public var minimumChainDigits: Int { 16 }
    /// `bank-card`, as rule files write it.
    public let name = "bank-card"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        PaymentCardScanner.scan(text, into: &hits) { _, length in (16...19).contains(length) }
    }
}

/// Finds credit card numbers of the major networks that pass the Luhn check:
/// Visa (4; 13, 16 or 19 digits), Mastercard (51–55, 2221–2720; 16), American
/// Express (34, 37; 15), UnionPay (62; 16–19), JCB (3528–3589; 16–19) and
/// Discover (6011, 644–649, 65; 16–19).
public struct CreditCardDetector: Detector {
    public var trigger: DetectorTrigger { .longDigitChain }
    /// 13–19 digits.
    public var minimumDigits: Int { 13 }
    /// All of them in one chain of groups.
    public var minimumChainDigits: Int { 13 }
    /// `credit-card`, as rule files write it.
    public let name = "credit-card"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        PaymentCardScanner.scan(text, into: &hits, accepts: Self.accepts)
    }

    /// Whether a number of `length` digits starting with the four digits `iin`
    /// belongs to one of the networks above.
    static func accepts(iin: Int, length: Int) -> Bool {
        let two = iin / 100
        let three = iin / 10
        switch length {
        case 13: return iin / 1000 == 4
        case 15: return two == 34 || two == 37
        case 16:
            if iin / 1000 == 4 || (51...55).contains(two) || (2221...2720).contains(iin) { return true }
            fallthrough
        case 17, 18, 19:
            if length == 19 && iin / 1000 == 4 { return true }
            return two == 62 || (3528...3589).contains(iin)
                || iin == 6011 || (644...649).contains(three) || two == 65
        default: return false
        }
    }
}
