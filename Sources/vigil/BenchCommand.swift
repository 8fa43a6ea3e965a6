// `vigil bench`: throughput and latency on corpora of posts (docs/reference/commands.md). Measures, in
// one run on the same posts: normalization, the keyword automaton alone over the
// normalized text (and over the raw text, for comparison), and the whole check per
// post with its latency distribution and peak memory.
import ArgumentParser
import Foundation
import Histogram
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

    @Option(name: .long, help: "Worker threads for the end-to-end screen measurement (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("give at least one corpus file") }
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        progress("loading rules and corpus")
        let engine = try ruleOptions.engine()
        let corpus = try BenchCorpus.load(corpora)
        guard corpus.posts > 0 else { throw fail(ExitStatus.dataError, "the corpus holds no posts") }
        var report = BenchReport(bytes: corpus.bytes, posts: corpus.posts)
        let (automaton, rawAutomaton) = try keywordAutomata(engine, report: &report)
        progress("normalizing")
        let normalized = BenchKeywords.normalizeAll(corpus, normalizer: engine.rules.normalizer)
        report.normalizeMBs = best(repetitions, bytes: corpus.bytes) {
            let output = NormalizedText()
            corpus.forEachPost { engine.rules.normalizer.normalize($0, into: output) }
        }
        measureKeywordScans(corpus, normalized: normalized, automaton, raw: rawAutomaton, report: &report)
        for model in engine.rules.classifierModels {
            progress("classifier \(model.name) over normalized text")
            var scored = 0
            report.classifierMBs.append((model.name, best(repetitions, bytes: corpus.bytes) {
                normalized.forEachPost { post in if model.logit(stream: post) != nil { scored += 1 } }
            }))
        }
        measureParsing(corpus, report: &report)
        measureChecks(corpus, engine: engine, report: &report)
        try measureScreen(engine, report: &report)
        report.peakRSSMB = BenchReport.peakResidentMB()
        try writeStdout(json ? report.json() : report.table())
    }

    /// The automaton the keyword scans measure (the rules' own, or one of `--keywords`),
    /// and one of the same keywords for the raw text.
    func keywordAutomata(_ engine: Engine, report: inout BenchReport) throws -> (KeywordAutomaton, raw: KeywordAutomaton) {
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
        return (automaton, rawAutomaton)
    }

    /// The keyword automaton alone, over the normalized and over the raw text.
    func measureKeywordScans(_ corpus: BenchCorpus, normalized: BenchCorpus, _ automaton: KeywordAutomaton,
                             raw rawAutomaton: KeywordAutomaton, report: inout BenchReport) {
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
    }

    /// The JSONL parser on the corpus's JSON lines, and Foundation's for comparison.
    func measureParsing(_ corpus: BenchCorpus, report: inout BenchReport) {
        guard !corpus.jsonLines.isEmpty else { return }
        progress("parsing JSONL input lines")
        var parser = JSONLineParser()
        report.jsonParseMBs = best(repetitions, bytes: corpus.jsonLines.storage.count) {
            corpus.jsonLines.forEachLine { _ = parser.parse($0) }
        }
        report.foundationParseMBs = best(1, bytes: corpus.jsonLines.storage.count) {
            corpus.jsonLines.forEachLine { line in
                _ = try? JSONSerialization.jsonObject(with: Data(buffer: line))
            }
        }
    }

    /// The whole check per post on one thread, with its latency distribution.
    func measureChecks(_ corpus: BenchCorpus, engine: Engine, report: inout BenchReport) {
        progress("check per post, 1 thread (latency)")
        let scratch = ScanScratch()
        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var hitsPerCategory: [String: Int] = [:]
        var decisions: [String: Int] = [:]
        let clock = ContinuousClock()
        let checkStart = clock.now
        corpus.forEachPost { post in
            let start = clock.now
            let verdict = engine.check(utf8: post, scratch: scratch)
            _ = latencies.record(UInt64(max(0, seconds(clock.now - start) * 1e9)))
            decisions[verdict.decision.rawValue, default: 0] += 1
            for hit in verdict.hits { hitsPerCategory[hit.category, default: 0] += 1 }
        }
        report.checkMBs = Double(corpus.bytes) / 1e6 / seconds(clock.now - checkStart)
        report.latency = [
            "p50": Double(latencies.valueAtPercentile(50)) / 1000, "p99": Double(latencies.valueAtPercentile(99)) / 1000,
            "p999": Double(latencies.valueAtPercentile(99.9)) / 1000, "max": Double(latencies.max) / 1000,
        ]
        report.hitsPerCategory = hitsPerCategory
        report.decisions = decisions
    }

    /// The real `screen` pipeline over every corpus file.
    func measureScreen(_ engine: Engine, report: inout BenchReport) throws {
        progress("screen end to end, \(threads) thread\(threads == 1 ? "" : "s") (JSON in, JSON out to /dev/null)")
        var screenBytes = 0, screenRecords = 0, screenSeconds = 0.0
        for path in corpora {
            let totals = try screenFile(path, engine: engine)
            screenBytes += totals.bytes
            screenRecords += totals.records
            screenSeconds += totals.seconds
        }
        report.threads = threads
        report.screenInputBytes = screenBytes
        report.screenMBs = screenSeconds > 0 ? Double(screenBytes) / 1e6 / screenSeconds : 0
        report.postsPerSecond = screenSeconds > 0 ? Double(screenRecords) / screenSeconds : 0
    }

    /// Runs the real `screen` pipeline over one corpus file, output discarded.
    func screenFile(_ path: String, engine: Engine) throws -> ScreenTotals {
        let input = open(path, O_RDONLY)
        guard input >= 0 else { throw fail(ExitStatus.noInput, "cannot open \(path)") }
        let output = open("/dev/null", O_WRONLY)
        defer { close(input); close(output) }
        var firstByte: UInt8 = 0
        let isJSONL = path.hasSuffix(".jsonl") || (pread(input, &firstByte, 1, 0) == 1 && firstByte == UInt8(ascii: "{"))
        let session = ScreenSession(engine: engine, format: isJSONL ? .jsonl : .text, threads: threads,
                                    maximumLineBytes: 1 << 20, input: input, output: output, reload: { engine })
        return try session.run()
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
