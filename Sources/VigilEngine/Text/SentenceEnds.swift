// Where sentences end in the original text, for the `near` condition: two hits with a
// sentence end between them are not near, so "book! Couldn't put it down" holds no
// "couldn't book". A sentence ends at a line break (also U+2028, U+2029) and at an
// ASCII `.` `!` `?` `;` followed by white space or the end of the text, except a `;`
// that closes an HTML character reference (`&amp;`, common in scraped posts).
// Full-width punctuation (`。` `！` `？`) ends nothing here: Chinese comments chain
// clauses about one subject with it ("山东人。。…恶心死"), and on COLD the pairs it would
// have removed were on offensive posts 59 times out of 61 (COLD dev). Commas end
// nothing either.
// ASCII bytes never occur inside a multi-byte UTF-8 sequence, so the text is read
// byte by byte in either direction; only the few bytes around a hit are read.

enum SentenceEnds {
    /// The offset of the last sentence end in `text[floor..<offset]`, or nil.
    static func last(before offset: Int, notBefore floor: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = min(offset, text.count) - 1
        while index >= max(floor, 0) {
            if isEnd(at: index, in: text) { return index }
            index -= 1
        }
        return nil
    }

    /// The offset of the first sentence end in `text[offset..<limit]`, or nil.
    static func first(from offset: Int, before limit: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = max(offset, 0)
        let end = min(limit, text.count)
        while index < end {
            if isEnd(at: index, in: text) { return index }
            index += 1
        }
        return nil
    }

    /// Whether a sentence-ending character starts at `index`.
    @inline(__always)
    static func isEnd(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch text[index] {
        case 0x0A, 0x0D:
            return true
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"):
            if index + 1 < text.count {
                let next = text[index + 1]
                guard next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D else { return false }
            }
            return text[index] != UInt8(ascii: ";") || !endsCharacterReference(at: index, in: text)
        case 0xE2:
            // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
            guard index + 2 < text.count, text[index + 1] == 0x80 else { return false }
            return text[index + 2] == 0xA8 || text[index + 2] == 0xA9
        default:
            return false
        }
    }

    /// Whether the `;` at `index` closes an HTML character reference (`&amp;`, `&#8220;`):
    /// up to ten letters, digits or `#` after an `&`.
    static func endsCharacterReference(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = index - 1
        while position >= 0 && index - position <= 11 {
            let byte = text[position]
            if byte == UInt8(ascii: "&") { return index - position > 1 }
            guard ASCII.isAlnum(byte) || byte == UInt8(ascii: "#") else { return false }
            position -= 1
        }
        return false
    }
}
