// The timeline of one topic, drawn on the server as SVG: counts per bucket for each
// signal (stepped lines), the baseline (dashed), the alarm threshold (dotted), state
// bands coloured and patterned by stage with their short name, and a numbered marker
// per transition. Each element has a <title> so a hover or a screen reader tells what
// it is; `data-` attributes let tests find the burst without parsing pixels.
import VigilEngine

struct TimelineSVG {
    var width = 960.0, height = 300.0
    let left = 44.0, right = 12.0, top = 26.0, bottom = 46.0
    /// Ink of each signal's line, in order; dash patterns tell them apart without colour.
    static let signalInk = ["#1f5fbf", "#b4410b", "#2e7d32", "#6a3fb5"]
    static let signalDash = ["", "6 3", "2 2", "8 3 2 3"]

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    /// The whole chart for the window `from..<to` (ms).
    func render(series: [ConsoleSeries], transitions: [EscalationTransition], initial: EscalationState,
                from: Int64, to: Int64, policy: EscalationPolicy) -> String {
        let span = Double(max(1, to - from))
        let x = { (t: Int64) -> Double in left + Double(t - from) / span * plotWidth }
        let thresholds: [[Double]] = series.map { s in
            s.threshold.isEmpty ? s.baseline.map { Double(AlarmThreshold.count(baseline: $0, p: policy.spikeEnterP, minimum: policy.spikeMinCount)) } : s.threshold
        }
        let top = max(5, series.enumerated().map { i, s in
            let threshold = i == 0 ? visible(s, from, to).map { thresholds[i].indices.contains($0) ? thresholds[i][$0] : 0 }.max() ?? 0 : 0
            return max(visible(s, from, to).map { s.counts[$0] }.max() ?? 0, Int(threshold.rounded(.up)))
        }.max() ?? 0)
        let yMax = Double(niceCeiling(top))
        let y = { (v: Double) -> Double in self.top + self.plotHeight * (1 - v / yMax) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"timeline-title\">"
        svg += "<title id=\"timeline-title\">Signal counts per \(ConsoleFormat.duration(series.first?.bucket ?? policy.bucket)) bucket from \(ConsoleFormat.time(from)) to \(ConsoleFormat.time(to)), with the baseline, the alarm threshold and the escalation stages</title>"
        svg += StageStyle.patternDefinitions
        svg += bands(transitions, initial: initial, from: from, to: to, x: x)
        svg += grid(yMax: yMax, y: y, from: from, to: to, x: x)
        for (i, s) in series.enumerated() {
            svg += lines(s, index: i, thresholds: thresholds[i], from: from, to: to, x: x, y: y)
        }
        svg += markers(transitions, from: from, to: to, x: x)
        return svg + "</svg>"
    }

    /// Indices of the buckets of `s` inside the window.
    func visible(_ s: ConsoleSeries, _ from: Int64, _ to: Int64) -> Range<Int> {
        guard s.bucket > 0, !s.counts.isEmpty else { return 0..<0 }
        let first = max(0, Int((from - s.start) / s.bucket))
        let last = min(s.counts.count, Int((to - s.start + s.bucket - 1) / s.bucket))
        return first < last ? first..<last : 0..<0
    }

    /// The axis top at or above `value`: four equal whole steps (4, 8, 12, 16, 20, 24, 32, 40, …).
    func niceCeiling(_ value: Int) -> Int {
        var scale = 1
        while true {
            for m in [1, 2, 3, 4, 5, 6, 8] where 4 * scale * m >= value { return 4 * scale * m }
            scale *= 10
        }
    }

    /// Background bands, one per stretch in a stage other than monitoring, and the label strip.
    func bands(_ transitions: [EscalationTransition], initial: EscalationState, from: Int64, to: Int64, x: (Int64) -> Double) -> String {
        var stretches: [(EscalationState, Int64, Int64)] = []
        var state = initial, start = from
        for t in transitions where t.rejected == nil && t.to != t.from {
            guard t.at > from else { state = t.to; continue }
            if t.at >= to { break }
            stretches.append((state, start, t.at))
            state = t.to; start = t.at
        }
        stretches.append((state, start, to))
        var out = "<g class=\"bands\">"
        let stripY = height - bottom + 22
        for (stage, a, b) in stretches where b > a {
            let style = StageStyle.of(stage), x0 = x(a), w = max(1, x(b) - x0)
            let title = "<title>\(ConsoleFormat.stageName(stage.rawValue)) from \(ConsoleFormat.time(a)) to \(ConsoleFormat.time(b))</title>"
            out += "<g data-stage=\"\(stage.rawValue)\" data-from=\"\(a)\" data-to=\"\(b)\">\(title)"
            if stage != .monitoring {
                out += rect(x0, top, w, plotHeight, fill: style.fill, opacity: 0.55)
                if let pattern = style.pattern { out += rect(x0, top, w, plotHeight, fill: "url(#\(pattern))", opacity: 1) }
            }
            out += rect(x0, stripY, w, 16, fill: style.fill, opacity: 1)
            if let pattern = style.pattern { out += rect(x0, stripY, w, 16, fill: "url(#\(pattern))", opacity: 1) }
            if w >= 26 {
                out += "<text x=\"\(f(x0 + 4))\" y=\"\(f(stripY + 12))\" font-size=\"10\" font-weight=\"600\" fill=\"\(style.ink)\">\(style.short)</text>"
            }
            out += "</g>"
        }
        return out + "</g>"
    }

    func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\"/>"
    }

    /// Horizontal grid lines with counts, and hour ticks with UTC times.
    func grid(yMax: Double, y: (Double) -> Double, from: Int64, to: Int64, x: (Int64) -> Double) -> String {
        var out = "<g class=\"grid\" font-size=\"10\" fill=\"#5b6573\">"
        for i in 0...4 {
            let v = yMax * Double(i) / 4, yy = y(v)
            out += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"#d5dae1\" stroke-width=\"\(i == 0 ? 1 : 0.6)\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 3))\" text-anchor=\"end\">\(Int(v))</text>"
        }
        let hour: Int64 = 3_600_000
        let spanHours = max(1, (to - from) / hour)
        let step = hour * ([1, 2, 3, 6, 12, 24, 48].first { spanHours / $0 <= 8 } ?? 96)
        var tick = (from + step - 1) / step * step
        while tick <= to {
            let xx = x(tick)
            out += "<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top + plotHeight))\" y2=\"\(f(top + plotHeight + 4))\" stroke=\"#8a94a3\"/>"
            let label = ConsoleFormat.clock(tick) == "00:00" ? String(ConsoleFormat.time(tick).prefix(10)) : ConsoleFormat.clock(tick)
            out += "<text x=\"\(f(xx))\" y=\"\(f(top + plotHeight + 15))\" text-anchor=\"middle\">\(label)</text>"
            tick += step
        }
        return out + "</g>"
    }

    /// One signal: its stepped count line, its baseline and its alarm threshold.
    func lines(_ s: ConsoleSeries, index: Int, thresholds: [Double], from: Int64, to: Int64,
               x: (Int64) -> Double, y: (Double) -> Double) -> String {
        let range = visible(s, from, to)
        guard !range.isEmpty else { return "" }
        let ink = Self.signalInk[index % Self.signalInk.count], dash = Self.signalDash[index % Self.signalDash.count]
        let peak = range.max { s.counts[$0] < s.counts[$1] }!
        var out = "<g class=\"signal\" data-signal=\"\(escapeMarkup(s.signal))\" data-max=\"\(s.counts[peak])\" data-max-at=\"\(s.start + Int64(peak) * s.bucket)\""
        if s.baseline.indices.contains(peak) { out += " data-baseline-at-max=\"\(ConsoleFormat.number(s.baseline[peak]))\"" }
        out += "><title>\(escapeMarkup(s.signal)): peak \(s.counts[peak]) at \(ConsoleFormat.time(s.start + Int64(peak) * s.bucket))</title>"
        // A stepped path; buckets where `values` is nil leave a gap.
        func step(_ values: (Int) -> Double?) -> String {
            var d = "", pen = false
            for i in range {
                guard let v = values(i) else { pen = false; continue }
                let a = s.start + Int64(i) * s.bucket
                d += "\(pen ? "L" : "M")\(self.f(x(max(a, from)))) \(self.f(y(v)))L\(self.f(x(min(a + s.bucket, to)))) \(self.f(y(v)))"
                pen = true
            }
            return d
        }
        // The baseline and threshold of the primary signal only: one pair of reference lines.
        if index == 0 && !s.baseline.isEmpty {
            out += "<path class=\"baseline\" d=\"\(step { s.baseline.indices.contains($0) ? s.baseline[$0] : nil })\" fill=\"none\" stroke=\"#5b6573\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"><title>baseline (expected \(escapeMarkup(s.signal)))</title></path>"
            out += "<path class=\"threshold\" d=\"\(step { thresholds.indices.contains($0) && thresholds[$0] > 0 ? thresholds[$0] : nil })\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.2\" stroke-dasharray=\"1.5 3\"><title>alarm threshold</title></path>"
        }
        out += "<path class=\"counts\" d=\"\(step { Double(s.counts[$0]) })\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
        return out + "</g>"
    }

    /// A numbered marker per transition (commands and evidence alike).
    func markers(_ transitions: [EscalationTransition], from: Int64, to: Int64, x: (Int64) -> Double) -> String {
        var out = "<g class=\"markers\" font-size=\"10\" font-weight=\"700\">"
        // Reminders and rejected commands change nothing: numbered in the list, not marked.
        for (n, t) in transitions.enumerated() where t.at >= from && t.at <= to && !t.isReminder && t.rejected == nil {
            let xx = x(t.at)
            out += "<g class=\"marker\" data-to=\"\(t.to.rawValue)\" data-at=\"\(t.at)\"><title>\(n + 1). \(ConsoleFormat.time(t.at)): \(escapeMarkup(EvidenceWords.headline(t)))</title>"
            out += "<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top - 4))\" y2=\"\(f(top + plotHeight))\" stroke=\"#1c2430\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
            out += "<circle cx=\"\(f(xx))\" cy=\"\(f(top - 12))\" r=\"8\" fill=\"#1c2430\"/>"
            out += "<text x=\"\(f(xx))\" y=\"\(f(top - 8.5))\" text-anchor=\"middle\" fill=\"#fff\">\(n + 1)</text></g>"
        }
        return out + "</g>"
    }

    /// One decimal is enough for a pixel.
    func f(_ v: Double) -> String { ConsoleFormat.number(v) }
}
