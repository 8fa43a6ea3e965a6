// What each normalization step did to a text, character by character, for `vigil rules
// explain`. This replays the steps one at a time from the generated tables (the hot path
// uses the composed table instead), so it is slow and only for people reading it.

/// One change a normalization step made.
public struct NormalizationChange: Sendable, Equatable {
    /// The step's rule-file name (`width`, `case`, …).
    public var step: String
    /// Code-point offsets [start, end) in the original text.
    public var start: Int
    public var end: Int
    /// The text before and after the step (`after` is empty when it was removed).
    public var before: String
    public var after: String
    /// A short note (`removed U+200B ZERO WIDTH SPACE`, `3 separators skipped`).
    public var note: String
}

public enum NormalizationTrace {
    /// The changes each step of `steps` makes to `text`, in pipeline order.
    public static func changes(in text: String, steps: NormalizationSteps = .all, maximumGap: Int = 4) -> [NormalizationChange] {
        let tables = UnicodeTables.shared
        // Each original scalar with what it has become so far.
        var items: [(origin: Int, original: Unicode.Scalar, current: [UInt32])] =
            text.unicodeScalars.enumerated().map { ($0.offset, $0.element, [$0.element.value]) }
        var changes: [NormalizationChange] = []
        func render(_ scalars: [UInt32]) -> String {
            String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init)))
        }
        // Ignorables and combining marks go first, as the composed table does.
        for index in items.indices {
            let kind = tables.scalarClass(items[index].original.value)
            let step: NormalizationSteps? = kind == .ignorable ? .ignorables : kind == .mark ? .accents : nil
            guard let step, steps.contains(step) else { continue }
            let scalar = items[index].original
            changes.append(NormalizationChange(
                step: step.names[0], start: items[index].origin, end: items[index].origin + 1,
                before: String(scalar), after: "",
                note: "removed \(describe(scalar))"))
            items[index].current = []
        }
        // Mapping steps, repeated until stable (a result may fold again: Ｍ → M → m).
        for _ in 0..<4 {
            var changed = false
            for step in NormalizationSteps.mappingSteps where steps.contains(step) {
                let map = tables.map(for: step)
                for index in items.indices where !items[index].current.isEmpty {
                    let before = items[index].current
                    let after = before.flatMap { scalar -> [UInt32] in
                        let kind = tables.scalarClass(scalar)
                        if (kind == .mark && steps.contains(.accents)) || (kind == .ignorable && steps.contains(.ignorables)) { return [] }
                        return map[scalar] ?? [scalar]
                    }
                    guard after != before else { continue }
                    changed = true
                    items[index].current = after
                    changes.append(NormalizationChange(
                        step: step.names[0], start: items[index].origin, end: items[index].origin + 1,
                        before: render(before), after: render(after), note: ""))
                }
            }
            if !changed { break }
        }
        // Separator runs between content characters.
        guard steps.contains(.separators) else { return changes }
        var runStart: Int? = nil, runEnd = 0, runLength = 0, broken = false, seenContent = false
        var runText = ""
        for item in items where !item.current.isEmpty {
            let kind = tables.scalarClass(item.current[0])
            if kind == .separator || kind == .lineBreak {
                if runStart == nil { runStart = item.origin; runText = "" }
                runLength += 1
                runEnd = item.origin + 1
                runText.unicodeScalars.append(item.original)
                if kind == .lineBreak { broken = true }
                continue
            }
            if let start = runStart, seenContent {
                let joins = !broken && runLength <= maximumGap
                changes.append(NormalizationChange(
                    step: "separators", start: start, end: runEnd, before: runText, after: joins ? " " : "\n",
                    note: joins ? "\(runLength) separator\(runLength == 1 ? "" : "s") skipped inside keywords"
                                : broken ? "line break: keywords never span it" : "\(runLength) separators: more than \(maximumGap), keywords never span them"))
            }
            runStart = nil; runLength = 0; broken = false
            seenContent = true
        }
        return changes
    }

    /// `U+200B ZERO WIDTH SPACE`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        return "U+\(hex)" + (scalar.properties.name.map { " \($0)" } ?? "")
    }
}
