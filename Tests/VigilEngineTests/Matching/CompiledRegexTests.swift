// Why this file exists: covers the PCRE2 wrapper: UTF-8 byte offsets, case handling, compile errors,
// match limits, empty-match advancing and scratch reuse.

import Testing

@testable import VigilEngine

/// Collects all match spans of `regex` in `subject` as byte ranges.
private func matches(
    _ regex: CompiledRegex, in subject: String, scratch: RegexScratch = RegexScratch()
) -> (spans: [Range<Int>], outcome: RegexScanOutcome) {
    var spans: [Range<Int>] = []
    let bytes = Array(subject.utf8)
    let outcome = bytes.withUnsafeBufferPointer { buffer in
        regex.forEachMatch(in: buffer, scratch: scratch) { start, end in
            spans.append(start..<end)
            return true
        }
    }
    return (spans, outcome)
}

/// The matched text of each span.
private func matchedTexts(_ regex: CompiledRegex, in subject: String) -> [String] {
    let bytes = Array(subject.utf8)
    return matches(regex, in: subject).spans.map { String(decoding: bytes[$0], as: UTF8.self) }
}

@Suite struct CompiledRegexTests {
    @Test func chineseAndEmojiByteOffsets() throws {
        let regex = try CompiledRegex(pattern: "(?:加|➕)\\s*(?:微信|vx)")
        let subject = "你好😀加 微信，还有➕vx"
        let result = matches(regex, in: subject)
        #expect(result.outcome == .completed)
        // 你好 = 6 bytes, 😀 = 4 bytes, 加 starts at 10; "加 微信" = 3 + 1 + 6 bytes.
        // "，还有" = 9 bytes after 20, so ➕ starts at 29; "➕vx" = 3 + 2 bytes.
        #expect(result.spans == [10..<20, 29..<34])
        #expect(matchedTexts(regex, in: subject) == ["加 微信", "➕vx"])
    }

    @Test func dotAndClassesAreUTF8Aware() throws {
        let regex = try CompiledRegex(pattern: "a.b")
        #expect(matchedTexts(regex, in: "a😀b a微b axxb") == ["a😀b", "a微b"])
        let word = try CompiledRegex(pattern: "\\w+")
        // UCP: \w covers CJK and accented letters.
        #expect(matchedTexts(word, in: "héllo 世界!") == ["héllo", "世界"])
    }

    @Test func caselessByDefaultAndCaseSensitiveOnRequest() throws {
        let caseless = try CompiledRegex(pattern: "hello")
        #expect(caseless.caseSensitive == false)
        #expect(matchedTexts(caseless, in: "HeLLo hello HELLO") == ["HeLLo", "hello", "HELLO"])
        let sensitive = try CompiledRegex(pattern: "hello", caseSensitive: true)
        #expect(matchedTexts(sensitive, in: "HeLLo hello HELLO") == ["hello"])
        // UCP caseless covers non-ASCII letters too.
        let greek = try CompiledRegex(pattern: "σοφία")
        #expect(matchedTexts(greek, in: "ΣΟΦΊΑ") == ["ΣΟΦΊΑ"])
    }

    @Test func compileErrorCarriesMessageAndOffset() {
        #expect(throws: RegexCompileError.self) { try CompiledRegex(pattern: "(unclosed") }
        do {
            _ = try CompiledRegex(pattern: "(unclosed")
            Issue.record("expected a compile error")
        } catch {
            #expect(error.message.contains("missing closing parenthesis"))
            #expect(error.offset == 9)
        }
        do {
            _ = try CompiledRegex(pattern: "ab[c")
            Issue.record("expected a compile error")
        } catch {
            #expect(error.message.contains("missing terminating ]"))
            #expect(error.offset == 4)
        }
        do {
            // Offsets are UTF-8 byte offsets: "微信" is 6 bytes, the stray '*' quantifies nothing
            // after "(" at byte 6.
            _ = try CompiledRegex(pattern: "微信(*")
            Issue.record("expected a compile error")
        } catch {
            #expect(!error.message.isEmpty)
            #expect(error.offset >= 6)
        }
    }

    @Test func catastrophicPatternReturnsWithoutCrashing() throws {
        let regex = try CompiledRegex(pattern: "(a+)+$")
        let subject = String(repeating: "a", count: 40) + "!"
        let result = matches(regex, in: subject)
        // With the default match limit this backtracks exponentially until PCRE2 gives up; the JIT
        // (available on x86_64/arm64 Linux builds of libpcre2) honours the match limit too, so the
        // scan returns .limitExceeded within milliseconds instead of hanging.
        #expect(result.outcome == .limitExceeded)
        #expect(result.spans.isEmpty)
        // The same pattern still works on benign input with the same scratch afterwards.
        #expect(matches(regex, in: "xaaa").spans == [1..<4])
        // The interpreter (JIT disabled from inside the pattern) also stops at the limit.
        let interpreted = try CompiledRegex(pattern: "(*NO_JIT)(a+)+$")
        #expect(matches(interpreted, in: subject).outcome == .limitExceeded)
    }

    @Test func depthLimitIsConfigurable() throws {
        let regex = try CompiledRegex(pattern: "(a+)+$")
        let subject = String(repeating: "a", count: 16) + "!"
        let tight = RegexScratch(matchLimit: 1_000, depthLimit: 100)
        #expect(matches(regex, in: subject, scratch: tight).outcome == .limitExceeded)
        let generous = RegexScratch(matchLimit: 100_000_000, depthLimit: 100_000)
        #expect(matches(regex, in: subject, scratch: generous).outcome == .completed)
    }

    @Test func emptyMatchesAdvance() throws {
        let regex = try CompiledRegex(pattern: "x*")
        #expect(matches(regex, in: "abc").spans == [0..<0, 1..<1, 2..<2, 3..<3])
        // Advancing past an empty match steps over whole UTF-8 characters.
        #expect(matches(regex, in: "微x😀").spans == [0..<0, 3..<4, 4..<4, 8..<8])
        #expect(matches(regex, in: "").spans == [0..<0])
        let optional = try CompiledRegex(pattern: "a?")
        #expect(matches(optional, in: "aab").spans == [0..<1, 1..<2, 2..<2, 3..<3])
    }

    @Test func emptyBufferWithNilBaseAddress() throws {
        let regex = try CompiledRegex(pattern: "^$")
        var spans: [Range<Int>] = []
        let outcome = regex.forEachMatch(
            in: UnsafeBufferPointer(start: nil, count: 0), scratch: RegexScratch()
        ) { start, end in
            spans.append(start..<end)
            return true
        }
        #expect(outcome == .completed)
        #expect(spans == [0..<0])
    }

    @Test func bodyCanStopEarly() throws {
        let regex = try CompiledRegex(pattern: "\\d+")
        let bytes = Array("1 22 333".utf8)
        var seen: [Range<Int>] = []
        let outcome = bytes.withUnsafeBufferPointer { buffer in
            regex.forEachMatch(in: buffer, scratch: RegexScratch()) { start, end in
                seen.append(start..<end)
                return seen.count < 2
            }
        }
        #expect(outcome == .completed)
        #expect(seen == [0..<1, 2..<4])
    }

    @Test func manyCaptureGroupsStillReportTheOverallMatch() throws {
        let groups = String(repeating: "(a)", count: 40)
        let regex = try CompiledRegex(pattern: groups)
        let subject = "x" + String(repeating: "a", count: 40) + "y"
        #expect(matches(regex, in: subject).spans == [1..<41])
    }

    @Test func scratchReuseAcrossTenThousandCalls() throws {
        let scratch = RegexScratch()
        let regex = try CompiledRegex(pattern: "(?:微信|vx)\\s*[:：]?\\s*([a-z0-9_-]{5,})")
        let other = try CompiledRegex(pattern: "x*")
        let hit = Array("加微信：abc_12345 thanks".utf8)
        let miss = Array("nothing to see here".utf8)
        var hits = 0
        for i in 0..<10_000 {
            let subject = i.isMultiple(of: 2) ? hit : miss
            let outcome = subject.withUnsafeBufferPointer { buffer in
                regex.forEachMatch(in: buffer, scratch: scratch) { start, end in
                    #expect(start == 3 && end == 21)
                    hits += 1
                    return true
                }
            }
            #expect(outcome == .completed)
            if i.isMultiple(of: 1_000) {
                // Interleave another pattern on the same scratch.
                #expect(matches(other, in: "ab", scratch: scratch).spans.count == 3)
            }
        }
        #expect(hits == 5_000)
    }

    @Test func sharedAcrossThreads() async throws {
        let regex = try CompiledRegex(pattern: "v[x信]")
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let scratch = RegexScratch()
                    var total = 0
                    for _ in 0..<500 { total += matches(regex, in: "加vx 加v信 vy", scratch: scratch).spans.count }
                    return total
                }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 4 * 500 * 2)
    }
}
