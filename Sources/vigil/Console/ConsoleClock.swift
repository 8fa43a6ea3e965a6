// "Now" for the console: the end of the newest closed bucket in the store, so a batch
// run examined later (a week screened from files) shows its own last day, not an empty
// one; the wall clock when the store has no buckets yet.
import VigilEngine
import VigilStore

enum ConsoleClock {
    static func now(_ store: any ConsoleStore) throws -> Int64 {
        if let sqlite = store as? SQLiteStore, let end = try sqlite.latestBucketEnd() { return end }
        return wallClockMilliseconds()
    }

    /// RFC 3339 UTC with milliseconds, the `ts` of an input record.
    static func rfc3339(_ ms: Int64) -> String {
        let seconds = ms / 1000, millis = Int(ms % 1000)
        let days = seconds / 86_400, rest = Int(seconds % 86_400)
        let (y, m, d) = civil(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)).\(fraction)Z"
    }

    /// Civil date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
