// The console's pages rendered from plain data: the overview lists and orders topics,
// the timeline draws the burst inside the rapid-response band, evidence reads in words,
// highlights mark the exact spans, and forms carry labels.
import Testing
import VigilEngine
@testable import VigilConsole

@Suite struct ConsolePagesTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_764_892_800_000   // 2025-12-05 00:00 UTC

    /// 24 h of 5-minute buckets around 8 complaints each, with a burst of 40 at 06:10–06:30.
    static func series() -> ConsoleSeries {
        var counts = [Int](repeating: 0, count: 288)
        for i in counts.indices { counts[i] = 6 + (i * 7) % 5 }
        for i in 74..<78 { counts[i] = 40 }
        return ConsoleSeries(signal: "complaint", start: start, bucket: 300_000, counts: counts, baseline: [Double](repeating: 8, count: 288))
    }

    static func transitions() -> [ConsoleTransition] {
        let evidence = EscalationEvidence(signal: "complaint", test: .spike, windowStart: start + 6 * hour, windowEnd: start + 6 * hour + 600_000,
                                       count: 29, baseline: 8.3, ratio: 3.5, threshold: 12, pValue: 1e-7, authors: 17)
        let ew = EscalationTransition(topic: "refunds", from: .monitoring, to: .earlyWarning, at: start + 6 * hour + 600_000,
                                         incident: "refunds#1", severity: .sev3, cause: .evidence, evidence: evidence)
        var rr = ew
        rr.from = .earlyWarning; rr.to = .rapidResponse; rr.at = start + 6 * hour + 900_000
        return [ConsoleTransition(ew, examples: [ConsoleExample(id: "17", text: "我要退款 refund now", spans: [ConsoleSpan(start: 2, end: 4, label: "complaint/refund")])]),
                ConsoleTransition(rr)]
    }

    @Test func overviewListsTopicsMostUrgentFirst() {
        let pages = ConsolePages(policy: EscalationPolicy())
        let topics = [ConsoleTopic(name: "quiet-topic", state: .monitoring, since: 0, series: [Self.series()]),
                      ConsoleTopic(name: "refunds", state: .rapidResponse, severity: .sev2, incident: "refunds#1", since: Self.start + 6 * Self.hour,
                                   series: [Self.series()])]
        let html = pages.overview(topics, reviewOpen: 3, now: Self.start + 24 * Self.hour)
        let refunds = html.range(of: "data-topic=\"refunds\" data-state=\"rapid_response\"")
        let quiet = html.range(of: "data-topic=\"quiet-topic\" data-state=\"monitoring\"")
        #expect(refunds != nil && quiet != nil)
        if let refunds, let quiet { #expect(refunds.lowerBound < quiet.lowerBound) }
        #expect(html.contains("Rapid response"))
        #expect(html.contains("<svg class=\"sparkline\""))
        #expect(html.contains("3 posts waiting for review"))
    }

    @Test func timelineDrawsTheBurstInsideTheRapidResponseBand() {
        let pages = ConsolePages(policy: EscalationPolicy())
        let topic = ConsoleTopic(name: "refunds", state: .rapidResponse, severity: .sev2, incident: "refunds#1",
                                 since: Self.start + 6 * Self.hour + 900_000, series: [Self.series()])
        let html = pages.topic(topic, transitions: Self.transitions(), now: Self.start + 24 * Self.hour, hours: 24)
        #expect(html.contains("data-signal=\"complaint\" data-max=\"40\""))
        #expect(html.contains("data-stage=\"rapid_response\""))
        #expect(html.contains("29 complaints in 10 min against 8.3 expected; threshold 12; 17 authors"))
        #expect(html.contains("<mark title=\"complaint/refund\">退款"))
        #expect(html.contains("name=\"command\" value=\"ack\""))
        #expect(html.contains("<label for=\"by-ack\">Your name</label>"))
        #expect(html.contains("<label for=\"note-ack\">Note</label>"))
        #expect(!html.contains("value=\"strategy_approved\""))
    }

    @Test func evidenceAndDurationsReadInWords() {
        #expect(ConsoleFormat.duration(3 * Self.hour + 15 * 60_000) == "3 h 15 min")
        #expect(ConsoleFormat.time(Self.start + 6 * Self.hour + 600_000) == "2025-12-05 06:10 UTC")
        #expect(ConsoleFormat.number(8.25) == "8.3" || ConsoleFormat.number(8.25) == "8.2")
        #expect(ConsoleFormat.count(1, "author") == "1 author")
    }

    @Test func highlightsEscapeTextAndMergeOverlaps() {
        let html = HighlightedText.html("<b>a&b</b> 退款退款", spans: [ConsoleSpan(start: 11, end: 13, label: "r1"), ConsoleSpan(start: 12, end: 15, label: "r2")])
        #expect(html.hasPrefix("&lt;b&gt;a&amp;b&lt;/b&gt; <mark title=\"r1, r2\">退款退款"))
    }

    @Test func thresholdIsTheSmallestAlarmingCount() {
        // P(X >= 25 | 8) ≈ 1.17e-6 and P(X >= 26 | 8) ≈ 3.6e-7 for the policy's 1e-6.
        #expect(AlarmThreshold.count(baseline: 8, p: 1e-6, minimum: 5) == 26)
        #expect(AlarmThreshold.count(baseline: 0.01, p: 1e-6, minimum: 5) == 5)
    }

    @Test func everyPageRendersWithLabelledInputs() {
        let pages = ConsolePages(policy: EscalationPolicy(), asksForToken: true)
        let hit = ConsoleHit(rule: "ads-law/absolute", category: "ads-law", severity: "medium", start: 0, end: 2, message: "Absolute claim",
                             basis: "广告法 第九条", suggest: ["say 领先"])
        let item = ConsoleReviewItem(id: 7, receivedAt: Self.start, source: "check", kind: "post", text: "最好的产品", score: 50, hits: [hit],
                                     requiredReviews: 2)
        let review = pages.review(ReviewListing(items: [item], status: "open", category: nil, topic: nil, categories: ["ads-law"],
                                                topics: [], openCount: 1, more: false))
        #expect(review.contains("First review of 2"))
        #expect(review.contains("广告法 第九条") && review.contains("say 领先"))
        #expect(review.contains("<label for=\"token-7\">Access token</label>"))
        let audit = pages.audit([ConsoleAuditEntry(number: 1, at: Self.start, who: "Mei", action: "ack", subject: "refunds", note: "on it")])
        #expect(audit.contains("data-entry=\"1\"") && audit.contains("on it"))
        let rules = pages.rules(ConsoleRuleSet(version: 2, loadedAt: Self.start, packs: [(name: "ads-law", rules: 12, description: "ads")],
                                               lastReload: (at: Self.start, loaded: false, diagnostics: ["x.yaml:3: bad"])))
        #expect(rules.contains("Failed — previous rules kept") && rules.contains("x.yaml:3: bad"))
        let check = pages.check(text: "hello", kind: "post", kinds: ["post", "comment"], verdict: nil)
        #expect(check.contains("<label for=\"draft\">Draft text</label>") && check.contains("<label for=\"kind\">Kind</label>"))
    }

    @Test func reportIsSelfContained() {
        let pages = ConsolePages(policy: EscalationPolicy())
        let topic = ConsoleTopic(name: "refunds", state: .rapidResponse, severity: .sev2, incident: "refunds#1", since: Self.start, series: [Self.series()])
        let html = pages.report([(topic, Self.transitions())], now: Self.start + 24 * Self.hour, generated: Self.start + 25 * Self.hour,
                                hours: 24, source: "vigil.sqlite")
        #expect(html.contains("<style>") && !html.contains("href=\"/console.css\"") && !html.contains("<script"))
        #expect(html.contains("data-max=\"40\"") && html.contains("17 authors"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    }
}
