// Helpers of the store tests: a fresh database file in a temporary folder, and review
// items made from a real verdict shape.
import Foundation
import GRDB
@testable import VigilStore

enum StoreFixtures {
    /// A path for a new database file in a folder of its own (removed by the system's tmp cleaning).
    static func databasePath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("vigil.sqlite").path
    }

    /// A database at schema `version` (its migrations applied by hand, as that version's
    /// Vigil left it), with `rows` run in the same transaction; returns its path.
    static func databaseAtVersion(_ version: Int, rows: (Database) throws -> Void) throws -> String {
        let path = databasePath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE vigil_schema (version INTEGER NOT NULL)")
            for statement in StoreSchema.migrations[0..<version].joined() { try db.execute(sql: statement) }
            try db.execute(sql: "INSERT INTO vigil_schema (version) VALUES (?)", arguments: [version])
            try rows(db)
        }
        try queue.close()
        return path
    }

    static let verdict = #"{"type":"verdict","id":"a1","line":1,"decision":"review","score":30.0,"categories":{"complaint":14.5,"pii":30.0},"hits":[{"rule":"complaint/refund","category":"complaint","severity":"low","start":24,"end":30,"match":"refund","message":"refund demand"},{"rule":"pii/mobile","category":"pii","severity":"medium","start":35,"end":46,"match":"13812345678","message":"mobile number","basis":"PIPL art. 13","suggest":["mask the value"]}],"warnings":[]}"#

    static func post(_ id: String, topic: String = "brand", at: Int64 = 1_000, decision: String = "review") -> StoredPost {
        StoredPost(recordID: "\"\(id)\"", topic: topic, at: at, decision: decision,
                   record: #"{"id":"\#(id)","text":"refund now 13812345678","topic":"\#(topic)"}"#, verdict: verdict)
    }

    static func review(_ id: String, topic: String = "brand", kind: String = "comment", reviews: Int = 1) -> NewReviewItem {
        NewReviewItem(source: .batch, post: post(id, topic: topic), kind: kind, requiredReviews: reviews)
    }

    static func batch(reviews: [NewReviewItem]) -> StoreBatch {
        var batch = StoreBatch()
        batch.reviews = reviews
        return batch
    }
}
