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

    /// Scores with one decimal take a fast path: checked against Swift's own description
    /// on every tenth up to 100,000 and on random doubles near it.
    @Test func tenthsAreFormattedLikeSwift() {
        var random = SplitMix64(seed: 0x7E47_4501)
        var values = (0..<1_000_000).map { Double($0) / 10 }
        for _ in 0..<100_000 {
            let base = Double(random.below(1_000_000)) / 10
            values += [base.nextUp, base.nextDown, Double(random.next() >> 11) / Double(1 << 53) * 200]
        }
        values += [999_999.9, 1_000_000.1, 0.05, 1e-5, 123_456.7]
        for value in values {
            let buffer = RecordBuffer(capacity: 1)
            buffer.appendDouble(value)
            let expected = value == value.rounded() ? "\(Int(value)).0" : String(value)
            if Array(buffer.bytes) != Array(expected.utf8) {
                #expect(Array(buffer.bytes) == Array(expected.utf8), "\(value)")
                return
            }
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
