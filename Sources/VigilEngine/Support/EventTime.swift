// Event time for the escalation machine: milliseconds since the Unix epoch, RFC 3339
// formatting and parsing without Foundation's date formatters (they depend on locale
// and time-zone settings; this must print the same bytes everywhere), and the
// durations of `rules/policy.yaml` (`5m`, `2h`, `7d`).

/// Event-time helpers. All times are milliseconds since 1970-01-01T00:00:00Z.
public enum EventTime {
    /// `2015-02-22T09:00:00Z`, with `.mmm` only when the milliseconds are not zero.
    public static func format(_ ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let inDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let seconds = inDay / 1000, millis = inDay % 1000
        var out = pad(y, 4) + "-" + pad(Int64(m), 2) + "-" + pad(Int64(d), 2)
        out += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if millis != 0 { out += "." + pad(millis, 3) }
        return out + "Z"
    }

    /// Parses an RFC 3339 timestamp (`2024-06-01T14:05:00Z`, `…+08:00`, fractional
    /// seconds truncated to milliseconds, `t`/`z`/space accepted as in RFC 3339 §5.6 notes).
    public static func parse(rfc3339 text: String) -> Int64? {
        parse(rfc3339Bytes: Array(text.utf8))
    }

    /// `parse(rfc3339:)` over UTF-8 bytes, for input parsers that hold bytes.
    public static func parse(rfc3339Bytes b: [UInt8]) -> Int64? {
        func digits(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45,
              let day = digits(8, 2), [84, 116, 32].contains(b[10]), let hour = digits(11, 2), b[13] == 58,
              let minute = digits(14, 2), b[16] == 58, let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: Int(month), year: year),
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19, millis: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale: Int64 = 100, count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                millis += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
                count += 1
            }
            guard count > 0 else { return nil }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        switch b[i] {
        case 90, 122: i += 1
        case 43, 45:
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60_000 * (b[i] == 43 ? 1 : -1)
            i += 6
        default: return nil
        }
        guard i == b.count else { return nil }
        let days = days(fromCivil: year, Int(month), Int(day))
        return days * 86_400_000 + (hour * 3600 + minute * 60 + min(second, 59)) * 1000 + millis - offset
    }

    /// Parses a duration: a non-negative number followed by `ms`, `s`, `m`, `h` or `d`.
    public static func parse(duration text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // `ms` also ends in `s`; let the longer suffix win.
            if suffix == "s", number.hasSuffix("m") { continue }
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value >= 0, value * Double(scale) < 9e15 else { return nil }
            return Int64((value * Double(scale)).rounded())
        }
        return nil
    }

    /// A duration the way the policy file writes it (`5m`, `90s`, `1h`, `7d`).
    public static func describe(duration ms: Int64) -> String {
        for (suffix, scale) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms >= scale && ms % scale == 0 {
            return "\(ms / scale)\(suffix)"
        }
        return "\(ms)ms"
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysIn(month: Int, year: Int64) -> Int64 {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
