// One parsed input line of `vigil screen` (docs/reference/records.md): the fields Vigil reads, decoded
// into reusable buffers. Unknown fields are validated and skipped, never kept.

/// The fields of one input record. Byte fields are views into the parser's buffers and
/// are valid until the next parse.
public struct InputRecord {
    /// `"type":"command"` records are operator commands for the escalation machine.
    public var isCommand = false
    /// The id as JSON to echo (a number literal or a re-encoded string), or nil.
    public var idJSON: [UInt8]? = nil
    /// Event time in milliseconds since the epoch, when `ts` was given and valid.
    public var eventTime: Int64? = nil
    public var topic: String? = nil
    public var author: String? = nil
    public var kind: String? = nil
    /// For commands: `ack`, `assessed`, `strategy_approved`, `close`.
    public var command: String? = nil
    public var by: String? = nil
    /// For `assessed`: the severity the operator assessed (`sev1`…`sev4`).
    public var severity: String? = nil
    /// Problems that did not make the line unusable (invalid UTF-8 replaced, a bad `ts`).
    public var warnings: [String] = []
    /// `text` held bytes that are not valid UTF-8 (or an unpaired surrogate escape): what
    /// was screened is not what the author wrote, so the verdict is at least `review`.
    public var unreadableText = false
    /// Where the post's text is in the line, when its JSON string needed no decoding
    /// (`JSONLineParser.parse(_:into:)`; nil from `parse(_:)`, which copies it to `text`).
    var textSpan: Range<Int>? = nil
    /// Where the id's JSON is in the line, when it can be echoed as written (a number, or
    /// a string with nothing to escape); then `idJSON` is nil. Nil from `parse(_:)`.
    var idSpan: Range<Int>? = nil

    public init() {}

    /// Clears every field, writing only those that are set (most are not): cheaper per
    /// line than assigning a new record, which releases every field.
    mutating func reset() {
        isCommand = false
        if idJSON != nil { idJSON = nil }
        eventTime = nil
        if topic != nil { topic = nil }
        if author != nil { author = nil }
        if kind != nil { kind = nil }
        if command != nil { command = nil }
        if by != nil { by = nil }
        if severity != nil { severity = nil }
        if !warnings.isEmpty { warnings = [] }
        unreadableText = false
        textSpan = nil
        idSpan = nil
    }
}

extension InputRecord {
    /// The warning of a post that could not be read as written; its verdict is at least
    /// `review` (fail closed: text nobody could read is never published unseen).
    public static let unreadableWarning =
        "invalid UTF-8 in \"text\" was replaced with U+FFFD: the post cannot be read as written, so it is held for review"
}

extension Decision {
    /// At least `review` when the post could not be read as written.
    @inline(__always)
    public func raised(unreadable: Bool) -> Decision { unreadable && self == .allow ? .review : self }
}
