// The cheap half of a detector: most validated values are numbers, so this
// file finds maximal runs of ASCII digits ("groups") and the groups that follow
// them after a single space or hyphen (`138-0013-8000`, `4012 8888 8888 1881`).
// Detectors then try their accepted layouts on those groups and run the
// checksum only on candidates. Nothing here allocates; it only reads offsets.
// A grouped value must be the whole chain of groups joined by its separator:
// `138 0013 8000 12` is not a phone number followed by 12.

/// A maximal run of ASCII digits, [start, end).
struct DigitGroup {
    var start: Int
    var end: Int
    var length: Int { end - start }
}

/// Finds digit groups in a text and the groups joined to them by one separator.
struct DigitRunScanner {
    let text: UnsafeBufferPointer<UInt8>

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The first group that starts at or after `position`. `position` must not
    /// be inside a group (callers pass 0 or the end of an earlier group).
    func group(from position: Int) -> DigitGroup? {
        let i = ByteSearch.firstDigit(in: text, from: position)
        return i < text.count ? group(at: i) : nil
    }

    /// The group that starts at `start`, which holds a digit.
    func group(at start: Int) -> DigitGroup {
        var j = start + 1
        let n = text.count
        while j < n && ASCII.isDigit(text[j]) { j += 1 }
        return DigitGroup(start: start, end: j)
    }

    /// The group after `group` when exactly one space or hyphen separates them.
    func next(after group: DigitGroup) -> (separator: UInt8, group: DigitGroup)? {
        let s = group.end
        guard s + 1 < text.count else { return nil }
        let b = text[s]
        guard b == ASCII.space || b == ASCII.hyphen, ASCII.isDigit(text[s + 1]) else { return nil }
        return (b, self.group(at: s + 1))
    }

    /// Whether a group written with `separator` continues past `group` (one
    /// `separator` byte, then a digit).
    func continues(after group: DigitGroup, with separator: UInt8) -> Bool {
        let s = group.end
        return s + 1 < text.count && text[s] == separator && ASCII.isDigit(text[s + 1])
    }

    /// Whether a group written with `separator` comes right before `group`
    /// (a digit, then one `separator` byte).
    func continues(before group: DigitGroup, with separator: UInt8) -> Bool {
        let s = group.start
        return s >= 2 && text[s - 1] == separator && ASCII.isDigit(text[s - 2])
    }

    /// The number written by the `count` bytes at `start` (all digits, count ≤ 18).
    func value(at start: Int, count: Int) -> Int {
        var v = 0
        for i in start..<(start + count) { v = v * 10 + ASCII.digit(text[i]) }
        return v
    }

    /// Whether the byte before `offset` is `byte`.
    func byte(before offset: Int, is byte: UInt8) -> Bool {
        offset > 0 && text[offset - 1] == byte
    }
}
