// What the text says a number is. `身份证：51010719760519898X` with a wrong check
// character still holds 17 digits that pass Luhn, and an 18-digit card number may look
// like a resident ID: the label in front of a number decides which detector it belongs
// to. A number labelled 身份证 / 证件号 is judged as an ID, 统一社会信用代码 / 信用代码 as a
// credit code, 卡号 / 银行卡 as a payment card; the other detectors leave it alone.

enum ValueLabel {
    case identity, creditCode, card

    /// Labels as they appear in the folded text (UTF-8), longest first where one ends
    /// another.
    private static let written: [(String, ValueLabel)] = [
        ("统一社会信用代码", .creditCode), ("社会信用代码", .creditCode), ("信用代码", .creditCode),
        ("身份证号码", .identity), ("身份证号", .identity), ("身份证", .identity), ("证件号码", .identity), ("证件号", .identity),
        ("银行卡号", .card), ("信用卡号", .card), ("银行卡", .card), ("信用卡", .card), ("借记卡", .card), ("卡号", .card),
        ("card number", .card), ("card no", .card),
    ]
    private static let labels: [([UInt8], ValueLabel)] = written.map { (Array($0.0.utf8), $0.1) }

    /// The label right before `start` (spaces, colons, `是` or `为` may stand between).
    static func before(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> ValueLabel? {
        var end = start
        var skipped = 0
        while end > 0 && skipped < 4 {
            let byte = text[end - 1]
            if byte == 0x20 || byte == 0x3A || byte == 0x2E || byte == 0x23 { end -= 1; skipped += 1; continue }
            if end >= 3 && (text[end - 3 ..< end].elementsEqual("是".utf8) || text[end - 3 ..< end].elementsEqual("为".utf8)) {
                end -= 3; skipped += 1; continue
            }
            break
        }
        for (label, kind) in labels where label.count <= end {
            if text[(end - label.count) ..< end].elementsEqual(label) { return kind }
        }
        return nil
    }

    /// Whether an ASCII letter or digit touches [start, end) on either side.
    static func isGlued(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        (start > 0 && ASCII.isAlnum(text[start - 1])) || (end < text.count && ASCII.isAlnum(text[end]))
    }
}
