// Numbers, times and durations as an operator reads them: UTC timestamps without
// Foundation's date formatters, "3 h 15 min", "8.3", plural nouns.

enum ConsoleFormat {
    /// "2026-12-05 06:10 UTC" for ms since the epoch.
    static func time(_ ms: Int64) -> String {
        let (date, minutes) = dateAndMinutes(ms)
        return "\(date) \(two(minutes / 60)):\(two(minutes % 60)) UTC"
    }

    /// "06:10" (UTC) for ms since the epoch.
    static func clock(_ ms: Int64) -> String {
        let minutes = dateAndMinutes(ms).minutes
        return "\(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// ISO 8601 for a `<time datetime>` attribute.
    static func iso(_ ms: Int64) -> String {
        let (date, minutes) = dateAndMinutes(ms)
        let second = Int((ms / 1000) % 60 + 60) % 60
        return "\(date)T\(two(minutes / 60)):\(two(minutes % 60)):\(two(second))Z"
    }

    /// The civil date (proleptic Gregorian) and the minute of the day.
    static func dateAndMinutes(_ ms: Int64) -> (date: String, minutes: Int) {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minutes = Int((seconds - days * 86_400) / 60)
        // Howard Hinnant's days_from_civil, inverted.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return ("\(year)-\(two(Int(month)))-\(two(Int(day)))", minutes)
    }

    /// "3 h 15 min", "45 min", "2 d 4 h", "30 s".
    static func duration(_ ms: Int64) -> String {
        let minutes = ms / 60_000
        if minutes < 1 { return "\(max(0, ms / 1000)) s" }
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60, rest = minutes % 60
        if hours < 48 { return rest == 0 ? "\(hours) h" : "\(hours) h \(rest) min" }
        let days = hours / 24, restHours = hours % 24
        return restHours == 0 ? "\(days) d" : "\(days) d \(restHours) h"
    }

    /// One decimal when it matters: 8.3, 12, 0.4.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths)) % 10
        if fraction == 0 { return "\(whole)" }
        return "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }

    /// "1 author", "17 authors", "29 complaints", "3 brand-risk posts".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(n == 1 ? noun : plural(noun))"
    }

    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("s") { return noun }
        if noun.hasSuffix("y") { return String(noun.dropLast()) + "ies" }
        return noun + "s"
    }

    /// What a signal counts, as a noun: `complaint` → complaint, `brand-risk` → brand-risk post.
    static func signalNoun(_ signal: String) -> String {
        signal == "complaint" ? "complaint" : "\(signal) post"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Human name of a stage: early_warning → Early warning.
    static func stageName(_ raw: String) -> String {
        let words = raw.split(separator: "_").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
