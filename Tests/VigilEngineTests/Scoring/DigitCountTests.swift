// PostMatcher.digitCount counts ASCII digits eight bytes at a time; it must agree with
// a byte-by-byte count on every byte value and at every length.
import Testing
@testable import VigilEngine

@Suite struct DigitCountTests {
    func naive(_ bytes: [UInt8]) -> Int { bytes.filter { $0 >= 0x30 && $0 <= 0x39 }.count }

    @Test func agreesWithAByteByByteCount() {
        // Every byte value, in several alignments (0x2F, 0x3A and 0xB0–0xB9 border the digits).
        let all = (0...255).map { UInt8($0) }
        for shift in 0..<8 {
            let bytes = Array(repeating: UInt8(0x41), count: shift) + all
            #expect(bytes.withUnsafeBufferPointer { PostMatcher.digitCount($0) } == naive(bytes))
        }
        for text in ["", "1", "12345678", "123456789", "a1b2c3d4e5f6g7h8i9", "电话 138 0013 8000", "////::::0909"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { PostMatcher.digitCount($0) } == naive(bytes), "\(text)")
        }
    }
}
