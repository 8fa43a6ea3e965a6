// The figures `vigil bench` reports, as a table for people or one JSON object
// (docs/reference/records.md lists them).
import Foundation
import VigilEngine

struct BenchReport {
    var bytes: Int
    var posts: Int
    var keywordCount = 0
    var keywordMatches = 0
    var keywordCompileSeconds: Double?
    var automatonMB = 0.0
    var normalizeMBs = 0.0
    var keywordScanMBs = 0.0
    var keywordScanRawMBs = 0.0
    /// Per classifier model: its scoring alone over the keyword streams, in MB/s of original text.
    var classifierMBs: [(name: String, mbs: Double)] = []
    var screenMBs = 0.0
    var checkMBs = 0.0
    var jsonParseMBs: Double?
    var foundationParseMBs: Double?
    var threads = 1
    var screenInputBytes = 0
    /// Records per second of the end-to-end screen.
    var postsPerSecond = 0.0
    var latency: [String: Double] = [:]
    var hitsPerCategory: [String: Int] = [:]
    var decisions: [String: Int] = [:]
    var peakRSSMB = 0.0

    func json() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("bytes"); w.int(bytes)
        w.key("posts"); w.int(posts)
        w.key("threads"); w.int(threads)
        w.key("screen_mb_s"); w.double(round2(screenMBs))
        w.key("screen_input_bytes"); w.int(screenInputBytes)
        w.key("check_mb_s"); w.double(round2(checkMBs))
        w.key("posts_per_s"); w.double(round2(postsPerSecond))
        w.key("keyword_scan_mb_s"); w.double(round2(keywordScanMBs))
        w.key("keyword_scan_raw_mb_s"); w.double(round2(keywordScanRawMBs))
        w.key("normalize_mb_s"); w.double(round2(normalizeMBs))
        if !classifierMBs.isEmpty {
            w.key("classifier_mb_s")
            w.beginObject()
            for (name, mbs) in classifierMBs { w.key(name); w.double(round2(mbs)) }
            w.endObject()
        }
        if let jsonParseMBs { w.key("json_parse_mb_s"); w.double(round2(jsonParseMBs)) }
        if let foundationParseMBs { w.key("json_parse_foundation_mb_s"); w.double(round2(foundationParseMBs)) }
        w.key("keywords"); w.int(keywordCount)
        w.key("keyword_matches"); w.int(keywordMatches)
        if let keywordCompileSeconds { w.key("keyword_compile_s"); w.double(round2(keywordCompileSeconds * 1000) / 1000) }
        w.key("automaton_mb"); w.double(round2(automatonMB))
        w.key("latency_us")
        w.beginObject()
        for name in ["p50", "p99", "p999", "max"] { w.key(name); w.double(round2(latency[name] ?? 0)) }
        w.endObject()
        w.key("decisions")
        w.beginObject()
        for (name, count) in decisions.sorted(by: { $0.key < $1.key }) { w.key(name); w.int(count) }
        w.endObject()
        w.key("hits_per_category")
        w.beginObject()
        for (name, count) in hitsPerCategory.sorted(by: { $0.key < $1.key }) { w.key(name); w.int(count) }
        w.endObject()
        w.key("peak_rss_mb"); w.double(round2(peakRSSMB))
        w.endObject()
        return w.string + "\n"
    }

    func table() -> String {
        var out = "corpus: \(posts) posts, \(bytes) bytes (\(String(format: "%.1f", Double(bytes) / Double(max(posts, 1)))) bytes/post)\n"
        out += "keywords: \(keywordCount) (automaton \(String(format: "%.1f", automatonMB)) MB), \(keywordMatches) matches\n\n"
        out += "measurement                                     MB/s      posts/s\n"
        func row(_ name: String, _ mbs: Double) -> String {
            name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%8.1f  %11.0f\n", mbs, mbs * 1e6 / Double(bytes) * Double(posts))
        }
        if let jsonParseMBs { out += row("JSONL parse (Vigil's parser)", jsonParseMBs) }
        if let foundationParseMBs { out += row("JSONL parse (Foundation, for comparison)", foundationParseMBs) }
        out += row("normalization", normalizeMBs)
        out += row("keyword scan (normalized, 1 thread)", keywordScanMBs)
        out += row("keyword scan (raw text, 1 thread)", keywordScanRawMBs)
        for (name, mbs) in classifierMBs { out += row("classifier \(name) (normalized, 1 thread)", mbs) }
        out += row("check per post (1 thread, no JSON)", checkMBs)
        out += "screen end to end (\(threads) thread\(threads == 1 ? "" : "s"))".padding(toLength: 44, withPad: " ", startingAt: 0)
            + String(format: "%8.1f  %11.0f   (MB of input lines)\n", screenMBs, postsPerSecond)
        out += "\nlatency per post (µs): " + ["p50", "p99", "p999", "max"].map { "\($0) \(String(format: "%.1f", latency[$0] ?? 0))" }.joined(separator: "  ") + "\n"
        out += "decisions: " + decisions.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        out += "hits per category: " + hitsPerCategory.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        out += "peak RSS: \(String(format: "%.1f", peakRSSMB)) MB\n"
        return out
    }

    func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Peak resident set size (VmHWM) of this process, in MB.
    static func peakResidentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes * 1024 / 1e6
        }
        return 0
    }
}
