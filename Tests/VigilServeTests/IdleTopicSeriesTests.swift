// An idle topic stores no bucket points (the monitor skips quiet stretches), and the
// pages read what is missing as zero: the timeline's series run on with zeros to the
// window's end instead of stopping at the last post, and a topic without any point in
// the day gets a flat sparkline at zero rather than "no data".
import Testing
import VigilEngine
import VigilStore
@testable import VigilConsole
@testable import vigil

struct IdleTopicSeriesTests {
    static let bucket: Int64 = 300_000

    static func point(_ index: Int64, count: Int) -> BucketPoint {
        BucketPoint(topic: "quiet", signal: "complaint", start: index * bucket, end: (index + 1) * bucket, count: count,
                    baseline: 1, threshold: 4)
    }

    @Test func seriesRunsOnWithZerosToTheWindowEnd() throws {
        let points = [Self.point(10, count: 3), Self.point(12, count: 5)]
        let series = try #require(ConsoleStoreData.series(points, from: 0, to: 20 * Self.bucket + 1_000).first)
        #expect(series.start == 10 * Self.bucket)
        #expect(series.counts == [3, 0, 5, 0, 0, 0, 0, 0, 0, 0])
        #expect(series.baseline[3...].allSatisfy { $0 == 0 })
        let unpadded = try #require(ConsoleStoreData.series(points, from: 0).first)
        #expect(unpadded.counts == [3, 0, 5])
    }

    @Test func idleTopicDrawsAFlatLineAtZero() {
        let svg = SparklineSVG.render([], to: 96 * 900_000)
        #expect(svg.hasPrefix("<svg class=\"sparkline\""))
        #expect(svg.contains("aria-label=\"0 signals in 24 h\""))
        #expect(!svg.contains("no data"))
        #expect(!svg.contains("stroke-dasharray"))
    }
}
