// The overview's sparklines as every store keeps them: 15-minute slots aligned to the
// epoch, each the sum of a topic's plotted signals (every series but the record volume,
// the distinct authors and the review and block decisions, which are not escalation
// signals). Shared, so that the pages and each store agree on what a slot holds.

/// What a sparkline slot sums, and where slots start.
public enum SparklineSlots {
    /// A slot's length (ms).
    public static let slot: Int64 = 900_000
    /// Series left out of the sparklines (and out of the timeline's plotted signals).
    public static let unplotted: Set<String> = ["volume", "authors", "review", "block"]

    /// The start of the slot holding `time` (ms).
    public static func slotStart(_ time: Int64) -> Int64 {
        time >= 0 ? time / slot * slot : (time - slot + 1) / slot * slot
    }

    /// `unplotted` as SQL string literals (the names need no escaping).
    static var unplottedSQL: String { unplotted.sorted().map { "'\($0)'" }.joined(separator: ", ") }
}
