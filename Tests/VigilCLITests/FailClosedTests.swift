// Input Vigil cannot read is never allowed: invalid UTF-8 and undecodable legacy
// encodings are held for review, legacy encodings given by name are decoded, and only
// exactly one JSON value per line, each key once, is screened.
import Foundation
import Testing

struct FailClosedTests {
    func records(_ stdout: String) -> [[String: Any]] {
        stdout.split(separator: "\n").map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    // "你这个傻逼客服" in GBK, and "垃圾" in Big5 (python3's codecs).
    let gbkAbuse: [UInt8] = [0xc4, 0xe3, 0xd5, 0xe2, 0xb8, 0xf6, 0xc9, 0xb5, 0xb1, 0xc6, 0xbf, 0xcd, 0xb7, 0xfe]
    let big5Garbage: [UInt8] = [0xa9, 0x55, 0xa7, 0xa3]

    func line(_ prefix: String, _ text: [UInt8], _ suffix: String = "\"}\n") -> Data {
        Data(prefix.utf8) + Data(text) + Data(suffix.utf8)
    }

    @Test func invalidUTF8InTextIsHeldForReview() async {
        let input = line(#"{"id":1,"text":""#, [0x68, 0x69, 0xff, 0xfe])
        let result = await Vigil.runAsync(["screen"], stdin: input)
        let record = records(result.stdout)[0]
        #expect(record["type"] as? String == "verdict")
        #expect(record["decision"] as? String == "review")
        #expect((record["warnings"] as? [String])?.contains { $0.contains("cannot be read") } == true)
        // The same for plain-text input, and for check.
        let text = await Vigil.runAsync(["screen", "--input", "text"], stdin: Data([0x68, 0x69, 0xff, 0x0a]))
        #expect(records(text.stdout)[0]["decision"] as? String == "review")
        let check = await Vigil.runAsync(["check", "--format", "json"], stdin: Data([0x68, 0x69, 0xff]))
        #expect(check.status == 1)
        #expect(check.json?["decision"] as? String == "review")
    }

    @Test func gbkUnreadAsUTF8IsNotAllowedAndDecodedWhenNamed() async {
        let input = line(#"{"id":1,"text":""#, gbkAbuse)
        let plain = records(await Vigil.runAsync(["screen"], stdin: input).stdout)[0]
        #expect(plain["decision"] as? String != "allow")
        let decoded = records(await Vigil.runAsync(["screen", "--input-encoding", "gbk"], stdin: input).stdout)[0]
        #expect(decoded["decision"] as? String == "block")
        #expect((decoded["warnings"] as? [String] ?? []).isEmpty)
        // Spans are code points of the decoded text: 傻逼 is characters 3..<5.
        let hits = decoded["hits"] as? [[String: Any]] ?? []
        #expect(hits.contains { $0["match"] as? String == "傻逼" && $0["start"] as? Int == 3 && $0["end"] as? Int == 5 })
        let gb18030 = records(await Vigil.runAsync(["screen", "--input-encoding", "gb18030"], stdin: input).stdout)[0]
        #expect(gb18030["decision"] as? String == "block")
    }

    @Test func big5AndUTF16AreDecoded() async {
        let big5 = await Vigil.runAsync(["check", "--format", "json", "--input-encoding", "big5"], stdin: Data(big5Garbage))
        #expect(big5.json?["decision"] as? String != nil)
        #expect((big5.json?["warnings"] as? [String] ?? []).isEmpty)
        #expect(big5.stdout.contains("垃圾") || big5.json?["hits"] != nil)
        // UTF-16 with a byte-order mark, little-endian, as Windows writes it.
        var utf16: [UInt8] = [0xff, 0xfe]
        for unit in #"{"id":1,"text":"你这个傻逼客服"}"#.utf16 { utf16 += [UInt8(unit & 0xff), UInt8(unit >> 8)] }
        utf16 += [0x0a, 0x00]
        let screened = records(await Vigil.runAsync(["screen", "--input-encoding", "utf-16"], stdin: Data(utf16)).stdout)
        #expect(screened.count == 1)
        #expect(screened.first?["decision"] as? String == "block")
    }

    @Test func bytesInvalidInTheNamedEncodingAreHeldForReview() async {
        // 0xFF is not a GBK byte.
        let input = line(#"{"id":1,"text":"hello "#, [0xff])
        let record = records(await Vigil.runAsync(["screen", "--input-encoding", "gbk"], stdin: input).stdout)[0]
        #expect(record["type"] as? String == "verdict")
        #expect(record["decision"] as? String == "review")
    }

    @Test func onlyExactlyOneJSONValueIsScreened() async {
        let input = Data("""
            {"id":1,"text":"hello",
            {"id":2,"text":"hi","extra":{"a":[1,2}}
            {"id":3,"text":"hi","extra":[1,]}
            {"id":4,"text":"hi"} {"id":5}
            {"id":6,"text":"hi","extra":{"deep":[{"x":null}]}}

            """.utf8)
        let main = records(await Vigil.runAsync(["screen"], stdin: input).stdout)
        #expect(main.map { $0["type"] as? String ?? "" } == ["error", "error", "error", "error", "verdict"])
        #expect(main.allSatisfy { $0["decision"] as? String != nil })
    }

    @Test func aKeyGivenTwiceIsAnError() async {
        let input = Data("""
            {"id":2,"text":"傻逼你个垃圾","text":"hi"}
            {"id":3,"text":"hi","x":1,"x":2}
            {"id":4,"text":"hi","nested":{"a":1,"b":{"c":1,"c":2}}}
            {"id":5,"text":"hi","\\u0074ext":"x"}
            {"id":6,"text":"hi","a":{"k":1},"b":{"k":1}}

            """.utf8)
        let main = records(await Vigil.runAsync(["screen"], stdin: input).stdout)
        #expect(main.map { $0["type"] as? String ?? "" } == ["error", "error", "error", "error", "verdict"])
        #expect((main[0]["error"] as? String)?.contains("duplicate key \"text\"") == true)
        #expect(main[0]["decision"] as? String == "review")
    }

    @Test func aByteOrderMarkBeforeTheFirstRecordIsSkipped() async {
        let input = Data([0xef, 0xbb, 0xbf]) + Data((#"{"id":1,"text":"hello"}"# + "\n").utf8)
        let main = records(await Vigil.runAsync(["screen"], stdin: input).stdout)
        #expect(main.first?["type"] as? String == "verdict")
        #expect(main.first?["line"] as? Int == 1)
        let check = await Vigil.runAsync(["check", "--format", "json"], stdin: Data([0xef, 0xbb, 0xbf]) + Data("hello".utf8))
        #expect((check.json?["warnings"] as? [String] ?? []).isEmpty)
    }
}
