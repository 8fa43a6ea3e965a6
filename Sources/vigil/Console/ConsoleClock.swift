// "Now" for the console: the end of the newest closed bucket in the store, so a batch
// run examined later (a week screened from files) shows its own last day, not an empty
// one; the wall clock when the store has no buckets yet.
import VigilEngine
import VigilStore

enum ConsoleClock {
    static func now(_ store: any ConsoleStore) throws -> Int64 {
        try store.latestBucketEnd() ?? wallClockMilliseconds()
    }
}
