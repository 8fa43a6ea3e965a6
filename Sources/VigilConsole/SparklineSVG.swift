// The 24-hour sparkline of the overview: the topic's signal counts summed per bucket
// (a filled area) against the summed baseline (a dashed line), small enough for a table row.
// A topic without a point in the 24 hours was idle (the store keeps no points for idle
// stretches): it is drawn as a flat line at zero over 15-minute slots, as the zeros
// they are, not as missing data.

enum SparklineSVG {
    /// The slot of an idle topic's line: the store's sparkline slot (15 minutes).
    static let idleSlot: Int64 = 900_000

    static func render(_ series: [ConsoleSeries], to end: Int64, hours: Int64 = 24, width: Double = 160, height: Double = 32) -> String {
        let from = end - hours * 3_600_000
        let bucket = series.first.map(\.bucket).flatMap { $0 > 0 ? $0 : nil } ?? idleSlot
        let n = Int((end - from) / bucket)
        var counts = [Double](repeating: 0, count: n), baseline = [Double](repeating: 0, count: n)
        var hasBaseline = false
        for s in series where s.bucket == bucket {
            for i in s.counts.indices {
                let slot = Int((s.start + Int64(i) * bucket - from) / bucket)
                guard slot >= 0 && slot < n else { continue }
                counts[slot] += Double(s.counts[i])
                if s.baseline.indices.contains(i) { baseline[slot] += s.baseline[i]; hasBaseline = true }
            }
        }
        let top = max(1, counts.max() ?? 1, baseline.max() ?? 1)
        let x = { (i: Int) in Double(i) / Double(max(1, n - 1)) * width }
        let y = { (v: Double) in 2 + (height - 4) * (1 - v / top) }
        let f = ConsoleFormat.number
        let points = counts.indices.map { "\(f(x($0))),\(f(y(counts[$0])))" }.joined(separator: " ")
        let total = Int(counts.reduce(0, +)), expected = baseline.reduce(0, +)
        var svg = "<svg class=\"sparkline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(total) signals in 24 h"
        svg += hasBaseline ? " against \(f(expected)) expected\">" : "\">"
        svg += "<polygon points=\"0,\(f(height)) \(points) \(f(width)),\(f(height))\" fill=\"#1f5fbf\" fill-opacity=\"0.14\"/>"
        svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.4\"/>"
        if hasBaseline {
            let base = baseline.indices.map { "\(f(x($0))),\(f(y(baseline[$0])))" }.joined(separator: " ")
            svg += "<polyline points=\"\(base)\" fill=\"none\" stroke=\"#5b6573\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
        }
        return svg + "</svg>"
    }
}
