// `vigil bench`: throughput and latency on corpora of posts (SPEC §1). Measures, in
// one run on the same posts: normalization, the keyword automaton alone over the
// normalized text (and over the raw text, for comparison), and the whole check per
// post with its latency distribution and peak memory.
import ArgumentParser
import Foundation
import VigilEngine

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency on corpora of posts (JSONL with a text field, or one post per line)."
    )

    @Argument(help: ArgumentHelp("Corpus files: JSONL (`.jsonl`, or lines starting with `{`) or plain text, one post per line.", valueName: "corpus"))
    var corpora: [String]

    @Option(name: .long, help: ArgumentHelp("Keyword list (one per line) for the keyword-scan measurement instead of the rules' keywords.", valueName: "file"))
    var keywords: String?

    @Option(name: .customLong("repeat"), help: "Repetitions of each throughput measurement; the best is reported.")
    var repetitions: Int = 5

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("give at least one corpus file") }
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        progress("loading rules and corpus")
        let engine = try ruleOptions.engine()
        let corpus = try BenchCorpus.load(corpora)
        guard corpus.posts > 0 else { throw fail(ExitStatus.dataError, "the corpus holds no posts") }
        var report = BenchReport(bytes: corpus.bytes, posts: corpus.posts)

        let automaton: KeywordAutomaton
        let rawAutomaton: KeywordAutomaton
        if let keywords {
            progress("compiling keyword list \(keywords)")
            let list = try BenchCorpus.keywordList(keywords)
            let start = ContinuousClock.now
            automaton = BenchKeywords.normalizedAutomaton(list, normalizer: engine.rules.normalizer)
            report.keywordCompileSeconds = seconds(ContinuousClock.now - start)
            rawAutomaton = KeywordAutomaton(patterns: list.map { Array($0.utf8) }, asciiCaseInsensitive: true)
            report.keywordCount = list.count
        } else {
            automaton = engine.rules.keywordAutomaton
            rawAutomaton = BenchKeywords.rawAutomaton(from: engine.rules)
            report.keywordCount = automaton.patternCount
        }
        report.automatonMB = Double(automaton.memoryBytes) / 1e6

        progress("normalizing")
        let normalized = BenchKeywords.normalizeAll(corpus, normalizer: engine.rules.normalizer)
        report.normalizeMBs = best(repetitions, bytes: corpus.bytes) {
            let output = NormalizedText()
            corpus.forEachPost { engine.rules.normalizer.normalize($0, into: output) }
        }

        progress("keyword scan over normalized text")
        var matches: [KeywordMatch] = []
        var matchCount = 0
        report.keywordScanMBs = best(repetitions, bytes: corpus.bytes) {
            matchCount = 0
            normalized.forEachPost { post in
                matches.removeAll(keepingCapacity: true)
                automaton.findOverlapping(in: post, into: &matches)
                matchCount += matches.count
            }
        }
        report.keywordMatches = matchCount
        progress("keyword scan over raw text")
        report.keywordScanRawMBs = best(repetitions, bytes: corpus.bytes) {
            corpus.forEachPost { post in
                matches.removeAll(keepingCapacity: true)
                rawAutomaton.findOverlapping(in: post, into: &matches)
            }
        }

        progress("full check per post")
        let scratch = ScanScratch()
        var latencies: [Double] = []
        latencies.reserveCapacity(corpus.posts)
        var hitsPerCategory: [String: Int] = [:]
        var decisions: [String: Int] = [:]
        let clock = ContinuousClock()
        let screenStart = clock.now
        corpus.forEachPost { post in
            let start = clock.now
            let verdict = engine.check(utf8: post, scratch: scratch)
            latencies.append(seconds(clock.now - start) * 1e6)
            decisions[verdict.decision.rawValue, default: 0] += 1
            for hit in verdict.hits { hitsPerCategory[hit.category, default: 0] += 1 }
        }
        let screenSeconds = seconds(clock.now - screenStart)
        report.screenMBs = Double(corpus.bytes) / 1e6 / screenSeconds
        report.postsPerSecond = Double(corpus.posts) / screenSeconds
        latencies.sort()
        report.latency = [
            "p50": percentile(latencies, 0.50), "p99": percentile(latencies, 0.99),
            "p999": percentile(latencies, 0.999), "max": latencies.last ?? 0,
        ]
        report.hitsPerCategory = hitsPerCategory
        report.decisions = decisions
        report.peakRSSMB = BenchReport.peakResidentMB()
        try writeStdout(json ? report.json() : report.table())
    }

    /// Best throughput in MB/s of `repeat` runs of `body` over the corpus bytes.
    func best(_ runs: Int, bytes: Int, _ body: () -> Void) -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            body()
            fastest = min(fastest, seconds(ContinuousClock.now - start))
        }
        return fastest > 0 ? Double(bytes) / 1e6 / fastest : 0
    }

    func progress(_ message: String) {
        if !json || isatty(2) != 0 { printError("bench: \(message)…") }
    }
}

func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
}
