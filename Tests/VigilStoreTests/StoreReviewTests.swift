// The review queue in the store: newest first, filters, decisions that apply once
// (then 409), unknown ids (404), and the second review of the brand's own posts.
import Testing
@testable import VigilStore

struct StoreReviewTests {
    func store(_ items: [NewReviewItem]) throws -> SQLiteStore {
        let store = try SQLiteStore(path: ":memory:")
        try store.write(StoreFixtures.batch(reviews: items))
        return store
    }

    @Test func listsNewestFirstWithFiltersAndTheTopHit() throws {
        let store = try store([StoreFixtures.review("a1", topic: "x"), StoreFixtures.review("a2", topic: "y"),
                               StoreFixtures.review("a3", topic: "x")])
        let all = try store.reviewItems(ReviewFilter())
        #expect(all.map(\.recordID) == ["\"a3\"", "\"a2\"", "\"a1\""])
        #expect(try store.reviewItems(ReviewFilter(topic: "x")).map(\.recordID) == ["\"a3\"", "\"a1\""])
        #expect(try store.reviewItems(ReviewFilter(category: "pii")).count == 3)
        #expect(try store.reviewItems(ReviewFilter(category: "ads")).isEmpty)
        let item = try #require(all.first)
        #expect(item.categories == ["complaint", "pii"])
        #expect(item.top == ReviewHit(rule: "pii/mobile", category: "pii", message: "mobile number", basis: "PIPL art. 13",
                                      suggestion: "mask the value"))
        #expect(item.status == "open")
        #expect(try store.reviewItems(ReviewFilter(limit: 2, before: all[1].id)).map(\.recordID) == ["\"a1\""])
    }

    @Test func decidesOnceThenConflictsAndUnknownIsNotFound() throws {
        let store = try store([StoreFixtures.review("a1")])
        let id = try #require(try store.reviewItems(ReviewFilter()).first?.id)
        guard case .applied(let item) = try store.decide(review: id, action: .remove, by: "ana", note: "spam", at: 10) else {
            Issue.record("not applied"); return
        }
        #expect(item.status == "done")
        #expect(item.outcome == .remove)
        guard case .alreadyDecided = try store.decide(review: id, action: .approve, by: "bo", note: "", at: 11) else {
            Issue.record("decided twice"); return
        }
        #expect(try store.decide(review: id + 100, action: .approve, by: "bo", note: "", at: 12) == .notFound)
        #expect(try store.reviewCounts() == (open: 0, done: 1))
    }

    @Test func brandPostsNeedASecondReviewerBeforeTheyAreDone() throws {
        let store = try store([StoreFixtures.review("p1", kind: "post", reviews: 2)])
        let id = try #require(try store.reviewItems(ReviewFilter()).first?.id)
        guard case .applied(let first) = try store.decide(review: id, action: .approve, by: "ana", note: "ok", at: 10) else {
            Issue.record("first review not applied"); return
        }
        #expect(first.status == "open")
        #expect(first.reviews.map(\.step) == [1])
        guard case .sameReviewer = try store.decide(review: id, action: .approve, by: "ana", note: "again", at: 11) else {
            Issue.record("the first reviewer gave the second review"); return
        }
        guard case .applied(let second) = try store.decide(review: id, action: .approve, by: "bo", note: "ok too", at: 12) else {
            Issue.record("second review not applied"); return
        }
        #expect(second.status == "done")
        #expect(second.reviews.map(\.by) == ["ana", "bo"])
        #expect(second.outcome == .approve)
        let audit = try store.auditEntries(after: 0, limit: 10)
        #expect(audit.map(\.action) == ["approve (first review)", "approve (second review)"])
        #expect(audit.map(\.subject) == ["review/\(id)", "review/\(id)"])
    }

    @Test func firstReviewRemovalEndsABrandPost() throws {
        let store = try store([StoreFixtures.review("p1", kind: "post", reviews: 2)])
        let id = try #require(try store.reviewItems(ReviewFilter()).first?.id)
        guard case .applied(let item) = try store.decide(review: id, action: .remove, by: "ana", note: "no", at: 10) else {
            Issue.record("not applied"); return
        }
        #expect(item.status == "done")
    }
}
