// The distinct-author sketch behind evidence `authors` and `rapid_response.min_authors`:
// close to exact at the sizes thresholds use, unions of buckets, repeats counted once,
// and the same bits in every run.
import Testing
@testable import VigilEngine

@Suite struct AuthorSketchTests {
    static func sketch(_ names: some Sequence<String>) -> AuthorSketch {
        var s = AuthorSketch()
        for name in names { s.insert(bit: AuthorSketch.bit(of: name)) }
        return s
    }

    @Test func estimatesAreCloseAtThresholdSizes() {
        #expect(AuthorSketch().estimate == 0)
        #expect(Self.sketch(["a"]).estimate == 1)
        for n in [5, 10, 20, 50, 100, 200, 400] {
            // Several disjoint populations of n: the mean error stays small, none is far off.
            var errors: [Double] = []
            for trial in 0..<20 {
                let estimate = Self.sketch((0..<n).map { "user\(trial)_\($0)" }).estimate
                errors.append(Double(estimate - n) / Double(n))
            }
            let mean = errors.reduce(0, +) / Double(errors.count)
            #expect(abs(mean) < 0.05, "n \(n): mean relative error \(mean)")
            #expect(errors.allSatisfy { abs($0) <= (n <= 20 ? 0.25 : 0.2) }, "n \(n): \(errors)")
        }
    }

    @Test func repeatsCountOnceAndUnionsMerge() {
        let first = Self.sketch((0..<30).map { "a\($0)" })
        #expect(Self.sketch((0..<30).flatMap { ["a\($0)", "a\($0)", "a\($0)"] }) == first)
        let second = Self.sketch((0..<30).map { "b\($0)" })
        var union = first
        union.formUnion(second)
        #expect(union == Self.sketch((0..<30).map { "a\($0)" } + (0..<30).map { "b\($0)" }))
        #expect(abs(union.estimate - 60) <= 6)
        var same = first
        same.formUnion(first)
        #expect(same == first)
    }

    @Test func bitsAreFixedAndSaturationIsCapped() {
        // FNV-1a with a fixed mix: the same name gives the same bit on every run and machine.
        #expect(AuthorSketch.bit(of: "") == AuthorSketch.bit(of: ""))
        #expect(Set((0..<2000).map { AuthorSketch.bit(of: "u\($0)") }).count == 256, "every bit is reachable")
        let full = AuthorSketch(words: [.max, .max, .max, .max])
        #expect(full.estimate == AuthorSketch.saturated)
        #expect(Self.sketch((0..<5000).map { "x\($0)" }).estimate >= 1000)
    }
}
