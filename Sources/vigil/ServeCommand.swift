// `vigil serve`: the pre-publish check as an HTTP service (docs/serve.md).
// Loads the rules like every other command, restores the escalation state, and serves
// until SIGTERM or SIGINT; SIGHUP reloads the rules.
import ArgumentParser
import Dispatch
import Synchronization
import VigilEngine

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve pre-publish checks over HTTP (POST /v1/check, /v1/screen, …; see docs/serve.md).",
        discussion: "Binds 127.0.0.1:8080 unless told otherwise. SIGHUP or POST /v1/reload reloads the rules (a failed reload keeps the old ones); SIGTERM or SIGINT finishes the requests in flight, saves the escalation state and exits 0."
    )

    @Option(name: .long, help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to bind (0: any free port, printed on stderr).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Escalation state file: restored at start when it exists, saved periodically and at shutdown.", valueName: "file"))
    var state: String?

    @Option(name: .long, help: ArgumentHelp("Largest body of /v1/check and /v1/commands, and longest line of /v1/screen (bigger: 413).", valueName: "bytes"))
    var maxBodyBytes = 1 << 20

    @Option(name: .long, help: ArgumentHelp("Seconds between periodic saves of the escalation state.", valueName: "seconds"))
    var saveInterval = 30

    @Option(name: .long, help: ArgumentHelp("Seconds a connection may send nothing (between requests or inside one) before it is closed.", valueName: "seconds"))
    var idleTimeout = 60

    @Option(name: .long, help: ArgumentHelp("File holding a token: POST /v1/reload and POST /v1/commands then need `Authorization: Bearer <token>`. Required to bind a non-loopback address.", valueName: "file"))
    var tokenFile: String?

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var sharedOptions: SharedOptions

    @Option(name: .customLong("shadow-rules"), help: ArgumentHelp("Candidate rules (file or folder, added to the built-ins like --rules) screened beside the live ones; disagreements at GET /v1/shadow and in /metrics; POST /v1/reload?promote=shadow makes them live.", valueName: "path"))
    var shadowRules: String?

    func validate() throws {
        try storeOptions.validateStore(databaseGiven: true)
        try sharedOptions.validateShared()
        if state != nil, let database = storeOptions.database, database.hasPrefix("postgres") {
            throw ValidationError("--state does not go with a PostgreSQL --database: the shared store keeps the escalation state")
        }
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535") }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be at least 1") }
        if saveInterval < 1 { throw ValidationError("--save-interval must be at least 1") }
        if idleTimeout < 1 { throw ValidationError("--idle-timeout must be at least 1") }
    }

    func run() throws {
        guard tokenFile != nil || BearerToken.isLoopback(host) else {
            throw fail(ExitStatus.usage, "refusing to bind \(host) without --token-file: anyone who can reach it could reload the rules and drive the escalation machines")
        }
        let token = try tokenFile.map(BearerToken.read)
        let engine = try ruleOptions.engine()
        var settings = ServeSettings()
        settings.token = token
        settings.host = host
        settings.port = port
        settings.maxBodyBytes = maxBodyBytes
        settings.statePath = state
        settings.saveInterval = .seconds(saveInterval)
        settings.idleTimeout = .seconds(idleTimeout)
        settings.databasePath = storeOptions.database ?? "vigil.sqlite"
        settings.retention = try storeOptions.retentionMilliseconds()
        settings.notify = storeOptions.notify
        settings.secondReviewKinds = storeOptions.secondReviewKinds
        settings.shared = sharedOptions.settings
        let selection = ruleOptions.selection
        var shadow = ShadowRules(engine: nil, load: nil)
        if let shadowRules {
            let shadowSelection = RuleSelection(paths: [shadowRules], builtin: selection.builtin, policy: selection.policy)
            shadow = ShadowRules(engine: try RuleLoading.engine(shadowSelection),
                                 load: { () throws(RuleLoadFailure) -> Engine in try RuleLoading.load(shadowSelection) })
        }
        let server = try VigilServer(settings: settings, engine: engine,
                                     reload: { () throws(RuleLoadFailure) -> Engine in try RuleLoading.load(selection) }, shadow: shadow)
        // The other commands are synchronous (screen relies on the main thread's signal
        // mask), so the root command stays synchronous and this one waits for its server.
        let failure = Mutex<(any Error)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let host = self.host
        Task {
            do {
                try await server.run(handleSignals: true) { port in
                    printError("vigil serve: listening on http://\(host):\(port) (\(engine.rules.rules.count) rules)")
                }
            } catch {
                failure.withLock { $0 = error }
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) {
            if let exit = error as? ExitCode { throw exit }
            throw StartFailure.exit(for: error, host: host, port: port)
        }
        let kept = state ?? (settings.databasePath == ":memory:" ? nil : settings.databasePath)
        printError("vigil serve: stopped; escalation state \(kept == nil ? "not kept (no --state)" : "saved to \(kept!)")")
    }
}
