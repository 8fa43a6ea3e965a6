// The screen input parser: fields read, escapes decoded, and every malformed line
// rejected with a message rather than guessed at.
import Testing
@testable import VigilEngine

@Suite struct JSONLineParserTests {
    func parse(_ line: String) -> (Result<InputRecord, InputLineError>, String) {
        var parser = JSONLineParser()
        var copy = line
        let result = copy.withUTF8 { parser.parse($0) }
        return (result, String(decoding: parser.text, as: UTF8.self))
    }

    func parse(bytes: [UInt8]) -> (Result<InputRecord, InputLineError>, [UInt8]) {
        var parser = JSONLineParser()
        let result = bytes.withUnsafeBufferPointer { parser.parse($0) }
        return (result, parser.text)
    }

    func error(_ line: String) -> String? {
        if case .failure(let failure) = parse(line).0 { return failure.message }
        return nil
    }

    @Test func readsTheFieldsVigilUses() throws {
        let (result, text) = parse(#"{"id":"a-1","text":"你好 \"quoted\" \u4f60\n","ts":"2024-06-01T10:00:00.5+08:00","topic":"Nimbus","author":"u1","kind":"post","extra":[1,{"x":null}]}"#)
        let record = try result.get()
        #expect(text == "你好 \"quoted\" 你\n")
        #expect(record.idJSON.map { String(decoding: $0, as: UTF8.self) } == #""a-1""#)
        #expect(record.eventTime == 1_717_207_200_500)
        #expect(record.topic == "Nimbus")
        #expect(record.author == "u1")
        #expect(record.kind == "post")
        #expect(record.warnings.isEmpty)
    }

    @Test func numericIdAndEpochSeconds() throws {
        let record = try parse(#"{"id": 17, "text": "x", "ts": 1424595600}"#).0.get()
        #expect(record.idJSON.map { String(decoding: $0, as: UTF8.self) } == "17")
        #expect(record.eventTime == 1_424_595_600_000)
    }

    /// The plain-integer fast path for numeric ids stops where the general number
    /// grammar stops, and declines whatever that grammar reads differently.
    @Test func plainIntegersAgreeWithTheNumberGrammar() {
        let literals = ["17", "0", "7", "36940", "9876543210123", "-3", "01", "1.5", "1e3", "12E+2", "1.", "10x", "-", "00"]
        let terminators = ["", ",", "}", " ", "x", ".", "e", "E", "0", "-"]
        var parser = JSONLineParser()
        var taken = 0
        for literal in literals {
            for terminator in terminators {
                let bytes = Array((literal + terminator).utf8)
                bytes.withUnsafeBufferPointer { buffer in
                    var general = Cursor(bytes: buffer), fast = Cursor(bytes: buffer)
                    let generalOK = (try? parser.skipValue(&general, depth: 1)) != nil
                    if JSONLineParser.skipPlainInteger(&fast) {
                        taken += 1
                        #expect(generalOK && fast.position == general.position, "\(literal + terminator)")
                    } else {
                        #expect(fast.position == 0)
                    }
                }
            }
        }
        #expect(taken > 30)
    }

    @Test func surrogatePairsAndLoneSurrogates() throws {
        let (ok, text) = parse(#"{"text":"\ud83d\ude00"}"#)
        #expect(text == "😀")
        #expect(try ok.get().warnings.isEmpty)
        let (lone, replaced) = parse(#"{"text":"a\ud83db"}"#)
        #expect(replaced == "a\u{FFFD}b")
        #expect(try lone.get().warnings.count == 1)
    }

    @Test func invalidUTF8IsReplacedAndWarned() throws {
        let (result, text) = parse(bytes: Array(#"{"text":"a"#.utf8) + [0xFF, 0xE4, 0xBD] + Array(#"b"}"#.utf8))
        #expect(String(decoding: text, as: UTF8.self) == "a\u{FFFD}\u{FFFD}b")
        #expect(try result.get().warnings.first?.contains("UTF-8") == true)
    }

    @Test func commandRecords() throws {
        let record = try parse(#"{"type":"command","command":"ack","topic":"A","by":"ops","ts":"2024-06-01T00:00:00Z"}"#).0.get()
        #expect(record.isCommand)
        #expect(record.command == "ack")
        #expect(record.by == "ops")
        #expect(error(#"{"type":"command","topic":"A"}"#)?.contains("command") == true)
    }

    @Test func badLinesAreErrors() {
        #expect(error("") == "blank line")
        #expect(error("   ") == "blank line")
        #expect(error("not json")?.contains("invalid JSON") == true)
        #expect(error("[1,2,3]")?.contains("not a JSON object") == true)
        #expect(error("42")?.contains("not a JSON object") == true)
        #expect(error(#"{"id":3}"#)?.contains("missing \"text\"") == true)
        #expect(error(#"{"text":42}"#)?.contains("must be a string") == true)
        #expect(error(#"{"text":null}"#)?.contains("must be a string") == true)
        #expect(error(#"{"text":"x",}"#) != nil)
        #expect(error(#"{"id":9,"text":"你好","#) != nil)
        #expect(error(#"{"text":"unterminated}"#)?.contains("unterminated") == true)
        #expect(error(#"{"text":"bad \q escape"}"#)?.contains("escape") == true)
        #expect(error(#"{"text":"x"} trailing"#)?.contains("after the object") == true)
        #expect(error(#"{"text":"x","n":01}"#) != nil)
        #expect(error(#"{"text":"x","n":tru}"#) != nil)
        #expect(error("{\"text\":\"raw \u{1} control\"}")?.contains("control") == true)
        if case .failure(let failure) = parse(bytes: [0, 0, 0]).0 { #expect(failure.message.contains("invalid JSON")) }
        else { Issue.record("NUL bytes parsed") }
    }

    @Test func ignoredFieldsAreValidatedWholeAndAMissingFinalBraceIsAnError() throws {
        let deep = #"{"id":10,"text":"ok","extra":{"deep":[[[[1]]]]}}"#
        #expect(try parse(deep).0.get().warnings.isEmpty)
        #expect(error(#"{"text":"ok","extra":[1,[2]]"#) != nil)
        #expect(error(#"{"text":"ok","extra":{"a":[1,2}}"#) != nil)
        #expect(error(#"{"text":"ok","extra":[1,]}"#) != nil)
        #expect(error(#"{"text":"ok","extra":{"a" 1}}"#) != nil)
    }

    @Test func aKeyGivenTwiceIsAnError() throws {
        #expect(error(#"{"text":"a","text":"b"}"#)?.contains("duplicate key \"text\"") == true)
        #expect(error(#"{"text":"a","t\u0065xt":"b"}"#)?.contains("duplicate") == true)
        #expect(error(#"{"text":"a","x":1,"x":2}"#)?.contains("duplicate key \"x\"") == true)
        #expect(error(#"{"text":"a","o":{"k":1,"k":2}}"#)?.contains("duplicate key \"k\"") == true)
        #expect(error(#"{"type":"command","command":"ack","command":"close"}"#)?.contains("duplicate") == true)
        // The same key in different objects is fine, and so are many distinct keys.
        #expect(try parse(#"{"text":"a","o":{"k":1},"p":{"k":{"k":1}}}"#).0.get().warnings.isEmpty)
        let many = (0..<200).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(try parse(#"{"text":"a","#.appending(many) + "}").0.get().warnings.isEmpty)
        #expect(error(#"{"text":"a","#.appending(many) + #","k7":0}"#)?.contains("duplicate key \"k7\"") == true)
    }

    @Test func badTimestampsAreWarningsNotErrors() throws {
        let record = try parse(#"{"text":"x","ts":"yesterday"}"#).0.get()
        #expect(record.eventTime == nil)
        #expect(record.warnings.count == 1)
        #expect(try parse(#"{"text":"x","ts":"2024-02-30T00:00:00Z"}"#).0.get().eventTime == nil)
        #expect(try parse(#"{"text":"x","ts":"2024-02-29T23:59:59Z"}"#).0.get().eventTime == 1_709_251_199_000)
        #expect(try parse(#"{"text":"x","ts":1424595600.25}"#).0.get().eventTime == 1_424_595_600_250)
    }

    /// The verbatim fast path (no decoding, the string left in the line) accepts exactly
    /// the strings that `readString` would copy unchanged, on every mix of tricky pieces.
    @Test func verbatimStringsAgreeWithDecoding() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("plain text".utf8), Array("\"".utf8), Array("\\".utf8), Array(#"\n"#.utf8),
            Array(#"\u4f60"#.utf8), [0x01], [0x1F], [0x7F], Array("你".utf8), Array("好世界".utf8), Array("é".utf8),
            Array("😀".utf8), [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xE0, 0x9F, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80],
            [0x80], [0xBF], [0xE4, 0xBD], [0xF0, 0x9F, 0x98], [0xF5, 0x80, 0x80, 0x80], [0xFF], Array("12345678".utf8),
        ]
        var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ bound: Int) -> Int { random.below(bound) }
        var fast = 0
        for round in 0..<4000 {
            var content: [UInt8] = []
            // Mostly long runs of one piece (as in real text), sometimes a mix.
            for _ in 0..<(1 + next(6)) {
                let piece = pieces[next(round % 3 == 0 ? pieces.count : 12)]
                for _ in 0..<(1 + next(12)) { content += piece }
            }
            let line = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")] + Array(#","x":1}"#.utf8)
            line.withUnsafeBufferPointer { bytes in
                var slow = Cursor(bytes: bytes), quick = Cursor(bytes: bytes)
                var decoded: [UInt8] = []
                var replaced = false
                let decodedOK = (try? JSONLineParser.readString(&slow, into: &decoded, replacedInvalid: &replaced)) != nil
                let unchanged = decodedOK && !replaced && decoded == Array(bytes[1..<slow.position - 1])
                var plainEnd = 0
                let span = JSONLineParser.verbatimString(&quick, plainEnd: &plainEnd)
                #expect((span != nil) == unchanged, "\(content)")
                if let span {
                    fast += 1
                    #expect(Array(bytes[span]) == decoded)
                    #expect(quick.position == slow.position)
                } else {
                    #expect(quick.position == 0)
                    // Resuming where the plain content stopped decodes the same, or fails the same.
                    var resumed = Cursor(bytes: bytes)
                    var again: [UInt8] = []
                    var replacedAgain = false
                    let againOK = (try? JSONLineParser.readString(&resumed, into: &again, replacedInvalid: &replacedAgain,
                                                                  resumingAt: plainEnd)) != nil
                    #expect(againOK == decodedOK && again == decoded && replacedAgain == replaced, "\(content)")
                    if decodedOK { #expect(resumed.position == slow.position) }
                }
            }
        }
        #expect(fast > 500)
    }
}
