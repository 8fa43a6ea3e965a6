// Numbers, times and durations as an operator reads them: UTC timestamps (from the
// engine's EventTime, without Foundation's date formatters), "3 h 15 min", "8.3",
// plural nouns.
import VigilEngine

enum ConsoleFormat {
    /// "2026-12-05 06:10 UTC" for ms since the epoch.
    static func time(_ ms: Int64) -> String {
        let stamp = iso(ms)
        return "\(stamp.prefix(10)) \(stamp.dropFirst(11).prefix(5)) UTC"
    }

    /// "06:10" (UTC) for ms since the epoch.
    static func clock(_ ms: Int64) -> String {
        String(iso(ms).dropFirst(11).prefix(5))
    }

    /// ISO 8601 to the second (`2026-12-05T06:10:00Z`), for a `<time datetime>`
    /// attribute: the engine's RFC 3339 formatting without the milliseconds.
    static func iso(_ ms: Int64) -> String {
        EventTime.format(ms - ((ms % 1000) + 1000) % 1000)
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
