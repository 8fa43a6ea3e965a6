// The store's schema and its versions. Each migration is a list of statements applied
// in one transaction, after which `vigil_schema.version` names it; a store opens an
// older database by applying the migrations it lacks, and refuses a newer one (written
// by a later Vigil) rather than guess at tables it does not know.
//
// The SQL is meant to carry over to PostgreSQL: integer sequence ids (`INTEGER PRIMARY
// KEY AUTOINCREMENT` here, an identity column there), BIGINT milliseconds for times,
// DOUBLE PRECISION, TEXT for JSON documents, `ON CONFLICT … DO UPDATE` and `RETURNING`.
// What only SQLite needs (the triggers that keep the audit log append-only, the
// journal settings) is kept apart in `sqliteOnly`. Column names avoid the words either
// database reserves (`end`, `by`, `from`, `to`).

/// The schema versions this build knows.
public enum StoreSchema {
    /// The newest version: what a database is migrated to.
    public static var latest: Int { migrations.count }

    /// Statements of each version, version 1 first.
    public static let migrations: [[String]] = [version1, version2, version3, version4, version5, version6]

    static let version1 = [
        """
        CREATE TABLE topic (name TEXT PRIMARY KEY, state TEXT NOT NULL, severity TEXT, incident TEXT,
            since BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE bucket (topic TEXT NOT NULL, signal TEXT NOT NULL, start_at BIGINT NOT NULL, end_at BIGINT NOT NULL,
            count INTEGER NOT NULL, baseline DOUBLE PRECISION NOT NULL, threshold DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (topic, start_at, signal))
        """,
        "CREATE INDEX bucket_start ON bucket (start_at)",
        """
        CREATE TABLE transition (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, from_state TEXT NOT NULL,
            to_state TEXT NOT NULL, at BIGINT NOT NULL, incident TEXT, severity TEXT, cause TEXT NOT NULL, command TEXT,
            by_name TEXT, rejected TEXT, reminder INTEGER NOT NULL, ev_signal TEXT, ev_test TEXT, ev_window_start BIGINT,
            ev_window_end BIGINT, ev_count INTEGER, ev_baseline DOUBLE PRECISION, ev_ratio DOUBLE PRECISION,
            ev_threshold DOUBLE PRECISION, ev_p_value DOUBLE PRECISION, ev_cusum DOUBLE PRECISION, ev_authors INTEGER,
            ev_late INTEGER, ev_examples TEXT, record TEXT NOT NULL)
        """,
        "CREATE INDEX transition_topic_at ON transition (topic, at)",
        """
        CREATE TABLE post (id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, topic TEXT NOT NULL,
            at BIGINT NOT NULL, decision TEXT NOT NULL, record TEXT NOT NULL, verdict TEXT NOT NULL)
        """,
        "CREATE INDEX post_topic_record ON post (topic, record_id)",
        "CREATE INDEX post_at ON post (at)",
        """
        CREATE TABLE review_item (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at BIGINT NOT NULL, source TEXT NOT NULL,
            kind TEXT NOT NULL, topic TEXT NOT NULL, record_id TEXT NOT NULL, record TEXT NOT NULL, verdict TEXT NOT NULL,
            top_rule TEXT, top_category TEXT, top_message TEXT, top_basis TEXT, top_suggestion TEXT,
            status TEXT NOT NULL, required_reviews INTEGER NOT NULL, decided_at BIGINT)
        """,
        "CREATE INDEX review_item_status ON review_item (status, id)",
        "CREATE INDEX review_item_topic ON review_item (topic, id)",
        "CREATE TABLE review_category (item_id BIGINT NOT NULL, category TEXT NOT NULL, PRIMARY KEY (category, item_id))",
        """
        CREATE TABLE review_decision (item_id BIGINT NOT NULL, step INTEGER NOT NULL, action TEXT NOT NULL,
            by_name TEXT NOT NULL, note TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (item_id, step))
        """,
        """
        CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL, kind TEXT NOT NULL,
            actor TEXT NOT NULL, subject TEXT NOT NULL, action TEXT NOT NULL, note TEXT NOT NULL, outcome TEXT NOT NULL)
        """,
        """
        CREATE TABLE rule_set (id INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL, version TEXT NOT NULL,
            packs TEXT NOT NULL, rule_count INTEGER NOT NULL, outcome TEXT NOT NULL, diagnostics TEXT NOT NULL)
        """,
        """
        CREATE TABLE escalation_state (id INTEGER PRIMARY KEY CHECK (id = 1), lines BIGINT NOT NULL,
            snapshot BLOB NOT NULL, saved_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE delivery (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, payload TEXT NOT NULL,
            idem_key TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, delivered_at BIGINT,
            last_error TEXT, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX delivery_due ON delivery (delivered_at, next_attempt_at)",
    ]

    /// A review item's categories are read by item (the review page, `/v1/review`); the
    /// primary key starts with the category, so without this every item scanned the table.
    static let version2 = [
        "CREATE INDEX review_category_item ON review_category (item_id)",
    ]

    /// The overview's sparklines kept ready (SparklineSlots): per topic and 15-minute
    /// slot, the sum of its plotted signals, filled from the buckets already stored.
    static let version3 = [
        """
        CREATE TABLE sparkline (topic TEXT NOT NULL, slot_start BIGINT NOT NULL, count INTEGER NOT NULL,
            baseline DOUBLE PRECISION NOT NULL, PRIMARY KEY (topic, slot_start))
        """,
        "CREATE INDEX sparkline_slot ON sparkline (slot_start)",
        """
        INSERT INTO sparkline (topic, slot_start, count, baseline)
        SELECT topic, start_at - start_at % \(SparklineSlots.slot), SUM(count), SUM(baseline) FROM bucket
        WHERE start_at >= 0 AND signal NOT IN (\(SparklineSlots.unplottedSQL))
        GROUP BY topic, start_at - start_at % \(SparklineSlots.slot)
        """,
    ]

    /// A review item's categories move into the item (ReviewCategories: a JSON array of
    /// names), and the table of a row per category goes: writing those rows and their two
    /// indexes was a quarter to a third of SQLite's work in `vigil screen --database`.
    static let version4 = [
        "ALTER TABLE review_item ADD COLUMN categories TEXT NOT NULL DEFAULT '[]'",
        """
        UPDATE review_item SET categories = (SELECT json_group_array(category) FROM
            (SELECT category FROM review_category WHERE item_id = review_item.id ORDER BY category))
        WHERE id IN (SELECT item_id FROM review_category)
        """,
        "DROP TABLE review_category",
    ]

    /// The review queue's journal (ReviewJournal): a batch screen's review items, one
    /// row per batch, expanded into `review_item` rows when the queue is next read.
    static let version5 = [
        """
        CREATE TABLE review_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at BIGINT NOT NULL,
            items INTEGER NOT NULL, body BLOB NOT NULL)
        """,
    ]

    /// A journal row's bodies may be compressed (JournalCodec): `codec` says how; the rows
    /// version 5 wrote are plain (0) and read as they are. A row also holds the batch's
    /// evidence posts (PostJournal), `posts` of them in `post_body` (NULL when none).
    static let version6 = [
        "ALTER TABLE review_journal ADD COLUMN codec INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE review_journal ADD COLUMN posts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE review_journal ADD COLUMN post_body BLOB",
    ]

    /// SQLite's own statements, run on every open (idempotent): the append-only audit
    /// log (a PostgreSQL store does the same with a trigger function).
    static let sqliteOnly = [
        """
        CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """,
    ]
}

/// Why a store could not be opened.
public struct StoreOpenError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
