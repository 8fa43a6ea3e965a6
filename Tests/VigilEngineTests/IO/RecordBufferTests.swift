// `vigil screen` assembles verdicts in a RecordBuffer (plain copies) while every other
// writer uses JSONWriter: the two must format strings, integers and scores to the
// same bytes, on the tricky cases too.
import Testing
@testable import VigilEngine

@Suite struct RecordBufferTests {
    static let strings: [[UInt8]] = [
        [], Array("a".utf8), Array("plain ascii text that is long enough".utf8),
        Array("quote \" and backslash \\ inside".utf8), Array("12345678\"".utf8), Array("\"1234567".utf8),
        [0x00, 0x01, 0x1F, 0x20, 0x7F], Array("tab\there\nnew\rline".utf8), Array("你好，世界 😀 é".utf8),
        Array("exactly8".utf8), Array("exactly8exactly8\u{08}".utf8), [0x0C] + Array("form feed then more text".utf8),
    ]

    @Test func stringsAreEscapedLikeJSONWriter() {
        for string in Self.strings {
            let buffer = RecordBuffer(capacity: 1)
            string.withUnsafeBufferPointer { buffer.appendString(utf8: $0) }
            var writer = JSONWriter()
            string.withUnsafeBufferPointer { writer.writeString(utf8: $0) }
            #expect(Array(buffer.bytes) == writer.bytes, "\(string)")
        }
    }

    @Test func numbersAreFormattedLikeJSONWriter() {
        var integers = Array(-1000...10_000) + [12345, -987654, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 0..<18 { power *= 10; integers += [power - 1, power, power + 1, -power] }
        for value in integers {
            // Both write through DecimalDigits: checked against Swift's own formatting.
            let buffer = RecordBuffer(capacity: 1)
            buffer.appendInteger(value)
            var writer = JSONWriter()
            writer.appendInteger(value)
            #expect(Array(buffer.bytes) == Array(String(value).utf8), "\(value)")
            #expect(writer.bytes == Array(String(value).utf8), "\(value)")
        }
        let doubles = [0.0, 1, 91, 99.5, 0.1, 33.333333333333336, -4, 1e15, 1e16, .infinity, .nan, -0.0]
        for value in doubles {
            let buffer = RecordBuffer(capacity: 1)
            buffer.appendDouble(value)
            var writer = JSONWriter()
            writer.double(value)
            #expect(Array(buffer.bytes) == writer.bytes, "\(value)")
        }
    }

    @Test func growsAcrossManyAppends() {
        let buffer = RecordBuffer(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<500 {
            buffer.append("ab")
            buffer.appendInteger(round)
            buffer.append(UInt8(ascii: ","))
            expected += Array("ab\(round),".utf8)
        }
        #expect(Array(buffer.bytes) == expected)
        buffer.reset()
        #expect(buffer.count == 0)
    }
}
