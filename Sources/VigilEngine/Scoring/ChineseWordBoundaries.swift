// Word-aware matching of Chinese keywords: a hit that cuts through a word of the text
// around it is not a hit (保本 in 环保|本子, 包过 in 面包|过期). Reads the keyword stream
// around the hit — at most `ChineseWords.context` Han characters on each side, stopping at
// anything else — and asks `ChineseWords` whether the cheapest segmentation of that window
// cuts the hit. Hits with no Han character right beside them are accepted without a look
// at the table, so most hits cost two byte tests.

enum ChineseWordBoundaries {
    /// Whether a keyword-stream match [start, end) keeps to word boundaries.
    static func accepts(_ stream: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let before = hanBefore(stream, start), after = hanAt(stream, end)
        if before == nil && after == nil { return true }
        let capacity = 2 * ChineseWords.context + ChineseWords.longestChecked
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: capacity) { window in
            let characters = window.baseAddress!
            // Context before, read backwards and stored in order.
            var leading = 0, index = start
            while leading < ChineseWords.context, let (scalar, lead) = hanEnding(stream, index) {
                leading += 1
                index = lead
                characters[ChineseWords.context - leading] = scalar
            }
            // Move the leading context to the front.
            if leading < ChineseWords.context {
                for offset in 0..<leading { characters[offset] = characters[ChineseWords.context - leading + offset] }
            }
            var count = leading
            // The hit's own characters (gaps skipped); a long hit is accepted as it is.
            index = start
            while index < end {
                let byte = stream[index]
                if byte < 0x80 { index += 1; continue }
                let (scalar, length) = decodeScalar(stream, at: index)
                index += length
                guard count - leading < ChineseWords.longestChecked, scalar < 0x10000 else { return true }
                characters[count] = UInt16(scalar)
                count += 1
            }
            let hitEnd = count
            index = end
            while count - hitEnd < ChineseWords.context, let scalar = hanAt(stream, index) {
                characters[count] = scalar
                count += 1
                index += 3
            }
            return !ChineseWords.shared.cutsHit(UnsafeBufferPointer(start: characters, count: count), hitStart: leading, hitEnd: hitEnd)
        }
    }

    /// The Han character (U+3400–U+9FFF, three UTF-8 bytes) starting at `index`, if any.
    @inline(__always)
    static func hanAt(_ stream: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt16? {
        guard index + 2 < stream.count else { return nil }
        let lead = stream[index]
        guard lead >= 0xE3 && lead <= 0xE9 else { return nil }
        let scalar = UInt32(lead & 0x0F) << 12 | UInt32(stream[index + 1] & 0x3F) << 6 | UInt32(stream[index + 2] & 0x3F)
        return scalar >= 0x3400 && scalar <= 0x9FFF ? UInt16(scalar) : nil
    }

    @inline(__always)
    static func hanBefore(_ stream: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt16? {
        hanEnding(stream, index)?.scalar
    }

    /// The Han character ending just before `index`, and where it starts.
    @inline(__always)
    static func hanEnding(_ stream: UnsafeBufferPointer<UInt8>, _ index: Int) -> (scalar: UInt16, lead: Int)? {
        guard index >= 3 else { return nil }
        guard let scalar = hanAt(stream, index - 3) else { return nil }
        return (scalar, index - 3)
    }
}
