// `vigil screen --database` indexes each review item (categories, most severe hit) from
// the hits the screener noted rather than by reading its verdict's JSON back: the index
// must be exactly what the verdict says, hit for hit, over posts with one hit, several
// hits of several categories and severities, and hits of equal severity.
import Foundation
import Testing
import VigilStore

struct ScreenReviewIndexTests {
    static let texts = [
        "call me on 13812345678",
        "I will sue you, lawsuit coming, call 13800138000",
        "全网最低价！Call 13800138000 now, I will sue",
        "垃圾产品，退款！I want a refund, 13900139000",
        "国家级产品，最高级，第一品牌 call 13700137000",
        "hello there",
    ]

    @Test func reviewIndexMatchesTheVerdict() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-review-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("index.sqlite").path
        var lines: [String] = []
        for (index, text) in Self.texts.enumerated() {
            lines.append(#"{"id":\#(index),"topic":"Acme","kind":"\#(index % 2 == 0 ? "post" : "comment")","text":"\#(text)"}"#)
        }
        let run = Vigil.run(["screen", "--database", path], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0)
        let reviews = run.stdout.split(separator: "\n").filter { $0.contains(#""decision":"review""#) }
        let items = try SQLiteStore(path: path).reviewItems(ReviewFilter(limit: 100))
        #expect(items.count == reviews.count)
        #expect(items.count >= 3)
        for item in items {
            let read = ReviewSummary(verdictJSON: item.verdict)
            #expect(item.categories == read.categories, "categories of \(item.recordID)")
            #expect(item.top == read.top, "top hit of \(item.recordID)")
        }
        #expect(items.contains { $0.categories.count > 1 })
    }
}
