// Conformance of KeywordAutomaton with the search vectors of BurntSushi/aho-corasick
// (converted to JSON in ../shared/data/test-vectors/aho-corasick/), so the automaton
// is held to a well-tested reference rather than only to our own expectations.
//
// Scope, per kind (counts for the 637-case file):
// - Anchored cases (31 standard, 54 leftmost-first, 57 leftmost-longest) are out of
//   scope: Vigil never runs anchored searches, so they are counted and not run.
// - An empty pattern never matches in Vigil (the reference matches it everywhere).
//   Overlapping cases with empty patterns (10) still run, with the empty patterns'
//   matches removed from the expectation: overlapping matches of different patterns
//   are independent. Non-overlapping cases with empty patterns (12 standard,
//   15 leftmost-first, 15 leftmost-longest) are skipped, since there an empty match
//   changes where the next match may start.
// Every other case is run and compared exactly, order included: non-overlapping kinds
// report in haystack order; overlapping ones by end, longest first, then by pattern
// index, which is the order the reference produces.
//
// The vectors are data from outside the project; when the folder is absent the test
// is skipped with a message (see `.enabled(if:)` below), never silently passed.

import Foundation
import Testing
import VigilEngine

/// One search case of the converted aho-corasick test suite.
private struct SearchCase: Decodable {
    var name: String
    var group: String
    var patterns: [String]
    var haystack: String
    var matches: [[Int]]
    var kind: String
    var anchored: Bool
    var asciiCaseInsensitive: Bool

    enum CodingKeys: String, CodingKey {
        case name, group, patterns, haystack, matches, kind, anchored
        case asciiCaseInsensitive = "ascii_case_insensitive"
    }
}

/// `../shared/data/test-vectors/aho-corasick/aho_corasick_search_tests.json` from the
/// package root, found from this file's real path (symlinks resolved, so a scratch
/// package that links to this file still finds the data beside the real repository).
private let vectorsURL: URL = {
    var root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    for _ in 0..<4 { root.deleteLastPathComponent() }  // Matching, VigilEngineTests, Tests, file
    return root.deletingLastPathComponent()
        .appendingPathComponent("shared/data/test-vectors/aho-corasick/aho_corasick_search_tests.json")
}()

private let vectorsPresent = FileManager.default.fileExists(atPath: vectorsURL.path)

private func loadCases() throws -> [SearchCase] {
    try JSONDecoder().decode([SearchCase].self, from: Data(contentsOf: vectorsURL))
}

/// Runs every in-scope case of `kind`; returns (run, skipped anchored, skipped empty).
private func runConformance(kind: String) throws -> (run: Int, anchored: Int, empty: Int) {
    var run = 0, anchored = 0, empty = 0
    var found: [KeywordMatch] = []
    for testCase in try loadCases() where testCase.kind == kind {
        if testCase.anchored { anchored += 1; continue }
        let hasEmpty = testCase.patterns.contains("")
        if hasEmpty && kind != "overlapping" { empty += 1; continue }
        run += 1
        let automaton = KeywordAutomaton(
            patterns: testCase.patterns.map { Array($0.utf8) },
            asciiCaseInsensitive: testCase.asciiCaseInsensitive)
        var expected = testCase.matches.map {
            KeywordMatch(pattern: Int32($0[0]), start: Int32($0[1]), end: Int32($0[2]))
        }
        expected.removeAll { testCase.patterns[Int($0.pattern)].isEmpty }
        found.removeAll(keepingCapacity: true)
        Array(testCase.haystack.utf8).withUnsafeBufferPointer { haystack in
            switch kind {
            case "overlapping": automaton.findOverlapping(in: haystack, into: &found)
            case "standard": automaton.findStandard(in: haystack, into: &found)
            case "leftmost-first": automaton.findLeftmostFirst(in: haystack, into: &found)
            case "leftmost-longest": automaton.findLeftmostLongest(in: haystack, into: &found)
            default: Issue.record("unknown kind \(kind)")
            }
        }
        let show = { (list: [KeywordMatch]) in
            list.map { "[\($0.pattern),\($0.start),\($0.end)]" }.joined(separator: " ")
        }
        let caseNote = testCase.asciiCaseInsensitive ? ", ascii case-insensitive" : ""
        #expect(
            found == expected,
            """
            \(testCase.group)/\(testCase.name) (\(kind)\(caseNote)): \
            patterns \(testCase.patterns) haystack \(String(reflecting: testCase.haystack))
            expected \(show(expected))
            found    \(show(found))
            """)
    }
    return (run, anchored, empty)
}

@Suite("Aho-Corasick conformance (BurntSushi/aho-corasick vectors)")
struct AhoCorasickConformanceTests {
    /// Expected (run, anchored, empty-pattern) counts per kind for the 637-case file.
    static let expectedCounts: [String: (run: Int, anchored: Int, empty: Int)] = [
        "standard": (59, 31, 12),
        "overlapping": (68, 0, 0),
        "leftmost-first": (161, 54, 15),
        "leftmost-longest": (165, 57, 15),
    ]

    @Test(
        "every in-scope case of each kind",
        // Skipped, with this message, when ../shared/data is not next to the repository.
        .enabled(if: vectorsPresent, "aho-corasick test vectors not found at ../shared/data; skipping conformance"),
        arguments: ["standard", "overlapping", "leftmost-first", "leftmost-longest"])
    func conformance(kind: String) throws {
        let counts = try runConformance(kind: kind)
        let expected = try #require(Self.expectedCounts[kind])
        #expect(
            counts.run == expected.run && counts.anchored == expected.anchored && counts.empty == expected.empty,
            """
            \(kind): ran \(counts.run), skipped \(counts.anchored) anchored and \(counts.empty) with empty \
            patterns; expected \(expected)
            """)
    }
}
