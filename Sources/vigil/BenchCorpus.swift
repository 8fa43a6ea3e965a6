// Posts for `vigil bench`, held in one contiguous buffer so that measurements time the
// engine, not the reading: JSONL records (their `text`) or plain lines.
import Foundation
import VigilEngine

struct BenchCorpus {
    /// The posts' texts.
    var texts = BenchLines()
    /// The JSONL input lines themselves, for measuring input parsing.
    var jsonLines = BenchLines()
    var posts: Int { texts.ends.count }
    var bytes: Int { texts.storage.count }

    mutating func append(_ text: String) { texts.append(text) }

    /// Calls `body` with each post's bytes.
    func forEachPost(_ body: (UnsafeBufferPointer<UInt8>) -> Void) { texts.forEachLine(body) }

    static func load(_ paths: [String]) throws -> BenchCorpus {
        var corpus = BenchCorpus()
        for path in paths {
            let input = try InputText.file(path)
            let isJSONL = path.hasSuffix(".jsonl") || input.text.first == "{"
            var lineNumber = 0
            for line in input.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.isEmpty { continue }
                if !isJSONL { corpus.append(String(line)); continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let text = object["text"] as? String else {
                    throw fail(ExitStatus.dataError, "\(path):\(lineNumber): not a JSON object with a string `text`")
                }
                corpus.append(text)
                corpus.jsonLines.append(String(line))
            }
        }
        return corpus
    }

    /// One keyword a line; blank lines and `#` comments skipped.
    static func keywordList(_ path: String) throws -> [String] {
        try InputText.file(path).text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// Input lines in one buffer.
struct BenchLines {
    var storage: [UInt8] = []
    var ends: [Int] = []
    var isEmpty: Bool { ends.isEmpty }

    mutating func append(_ line: String) {
        storage.append(contentsOf: line.utf8)
        ends.append(storage.count)
    }

    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        storage.append(contentsOf: bytes)
        ends.append(storage.count)
    }

    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeBufferPointer { all in
            var start = 0
            for end in ends {
                body(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}

/// Automata and normalized posts for the keyword-scan measurements.
enum BenchKeywords {
    /// An automaton over normalized keywords, built exactly as the rule compiler does.
    static func normalizedAutomaton(_ keywords: [String], normalizer: Normalizer) -> KeywordAutomaton {
        var patterns: [[UInt8]] = []
        for keyword in keywords {
            let stream = normalizer.normalizedViews(of: keyword).keywordStream.utf8
            let bytes = stream.filter { $0 != keywordGapByte }
            if !bytes.isEmpty && !bytes.contains(keywordBreakByte) { patterns.append(bytes) }
        }
        return KeywordAutomaton(patterns: patterns, transparentByte: keywordGapByte)
    }

    /// The rules' keyword patterns as a plain ASCII-caseless automaton over raw text.
    static func rawAutomaton(from rules: CompiledRules) -> KeywordAutomaton {
        KeywordAutomaton(patterns: rules.keywordPatterns,
                         asciiCaseInsensitive: true)
    }

    /// Every post's keyword stream, concatenated.
    static func normalizeAll(_ corpus: BenchCorpus, normalizer: Normalizer) -> BenchCorpus {
        var result = BenchCorpus()
        let output = NormalizedText()
        corpus.forEachPost { post in
            normalizer.normalize(post, into: output)
            result.texts.append(bytes: output.keywordStream.bytes)
        }
        return result
    }
}
