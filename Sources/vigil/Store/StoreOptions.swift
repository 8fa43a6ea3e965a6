// The console-store options of `vigil screen` and `vigil serve`: the database, how long
// its series are kept, the webhooks that hear of each transition, and which kinds of
// post need a second reviewer (docs/store.md).
import ArgumentParser
import VigilPostgres
import VigilStore

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Console database: a SQLite file, or postgresql://user@host:port/db for PostgreSQL (shared by several `vigil serve` instances): review queue, audit log, transitions, timelines, escalation state. `vigil serve` uses vigil.sqlite in the working directory unless told otherwise; :memory: keeps nothing.", valueName: "path"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("How long posts, timelines, transitions and done review items are kept in the database (30d, 12h, 90m).", valueName: "duration"))
    var retention = "30d"

    @Option(name: .long, help: ArgumentHelp("Webhook POSTed each escalation transition as JSON (retried with backoff, at least once); repeatable. Needs --database.", valueName: "url"))
    var notify: [String] = []

    @Option(name: .customLong("second-review"), help: ArgumentHelp("A kind of record whose review items need a second reviewer; repeatable (default: post).", valueName: "kind"))
    var secondReview: [String] = []

    /// `--retention` in milliseconds, or a usage error.
    func retentionMilliseconds() throws -> Int64 {
        guard let value = Self.milliseconds(retention) else {
            throw ValidationError("--retention takes a number and d, h or m (30d, 12h, 90m), not \"\(retention)\"")
        }
        return value
    }

    static func milliseconds(_ text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "d": return number * 86_400_000
        case "h": return number * 3_600_000
        case "m": return number * 60_000
        default: return nil
        }
    }

    var secondReviewKinds: Set<String> { Set(secondReview.isEmpty ? ["post"] : secondReview) }

    /// Opens the store, or exits 65 with the store's message (a newer schema, not a store).
    /// A `postgresql://` or `postgres://` address opens the PostgreSQL store.
    static func open(_ path: String) throws -> any ConsoleStore {
        do {
            if PostgresURL.isPostgres(path) { return try PostgresStore(url: PostgresURL(path)) }
            return try SQLiteStore(path: path)
        } catch {
            throw fail(ExitStatus.dataError, "\(error)")
        }
    }

    func validateStore(databaseGiven: Bool) throws {
        _ = try retentionMilliseconds()
        if !notify.isEmpty && !databaseGiven { throw ValidationError("--notify needs --database (the outbox is kept there)") }
        if let database, PostgresURL.isPostgres(database) {
            do { _ = try PostgresURL(database) } catch { throw ValidationError("\(error)") }
        }
        for url in notify where !(url.hasPrefix("http://")) {
            throw ValidationError("--notify takes an http:// URL, not \"\(url)\"")
        }
    }
}
