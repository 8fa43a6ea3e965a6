// Event times of input records (`ts`): RFC 3339 strings or epoch seconds, converted
// to milliseconds since the epoch without Foundation, so escalation windows are
// computed the same way on every machine.

enum RFC3339 {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (a space or `t` may stand for `T`).
    static func milliseconds(_ text: [UInt8]) -> Int64? {
        guard text.count >= 20 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<start + length {
                let byte = text[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), text[4] == 0x2D, let month = number(5, 2), text[7] == 0x2D,
              let day = number(8, 2), [0x54, 0x74, 0x20].contains(text[10]),
              let hour = number(11, 2), text[13] == 0x3A, let minute = number(14, 2), text[16] == 0x3A,
              let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var index = 19
        var millis = 0
        if index < text.count && text[index] == 0x2E {
            index += 1
            var digits = 0
            while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
                if digits < 3 { millis = millis * 10 + Int(text[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        guard index < text.count else { return nil }
        var offsetMinutes = 0
        switch text[index] {
        case 0x5A, 0x7A:   // Z z
            index += 1
        case 0x2B, 0x2D:   // + -
            guard index + 6 == text.count, let h = number(index + 1, 2), text[index + 3] == 0x3A, let m = number(index + 4, 2),
                  h < 24, m < 60 else { return nil }
            offsetMinutes = (h * 60 + m) * (text[index] == 0x2D ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == text.count else { return nil }
        let days = daysSinceEpoch(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// Epoch seconds as a JSON number (integer or fraction) → milliseconds.
    static func epochSecondsToMilliseconds(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let value = Double(String(decoding: literal, as: UTF8.self)), value.isFinite,
              abs(value) < 1e13 else { return nil }
        return Int64((value * 1000).rounded())
    }

    /// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (with `.mmm` when not whole).
    public static func format(milliseconds: Int64) -> String {
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let totalSeconds = (milliseconds - Int64(millis)) / 1000
        var days = Int(totalSeconds / 86_400)
        var secondsOfDay = Int(totalSeconds % 86_400)
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))"
        if millis != 0 { text += "." + String(String(millis + 1000).dropFirst()) }
        return text + "Z"
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSinceEpoch days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
