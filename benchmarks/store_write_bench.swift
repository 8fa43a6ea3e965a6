// Benchmark (not a test): the CPU time of the store's writer, SQLiteStore.write, on the
// review items and posts of a store `vigil screen --database` filled from the keyword
// bench corpus, written again into a fresh store in 14 batches (as the screen makes
// them). It times the store alone, apart from screening and from the load of the
// machine, so two builds of VigilStore can be compared. Built by hand against a release
// build's modules (not a package target, so no build pays for it):
//
//   R=.build/x86_64-unknown-linux-gnu/release
//   swiftc -O -module-name StoreWriteBench -I $R/Modules \
//     -Xcc -fmodule-map-file=.build/checkouts/GRDB.swift/Sources/GRDBSQLite/module.modulemap \
//     -Xcc -fmodule-map-file=.build/checkouts/Yams/Sources/CYaml/include/module.modulemap \
//     -Xcc -fmodule-map-file=Sources/CPCRE2/module.modulemap benchmarks/store_write_bench.swift \
//     $R/VigilStore.build/*.o $R/GRDB.build/*.o $R/VigilEngine.build/*.o $R/Yams.build/*.o \
//     $R/CYaml.build/src/*.o -lsqlite3 -lpcre2-8 -o /tmp/store_write_bench
//   /tmp/store_write_bench /tmp/bench.sqlite /tmp/rewritten.sqlite
import Foundation
import GRDB
import VigilStore

func cpu() -> Double {
    var usage = rusage(); getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
var configuration = Configuration(); configuration.readonly = true
let source = try DatabaseQueue(path: CommandLine.arguments[1], configuration: configuration)
let (reviews, posts): ([NewReviewItem], [StoredPost]) = try source.read { db in
    // Categories: a row each before schema version 4, a JSON array in the item since.
    var categories: [Int64: [String]] = [:]
    if try db.tableExists("review_category") {
        for row in try Row.fetchAll(db, sql: "SELECT item_id, category FROM review_category ORDER BY category") {
            categories[row["item_id"], default: []].append(row["category"])
        }
    } else {
        for row in try Row.fetchAll(db, sql: "SELECT id, categories FROM review_item") {
            let text: String = row["categories"]
            categories[row["id"]] = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
        }
    }
    let reviews = try Row.fetchAll(db, sql: "SELECT * FROM review_item ORDER BY id").map { r -> NewReviewItem in
        let post = StoredPost(recordID: r["record_id"], topic: r["topic"], at: r["created_at"], decision: "review", record: r["record"], verdict: r["verdict"])
        let top = (r["top_rule"] as String?).map { ReviewHit(rule: $0, category: r["top_category"] ?? "", message: r["top_message"] ?? "", basis: r["top_basis"], suggestion: r["top_suggestion"]) }
        return NewReviewItem(source: .batch, post: post, kind: r["kind"], requiredReviews: r["required_reviews"],
                             summary: ReviewSummary(categories: categories[r["id"]] ?? [], top: top))
    }
    let posts = try Row.fetchAll(db, sql: "SELECT * FROM post ORDER BY id").map { r in
        StoredPost(recordID: r["record_id"], topic: r["topic"], at: r["at"], decision: r["decision"], record: r["record"], verdict: r["verdict"])
    }
    return (reviews, posts)
}
let path = CommandLine.arguments[2]
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
let batches = 14
var timed = 0.0
do {
    let store = try SQLiteStore(path: path)
    for b in 0..<batches {
        var batch = StoreBatch()
        batch.reviews = Array(reviews[(reviews.count * b / batches)..<(reviews.count * (b + 1) / batches)])
        batch.posts = Array(posts[(posts.count * b / batches)..<(posts.count * (b + 1) / batches)])
        let start = cpu()
        try store.write(batch)
        timed += cpu() - start
    }
}
print(String(format: "%d review items, %d posts: write %.3f s CPU", reviews.count, posts.count, timed))
