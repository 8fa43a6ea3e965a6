// A small validating JSON parser for `vigil screen` input lines: one pass over the
// bytes, no Foundation, no intermediate objects. It reads only the top-level fields
// Vigil uses and checks that the whole line is exactly one JSON value (RFC 8259),
// nested values included, so a truncated or malformed line is an error record rather
// than a guess; so is an object with a key given twice (which one would count?).
// Strings are unescaped into reusable buffers; invalid UTF-8 inside a string is
// replaced by U+FFFD and noted.

/// Why a line cannot be screened.
public struct InputLineError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Parses JSONL input records. One per thread; buffers are reused across lines.
public struct JSONLineParser {
    /// Deepest nesting accepted in ignored fields.
    public var maximumDepth = 256
    /// The decoded `text` of the last record parsed.
    public private(set) var text: [UInt8] = []
    var scratch: [UInt8] = []
    /// The keys of the objects being read that are not fields Vigil reads (those are
    /// tracked in a bit set), to find a key given twice.
    var keys = KeyList()

    public init() {
        text.reserveCapacity(4096)
        scratch.reserveCapacity(256)
    }

    /// Parses one line (without its newline). On success `text` holds the post.
    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>) -> Result<InputRecord, InputLineError> {
        var record = InputRecord()
        if let failure = parse(line, into: &record) { return .failure(failure) }
        // Self-contained: what was left in the line is copied out of it.
        if let span = record.textSpan {
            text.removeAll(keepingCapacity: true)
            text.append(contentsOf: UnsafeBufferPointer(rebasing: line[span]))
            record.textSpan = nil
        }
        if let span = record.idSpan {
            record.idJSON = Array(line[span])
            record.idSpan = nil
        }
        return .success(record)
    }

    /// Parses one line (without its newline) into `record`; returns why the line cannot
    /// be screened, or nil. The post is `line[record.textSpan]` when its JSON string
    /// needed no decoding, else `text`; the id likewise `line[record.idSpan]` or
    /// `record.idJSON` (the hot path: most fields are not copied at all).
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout InputRecord) -> InputLineError? {
        var cursor = Cursor(bytes: line)
        record.reset()
        var hasText = false
        keys.removeAll()
        if !text.isEmpty { text.removeAll(keepingCapacity: true) }
        cursor.skipWhitespace()
        if cursor.atEnd { return InputLineError("blank line") }
        guard cursor.peek == UInt8(ascii: "{") else {
            if cursor.peek == UInt8(ascii: "[") || cursor.peek == UInt8(ascii: "\"") || isNumberStart(cursor.peek) {
                if (try? skipValue(&cursor, depth: 0)) != nil, cursor.isAtEndAfterWhitespace() {
                    return InputLineError("not a JSON object: a record must be an object with a \"text\" string")
                }
            }
            return InputLineError("invalid JSON at byte \(cursor.position + 1): expected an object")
        }
        do throws(InputLineError) {
            cursor.advance()
            cursor.skipWhitespace()
            if cursor.peek == UInt8(ascii: "}") {
                cursor.advance()
            } else {
                var seen: UInt16 = 0
                while true {
                    cursor.skipWhitespace()
                    guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("expected a field name") }
                    let keyStart = cursor.position
                    let field = try readKey(&cursor)
                    if field != .other {
                        let bit: UInt16 = 1 << field.rawValue
                        if seen & bit != 0 { throw Self.duplicate(field.name) }
                        seen |= bit
                    }
                    cursor.skipWhitespace()
                    guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a field name") }
                    cursor.advance()
                    cursor.skipWhitespace()
                    if field == .other {
                        var keyCursor = Cursor(bytes: cursor.bytes, position: keyStart)
                        try addKey(&keyCursor)
                    }
                    try readField(field, &cursor, &record, &hasText)
                    cursor.skipWhitespace()
                    if cursor.peek == UInt8(ascii: ",") { cursor.advance(); continue }
                    if cursor.peek == UInt8(ascii: "}") { cursor.advance(); break }
                    throw cursor.error("expected ',' or '}'")
                }
                if let repeated = keys.repeatedKey(from: 0) { throw Self.duplicate(repeated) }
            }
            guard cursor.isAtEndAfterWhitespace() else { throw cursor.error("unexpected data after the object") }
        } catch {
            return error
        }
        if record.isCommand {
            guard record.command != nil else { return InputLineError("command record without a \"command\" string") }
            return nil
        }
        guard hasText else { return InputLineError("missing \"text\": a record needs a \"text\" string") }
        return nil
    }

    // MARK: Fields

    enum Field: Int {
        case text, id, ts, topic, author, kind, type, command, by, severity, other

        var name: String { self == .other ? "?" : "\(self)" }
    }

    static func duplicate(_ name: String) -> InputLineError {
        InputLineError("duplicate key \"\(name)\": a record must give each key once (which one would count?)")
    }

    /// Reads the key string at the cursor into `keys`.
    mutating func addKey(_ cursor: inout Cursor) throws(InputLineError) {
        if let span = Self.verbatimString(&cursor) {
            keys.add(UnsafeBufferPointer(rebasing: cursor.bytes[span]))
        } else {
            try readScratch(&cursor)
            scratch.withUnsafeBufferPointer { keys.add($0) }
        }
    }

    mutating func readKey(_ cursor: inout Cursor) throws(InputLineError) -> Field {
        if let span = Self.verbatimString(&cursor) {
            return Self.field(named: UnsafeBufferPointer(rebasing: cursor.bytes[span]))
        }
        try readScratch(&cursor)
        return scratch.withUnsafeBufferPointer { Self.field(named: $0) }
    }

    static func field(named name: UnsafeBufferPointer<UInt8>) -> Field {
        func equals(_ literal: StaticString) -> Bool {
            guard name.count == literal.utf8CodeUnitCount else { return false }
            for offset in 0..<name.count where name[offset] != literal.utf8Start[offset] { return false }
            return true
        }
        switch name.count {
        case 2 where equals("id"): return .id
        case 2 where equals("ts"): return .ts
        case 2 where equals("by"): return .by
        case 4 where equals("text"): return .text
        case 4 where equals("kind"): return .kind
        case 4 where equals("type"): return .type
        case 5 where equals("topic"): return .topic
        case 6 where equals("author"): return .author
        case 7 where equals("command"): return .command
        case 8 where equals("severity"): return .severity
        default: return .other
        }
    }

    mutating func readField(_ field: Field, _ cursor: inout Cursor, _ record: inout InputRecord, _ hasText: inout Bool) throws(InputLineError) {
        let isString = cursor.peek == UInt8(ascii: "\"")
        switch field {
        case .text:
            guard isString else {
                try skipValue(&cursor, depth: 1)
                throw InputLineError("\"text\" must be a string")
            }
            var plainEnd = 0
            if let span = Self.verbatimString(&cursor, plainEnd: &plainEnd) {
                record.textSpan = span
            } else {
                record.textSpan = nil
                if try readText(&cursor, resumingAt: plainEnd) {
                    record.warnings.append(InputRecord.unreadableWarning)
                    record.unreadableText = true
                }
            }
            hasText = true
        case .id:
            if isString, let span = Self.verbatimString(&cursor) {
                // Nothing to escape (no escape, no control byte, valid UTF-8): the string
                // as written, quotes included, is what re-encoding it would give.
                record.idSpan = (span.lowerBound - 1)..<(span.upperBound + 1)
                record.idJSON = nil
            } else if isString {
                try readScratch(&cursor)
                var writer = JSONWriter(capacity: scratch.count + 2)
                scratch.withUnsafeBufferPointer { writer.string(utf8: $0) }
                record.idJSON = writer.bytes
                record.idSpan = nil
            } else if isNumberStart(cursor.peek) {
                let start = cursor.position
                if maximumDepth < 1 || !Self.skipPlainInteger(&cursor) { try skipValue(&cursor, depth: 1) }
                record.idSpan = start..<cursor.position
                record.idJSON = nil
            } else {
                try skipValue(&cursor, depth: 1)
                record.warnings.append("\"id\" must be a string or a number; the line number is used")
            }
        case .ts:
            if isString {
                try readScratch(&cursor)
                record.eventTime = EventTime.parse(rfc3339Bytes: scratch)
                if record.eventTime == nil { record.warnings.append("\"ts\" is not an RFC 3339 time; arrival order is used") }
            } else if isNumberStart(cursor.peek) {
                let start = cursor.position
                try skipValue(&cursor, depth: 1)
                record.eventTime = Self.epochSecondsToMilliseconds(UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.position]))
                if record.eventTime == nil { record.warnings.append("\"ts\" is out of range; arrival order is used") }
            } else {
                try skipValue(&cursor, depth: 1)
                record.warnings.append("\"ts\" must be an RFC 3339 string or epoch seconds; arrival order is used")
            }
        case .topic: record.topic = try optionalString(&cursor, isString)
        case .author: record.author = try optionalString(&cursor, isString)
        case .kind: record.kind = try optionalString(&cursor, isString)
        case .command: record.command = try optionalString(&cursor, isString)
        case .by: record.by = try optionalString(&cursor, isString)
        case .severity: record.severity = try optionalString(&cursor, isString)
        case .type:
            let value = try optionalString(&cursor, isString)
            record.isCommand = value == "command"
        case .other:
            try skipIgnoredValue(&cursor)
        }
    }

    /// Epoch seconds as a JSON number (integer or fraction) → milliseconds.
    static func epochSecondsToMilliseconds(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let value = Double(String(decoding: literal, as: UTF8.self)), value.isFinite, abs(value) < 1e13 else { return nil }
        return Int64((value * 1000).rounded())
    }

    mutating func optionalString(_ cursor: inout Cursor, _ isString: Bool) throws(InputLineError) -> String? {
        guard isString else { try skipValue(&cursor, depth: 1); return nil }
        if let span = Self.verbatimString(&cursor) { return String(decoding: UnsafeBufferPointer(rebasing: cursor.bytes[span]), as: UTF8.self) }
        try readScratch(&cursor)
        return String(decoding: scratch, as: UTF8.self)
    }

    // MARK: Values

    /// Skips a positive integer without a leading zero, fraction or exponent (the usual
    /// numeric id) and returns true: where `skipValue` would stop, without its general
    /// number grammar. Returns false, the cursor unmoved, for anything else.
    static func skipPlainInteger(_ cursor: inout Cursor) -> Bool {
        let bytes = cursor.bytes, count = bytes.count
        var index = cursor.position
        guard index < count, bytes[index] &- 0x31 < 9 else { return false }   // 1…9
        index += 1
        while index < count && bytes[index] &- 0x30 < 10 { index += 1 }
        if index < count && (bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e")) { return false }
        cursor.position = index
        return true
    }

    func isNumberStart(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) }

    /// Skips a field Vigil does not read, validating it whole (nested values too: a line
    /// is either one JSON value or an error record).
    mutating func skipIgnoredValue(_ cursor: inout Cursor) throws(InputLineError) {
        try skipValue(&cursor, depth: 1)
    }

    /// Validates and skips any JSON value.
    mutating func skipValue(_ cursor: inout Cursor, depth: Int) throws(InputLineError) {
        guard depth <= maximumDepth else { throw cursor.error("nesting deeper than \(maximumDepth)") }
        cursor.skipWhitespace()
        guard !cursor.atEnd else { throw cursor.error("unexpected end of line: a value is missing") }
        switch cursor.peek {
        case UInt8(ascii: "\""):
            try skipString(&cursor)
        case UInt8(ascii: "{"):
            cursor.advance()
            cursor.skipWhitespace()
            if cursor.peek == UInt8(ascii: "}") { cursor.advance(); return }
            let firstKey = keys.count
            while true {
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("expected a field name") }
                try addKey(&cursor)
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: ":") else { throw cursor.error("expected ':'") }
                cursor.advance()
                try skipValue(&cursor, depth: depth + 1)
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: ",") { cursor.advance(); continue }
                if cursor.peek == UInt8(ascii: "}") {
                    cursor.advance()
                    if let repeated = keys.repeatedKey(from: firstKey) { throw Self.duplicate(repeated) }
                    return
                }
                throw cursor.error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            cursor.advance()
            cursor.skipWhitespace()
            if cursor.peek == UInt8(ascii: "]") { cursor.advance(); return }
            while true {
                try skipValue(&cursor, depth: depth + 1)
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: ",") { cursor.advance(); continue }
                if cursor.peek == UInt8(ascii: "]") { cursor.advance(); return }
                throw cursor.error("expected ',' or ']'")
            }
        case UInt8(ascii: "t"): try cursor.expectLiteral("true")
        case UInt8(ascii: "f"): try cursor.expectLiteral("false")
        case UInt8(ascii: "n"): try cursor.expectLiteral("null")
        default:
            try skipNumber(&cursor)
        }
    }

    func skipNumber(_ cursor: inout Cursor) throws(InputLineError) {
        if cursor.peek == UInt8(ascii: "-") { cursor.advance() }
        guard cursor.isDigit else { throw cursor.error("invalid value") }
        if cursor.peek == UInt8(ascii: "0") { cursor.advance() } else { while cursor.isDigit { cursor.advance() } }
        if cursor.peek == UInt8(ascii: ".") {
            cursor.advance()
            guard cursor.isDigit else { throw cursor.error("invalid number") }
            while cursor.isDigit { cursor.advance() }
        }
        if cursor.peek | 0x20 == UInt8(ascii: "e") {
            cursor.advance()
            if cursor.peek == UInt8(ascii: "+") || cursor.peek == UInt8(ascii: "-") { cursor.advance() }
            guard cursor.isDigit else { throw cursor.error("invalid number") }
            while cursor.isDigit { cursor.advance() }
        }
    }

    /// Reads a JSON string into `text`; returns true when invalid UTF-8 was replaced.
    /// `resumingAt`: where `verbatimString` found the content stopped being plain.
    mutating func readText(_ cursor: inout Cursor, resumingAt plainEnd: Int?) throws(InputLineError) -> Bool {
        var buffer: [UInt8] = []
        swap(&buffer, &text)
        defer { swap(&buffer, &text) }
        var replaced = false
        try Self.readString(&cursor, into: &buffer, replacedInvalid: &replaced, resumingAt: plainEnd)
        return replaced
    }

    /// Validates and skips a JSON string.
    mutating func skipString(_ cursor: inout Cursor) throws(InputLineError) {
        if Self.verbatimString(&cursor) == nil { try readScratch(&cursor) }
    }

    /// When the JSON string at the cursor needs no decoding — no escape, no control
    /// byte, valid UTF-8 — moves past it and returns where its content is; otherwise
    /// returns nil and leaves the cursor (`readString` then decodes it or reports the
    /// error). What it accepts is exactly what `readString` would copy unchanged.
    static func verbatimString(_ cursor: inout Cursor) -> Range<Int>? {
        var plainEnd = 0
        return verbatimString(&cursor, plainEnd: &plainEnd)
    }

    /// `verbatimString`, which on failure also tells where the content stopped being
    /// plain (at a character boundary): `readString(…, resumingAt: plainEnd)` need not
    /// look at what came before again.
    static func verbatimString(_ cursor: inout Cursor, plainEnd: inout Int) -> Range<Int>? {
        let bytes = cursor.bytes
        guard let base = bytes.baseAddress else { return nil }
        let start = cursor.position + 1   // after the opening quote
        let end = bytes.count
        var index = start
        // The multi-byte run check is not retried before this index (it stopped there).
        var runCheckedTo = start
        while index < end {
            if index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    // Eight ASCII bytes: skip them, or up to the first quote, backslash or
                    // control byte among them (then looked at below).
                    let special = JSONEscaping.escapeMask(word)
                    if special == 0 {
                        index += 8
                        // In ASCII text, then sixteen plain bytes at a time while there are.
                        while index &+ 16 <= end {
                            let low = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                            let high = UnsafeRawPointer(base + index + 8).loadUnaligned(as: UInt64.self)
                            guard (low | high) & 0x8080_8080_8080_8080 == 0,
                                  JSONEscaping.escapeMask(low) | JSONEscaping.escapeMask(high) == 0 else { break }
                            index &+= 16
                        }
                        continue
                    }
                    index += special.trailingZeroBitCount >> 3
                } else if base[index] >= 0x80 {
                    // Chinese text: runs of three-byte characters, four at a time.
                    let after = UTF8Validation.threeByteRun(base, from: index, end: end)
                    if after > index { index = after; continue }
                    // Other multi-byte text: the automaton, up to 64 bytes at a time (then
                    // the faster three-byte run gets another chance).
                    if index >= runCheckedTo {
                        let run = UTF8Validation.plainRun(base, from: index, end: min(end, index &+ 64))
                        runCheckedTo = run.checkedTo
                        if run.end > index { index = run.end; continue }
                    }
                }
            }
            let byte = base[index]
            if byte < 0x80 {
                if byte == UInt8(ascii: "\"") {
                    cursor.position = index + 1
                    return start..<index
                }
                if byte < 0x20 || byte == UInt8(ascii: "\\") { plainEnd = index; return nil }
                index += 1
            } else {
                let length = UTF8Validation.validSequenceLength(bytes, at: index)
                if length == 0 { plainEnd = index; return nil }
                index += length
            }
        }
        plainEnd = index
        return nil   // unterminated
    }

    /// Reads a JSON string into the scratch buffer.
    mutating func readScratch(_ cursor: inout Cursor) throws(InputLineError) {
        var buffer: [UInt8] = []
        swap(&buffer, &scratch)
        defer { swap(&buffer, &scratch) }
        var replaced = false
        try Self.readString(&cursor, into: &buffer, replacedInvalid: &replaced)
    }

    /// Reads a JSON string at the cursor into `output` (unescaped, valid UTF-8).
    ///
    /// Bytes that need no change (printable ASCII other than `"` and `\\`, valid UTF-8
    /// sequences) are validated in place and copied a whole run at a time.
    /// With `resumingAt`, the content before that index is known to be plain (by
    /// `verbatimString`) and is copied without being looked at again.
    static func readString(_ cursor: inout Cursor, into output: inout [UInt8], replacedInvalid: inout Bool,
                           resumingAt plainEnd: Int? = nil) throws(InputLineError) {
        output.removeAll(keepingCapacity: true)
        cursor.advance()   // opening quote
        let bytes = cursor.bytes
        var index = max(cursor.position, plainEnd ?? 0)
        let end = bytes.count
        var runStart = cursor.position   // the plain prefix, if any, is copied with the first run
        while index < end {
            let byte = bytes[index]
            // In ASCII text, eight plain bytes at a time (no escape, quote, control or non-ASCII byte).
            if byte < 0x80 && index + 8 <= end {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 && !JSONEscaping.needsEscape(word) { index += 8; continue }
            }
            if byte >= 0x80 {
                let after = UTF8Validation.threeByteRun(bytes.baseAddress!, from: index, end: end)
                if after > index { index = after; continue }
                let length = UTF8Validation.validSequenceLength(bytes, at: index)
                if length != 0 { index += length; continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replacedInvalid = true
                index += UTF8Validation.invalidSequenceLength(bytes, at: index)   // the broken sequence, as Swift's String reads it
                runStart = index
                continue
            }
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { index += 1; continue }
            if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            if byte == UInt8(ascii: "\"") {
                cursor.position = index + 1
                return
            }
            cursor.position = index
            if byte == UInt8(ascii: "\\") {
                index = try readEscape(&cursor, into: &output, replacedInvalid: &replacedInvalid)
                runStart = index
                continue
            }
            throw cursor.error(byte == 0 ? "NUL byte inside a string (write it as \\u0000)" : "control character inside a string")
        }
        cursor.position = end
        throw cursor.error("unterminated string")
    }

    /// Decodes the escape at the cursor; returns the index after it.
    static func readEscape(_ cursor: inout Cursor, into output: inout [UInt8], replacedInvalid: inout Bool) throws(InputLineError) -> Int {
        let bytes = cursor.bytes
        let index = cursor.position
        guard index + 1 < bytes.count else { throw cursor.error("unterminated escape") }
        let simple: UInt8?
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            cursor.position = index + 1
            throw cursor.error("invalid escape")
        }
        if let simple {
            output.append(simple)
            return index + 2
        }
        guard let unit = hex4(bytes, at: index + 2) else {
            cursor.position = index + 2
            throw cursor.error("invalid \\u escape")
        }
        var scalar = UInt32(unit)
        var next = index + 6
        if (0xD800...0xDBFF).contains(unit) {
            if next + 6 <= bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
               let low = hex4(bytes, at: next + 2), (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                next += 6
            } else {
                scalar = 0xFFFD
                replacedInvalid = true
            }
        } else if (0xDC00...0xDFFF).contains(unit) {
            scalar = 0xFFFD
            replacedInvalid = true
        }
        appendUTF8(scalar, to: &output)
        return next
    }

    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}

/// A read position in a line.
struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var atEnd: Bool { position >= bytes.count }
    /// The current byte, or 0 at the end.
    var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }
    var isDigit: Bool { peek >= 0x30 && peek <= 0x39 && !atEnd }

    mutating func advance() { position += 1 }

    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
            position += 1
        }
    }

    mutating func isAtEndAfterWhitespace() -> Bool {
        skipWhitespace()
        return atEnd
    }

    mutating func expectLiteral(_ literal: StaticString) throws(InputLineError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid value") }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { throw error("invalid value") }
        position += count
    }

    func error(_ message: String) -> InputLineError {
        atEnd ? InputLineError("invalid JSON: \(message) (line ends at byte \(bytes.count))")
              : InputLineError("invalid JSON at byte \(position + 1): \(message)")
    }
}
