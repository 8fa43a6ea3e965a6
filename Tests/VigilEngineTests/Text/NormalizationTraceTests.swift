// The step-by-step account `rules explain` prints.
import Testing
@testable import VigilEngine

@Suite struct NormalizationTraceTests {
    @Test func eachStepReportsItsChangesAtOriginalOffsets() {
        let changes = NormalizationTrace.changes(in: "Ｆú\u{200B}ս 媽 * 傻")
        func of(_ step: String) -> [NormalizationChange] { changes.filter { $0.step == step } }
        #expect(of("width").map { "\($0.start) \($0.before)→\($0.after)" } == ["0 Ｆ→F"])
        #expect(of("case").map { "\($0.start) \($0.before)→\($0.after)" } == ["0 F→f"])
        #expect(of("accents").map { "\($0.start) \($0.before)→\($0.after)" } == ["1 ú→u"])
        #expect(of("ignorables").map(\.start) == [2])
        #expect(of("ignorables").first?.note == "removed U+200B ZERO WIDTH SPACE")
        #expect(of("confusables").map { "\($0.start) \($0.before)→\($0.after)" } == ["3 ս→u"])
        #expect(of("traditional").map { "\($0.start) \($0.before)→\($0.after)" } == ["5 媽→妈"])
        #expect(of("separators").map { "\($0.start)–\($0.end) \($0.before)" } == ["4–5  ", "6–9  * "])
    }

    @Test func longRunsAndLineBreaksAreNamed() {
        let changes = NormalizationTrace.changes(in: "a......b\nc", maximumGap: 4)
        #expect(changes.map(\.note) == ["6 separators: more than 4, keywords never span them", "line break: keywords never span it"])
    }

    @Test func onlyTheGivenStepsAppear() {
        let changes = NormalizationTrace.changes(in: "Ｆ媽", steps: [.width])
        #expect(changes.map(\.step) == ["width"])
    }
}
