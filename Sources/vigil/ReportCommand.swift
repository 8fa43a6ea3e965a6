// `vigil report --database PATH --out report.html`: the console's timelines, incidents
// and evidence as one self-contained HTML file (inline stylesheet and SVG, no script, no
// external reference), for those who do not run `vigil serve`. The store is a SQLite
// file or a shared PostgreSQL database (`postgresql://…`): the same content gives the
// same HTML.
import ArgumentParser
import Foundation
import VigilConsole
import VigilEngine
import VigilPostgres
import VigilStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the escalation timelines of a database as one HTML file.",
        discussion: "Reads the store `vigil screen --database` or `vigil serve --database` wrote: a SQLite file or postgresql://user@host:port/db. The file needs nothing else to open: styles and charts are inline."
    )

    @Option(name: .long, help: ArgumentHelp("The store to read: a SQLite file, or postgresql://user@host:port/db.", valueName: "path"))
    var database: String

    @Option(name: .long, help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Hours of each timeline, ending at the newest bucket.", valueName: "hours"))
    var hours = 168

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if !(1...24 * 90).contains(hours) { throw ValidationError("--hours must be in 1...2160") }
        if database == ":memory:" { throw ValidationError("--database must name a file: an in-memory store is empty") }
        if PostgresURL.isPostgres(database) {
            do { _ = try PostgresURL(database) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let (store, source) = try open()
        let policy = try ruleOptions.engine().policy.escalation
        let html = try Self.render(store: store, policy: policy, hours: hours, source: source)
        do { try html.write(toFile: out, atomically: true, encoding: .utf8) } catch {
            printError("vigil report: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(73)
        }
    }

    /// The store and the name the report gives it (a file's name; a PostgreSQL address
    /// without its password). Exits 66 when it cannot be opened.
    func open() throws -> (any ConsoleStore, String) {
        if PostgresURL.isPostgres(database) {
            do {
                let url = try PostgresURL(database)
                return (try PostgresStore(url: url, connections: 1), url.redacted)
            } catch {
                printError("vigil report: \(error)")
                throw ExitCode(66)
            }
        }
        guard FileManager.default.fileExists(atPath: database) else {
            printError("vigil report: no database at \(database)")
            throw ExitCode(66)
        }
        do { return (try SQLiteStore(path: database), (database as NSString).lastPathComponent) } catch {
            printError("vigil report: \(error)")
            throw ExitCode(66)
        }
    }

    /// The report of everything in `store`, timelines over the `hours` before its newest
    /// bucket; `generated` is when it was written (ms, the wall clock by default).
    static func render(store: any ConsoleStore, policy: EscalationPolicy, hours: Int, source: String,
                       generated: Int64 = wallClockMilliseconds()) throws -> String {
        let data = ConsoleStoreData(store: store)
        let rows = try store.topics()
        let transitions = try rows.map { try data.transitions(topic: $0.topic, from: 0, to: .max) }
        let latest = transitions.compactMap { $0.last?.transition.at }.max() ?? 0
        let now = max(try ConsoleClock.now(store), latest), from = now - Int64(hours) * 3_600_000
        let topics = try zip(rows, transitions).map { row, list in (topic: try data.topic(row, from: from, to: now), transitions: list) }
        return ConsolePages(policy: policy).report(topics, now: now, generated: generated, hours: hours, source: source)
    }
}
