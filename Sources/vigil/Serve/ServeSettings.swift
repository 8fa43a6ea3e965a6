// What `vigil serve` is told on its command line, in one value the server and the tests
// build from (docs/serve.md).

/// Settings of one `vigil serve` run.
struct ServeSettings: Sendable {
    /// Interface to bind; loopback unless told otherwise.
    var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (the tests read it back).
    var port = 8080
    /// The most a /v1/check, /v1/commands or /v1/reload body may hold, and the longest
    /// line of a /v1/screen body.
    var maxBodyBytes = 1 << 20
    /// Escalation state file: restored at start, saved periodically and at shutdown.
    var statePath: String?
    /// Time between periodic saves of the state.
    var saveInterval: Duration = .seconds(30)
    /// A connection that sends nothing for this long while idle or in the middle of a
    /// request is closed, so stalled clients do not hold connections for ever.
    var idleTimeout: Duration = .seconds(60)
    /// With a token, the endpoints that change state (reload, operator commands) need
    /// `Authorization: Bearer <token>`.
    var token: [UInt8]?
    /// Transition records kept for GET /v1/escalations.
    var recentTransitions = 1000
    /// The console's database (`--database`; `:memory:` keeps nothing); nil: no console
    /// store at all (the console endpoints answer 503).
    var databasePath: String?
    /// How long the store keeps posts, series, transitions and done reviews (ms).
    var retention: Int64 = 30 * 86_400_000
    /// Seconds between prunings of the store while serving; nil: from the retention
    /// (StoreUpkeep.interval). Not an option: the tests shorten it.
    var pruneInterval: Double?
    /// `--notify` webhooks.
    var notify: [String] = []
    /// Kinds whose review items need a second reviewer.
    var secondReviewKinds: Set<String> = ["post"]
    /// On a PostgreSQL store: how long an operator command waits for the owner of its
    /// topic's partition to apply it before it is answered 202 `queued`.
    var commandWait: Duration = .seconds(5)
    /// On a PostgreSQL store: this instance's name, partitions and lease (SharedOptions).
    var shared = SharedSettings(instance: SharedSettings.defaultInstance)

    init() {}
}
