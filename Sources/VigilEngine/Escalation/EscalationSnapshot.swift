// The exact state of an EscalationMonitor as bytes (`screen --state FILE`), so that
// restore(snapshot after k inputs) + the rest gives the transitions of one
// uninterrupted run. Floating-point numbers are stored as their bit patterns, topics
// and authors in sorted order, so equal states give equal bytes.
//
// Layout (little-endian):
//   "VIGILESC"            8-byte magic
//   version    UInt32     `EscalationMonitor.snapshotVersion`
//   length     UInt64     payload bytes
//   payload               LEB128 varints (zigzag for signed), 8-byte doubles, strings as
//                         length + UTF-8
//   checksum   UInt64     FNV-1a 64 of the payload
//
// Version 3 added the window rings and author sketches (rapid_response's window, the
// evidence's distinct authors), the quiet run's sums, and whether the incident was
// acknowledged and when its next reminder is due. A version 2 snapshot still loads:
// those start empty (the window counts only what comes after the restore, for its
// first `rapid_response.window`), an incident in rapid_response counts as not
// acknowledged, and the open buckets' author sketches are rebuilt from their authors.

/// Why a snapshot cannot be restored.
public enum EscalationSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes do not start like an escalation snapshot.
    case notASnapshot
    /// Written by a different snapshot format version.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// Damaged: truncated, checksum mismatch, or values out of range.
    case corrupt(String)
    /// Written under a policy whose bucket shape differs from this one.
    case incompatible(String)

    public var description: String {
        switch self {
        case .notASnapshot: return "not an escalation state snapshot (bad magic bytes)"
        case .unsupportedVersion(let found, let supported):
            return "escalation state snapshot has format version \(found); this vigil reads versions \(EscalationMonitor.oldestSnapshotVersion) to \(supported)"
        case .corrupt(let why): return "escalation state snapshot is corrupt: \(why)"
        case .incompatible(let why): return "escalation state snapshot does not fit the policy: \(why)"
        }
    }
}

extension EscalationMonitor {
    /// Format version written by `snapshot()` and read by `init(policy:restoring:)`.
    public static let snapshotVersion: UInt32 = 3
    /// The oldest version `init(policy:restoring:)` still reads.
    public static let oldestSnapshotVersion: UInt32 = 2
    static let magic = Array("VIGILESC".utf8)

    /// The exact state, versioned and checksummed.
    public func snapshot() -> [UInt8] {
        var w = SnapshotWriter()
        w.int(tuning.bucket)
        w.uint(UInt64(tuning.guardBuckets))
        w.uint(UInt64(tuning.exitBuckets))
        w.uint(UInt64(tuning.windowBuckets))
        w.uint(UInt64(tuning.signalNames.count))
        for name in tuning.signalNames { w.string(name) }
        if let clock { w.uint(1); w.int(clock) } else { w.uint(0) }
        w.int(firstOpen)
        w.int(nextSweep)
        // Topics due for eviction are left out: restored, they would be forgotten anyway.
        var retiredAll = retired
        let live = topics.values.filter { topic in
            if topic.isEvictable(firstOpen: firstOpen, tuning) {
                if topic.incidents > 0 { retiredAll[topic.name] = topic.incidents }
                return false
            }
            return true
        }.sorted { $0.name < $1.name }
        w.uint(UInt64(retiredAll.count))
        for (name, count) in retiredAll.sorted(by: { $0.key < $1.key }) { w.string(name); w.uint(UInt64(count)) }
        w.uint(UInt64(live.count))
        for topic in live { w.topic(topic) }

        var out = Self.magic
        out += withUnsafeBytes(of: Self.snapshotVersion.littleEndian, Array.init)
        out += withUnsafeBytes(of: UInt64(w.bytes.count).littleEndian, Array.init)
        out += w.bytes
        out += withUnsafeBytes(of: fnv1a(w.bytes).littleEndian, Array.init)
        return out
    }

    /// A monitor in the state `snapshot()` captured. The policy may differ in thresholds
    /// and may add signals, but not in `bucket`, `baseline.guard` or `exit.window`.
    public convenience init(policy: EscalationPolicy, restoring bytes: [UInt8]) throws(EscalationSnapshotError) {
        self.init(policy: policy)
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.magic else { throw .notASnapshot }
        guard bytes.count >= 20 else { throw .corrupt("truncated header") }
        let version = bytes[8..<12].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard (Self.oldestSnapshotVersion...Self.snapshotVersion).contains(version) else {
            throw .unsupportedVersion(found: version, supported: Self.snapshotVersion)
        }
        let length = bytes[12..<20].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(bytes.count), UInt64(bytes.count) == 20 + length + 8 else {
            throw .corrupt("length field says \(length) payload bytes, the file has \(max(0, bytes.count - 28))")
        }
        let payload = Array(bytes[20..<(20 + Int(length))])
        let stored = bytes[(20 + Int(length))...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard stored == fnv1a(payload) else { throw .corrupt("checksum mismatch") }
        var r = SnapshotReader(bytes: payload, version: version)
        try restore(from: &r)
        guard r.atEnd else { throw .corrupt("trailing bytes in payload") }
    }

    func restore(from r: inout SnapshotReader) throws(EscalationSnapshotError) {
        let bucket = try r.int()
        guard bucket == tuning.bucket else {
            throw .incompatible("written with \(EventTime.describe(duration: bucket)) buckets, the policy has \(EventTime.describe(duration: tuning.bucket))")
        }
        let guardBuckets = try r.count(limit: 1 << 20), exitBuckets = try r.count(limit: 1 << 20)
        guard guardBuckets == tuning.guardBuckets, exitBuckets == tuning.exitBuckets else {
            throw .incompatible("written with baseline.guard of \(guardBuckets) and exit.window of \(exitBuckets) buckets, the policy has \(tuning.guardBuckets) and \(tuning.exitBuckets)")
        }
        if r.version >= 3 {
            let windowBuckets = try r.count(limit: 1 << 20)
            guard windowBuckets == tuning.windowBuckets else {
                throw .incompatible("written with a window of \(windowBuckets) buckets (the longer of rapid_response.window and exit.window), the policy has \(tuning.windowBuckets)")
            }
        }
        let signalCount = try r.count(limit: 64)
        var map: [Int] = []
        for _ in 0..<signalCount { map.append(tuning.signalIndex[try r.string()] ?? -1) }
        guard signalCount >= 3, map.suffix(3) == [tuning.authorsSignal, tuning.reviewSignal, tuning.blockSignal] else {
            throw .corrupt("derived signals missing")
        }
        switch try r.uint() {
        case 0: clock = nil
        case 1: clock = try r.int()
        default: throw .corrupt("bad clock flag")
        }
        firstOpen = try r.int()
        nextSweep = try r.int()
        for _ in 0..<(try r.count(limit: 1 << 32)) {
            let name = try r.string()
            retired[name] = try r.count(limit: Int.max)
        }
        var previous: String?
        for _ in 0..<(try r.count(limit: 1 << 32)) {
            let topic = try r.topic(map: map, tuning)
            if let previous, previous >= topic.name { throw .corrupt("topics out of order") }
            previous = topic.name
            guard topic.nextBucket <= firstOpen, topic.nextBucket == firstOpen || !topic.isHot(tuning) else {
                throw .corrupt("topic \(topic.name) is not at the watermark")
            }
            topics[topic.name] = topic
            if topic.isHot(tuning) { hot.insert(topic.name) }
        }
    }
}

/// FNV-1a, 64-bit.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func int(_ v: Int) { int(Int64(v)) }
    mutating func double(_ v: Double) { bytes += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }
    mutating func string(_ s: String) { let u = Array(s.utf8); uint(UInt64(u.count)); bytes += u }
    mutating func severity(_ s: EscalationSeverity?) { uint(UInt64(s?.rawValue ?? 0)) }
    /// An author sketch: 0 when empty (most of a quiet topic's ring), else 1 and its
    /// four words.
    mutating func sketch(_ s: AuthorSketch) {
        guard !s.isEmpty else { bytes.append(0); return }
        bytes.append(1)
        for w in s.words { bytes += withUnsafeBytes(of: w.littleEndian, Array.init) }
    }

    mutating func topic(_ t: TopicMachine) {
        string(t.name)
        uint(UInt64(EscalationState.allCases.firstIndex(of: t.state)!))
        int(t.enteredAt)
        uint(UInt64(t.incidents))
        severity(t.severity)
        severity(t.peak)
        severity(t.lastBucketSeverity)
        uint(UInt64(t.incidentSignal))
        int(t.createdBucket)
        int(t.nextBucket)
        int(t.lastRecordBucket)
        int(t.holdUntil)
        int(t.learned)
        uint(UInt64(t.warnMask))
        uint(UInt64(t.alarmMask))
        int(t.quietRun)
        int(t.lastWarn)
        int(t.lastAlarm)
        uint(UInt64(t.late))
        uint(t.acknowledged ? 1 : 0)
        int(t.nextReminder)
        uint(UInt64(t.pendingHead)); uint(UInt64(t.pendingFill))
        uint(UInt64(t.recentHead)); uint(UInt64(t.recentFill))
        uint(UInt64(t.profile.hours.count)); for f in t.profile.hours { uint(UInt64(f.bitPattern)) }
        double(t.profile.sum)
        for v in t.profile.visits { uint(UInt64(v)) }
        uint(UInt64(t.pendingVolume.count)); for x in t.pendingVolume { int(Int64(x)) }
        uint(UInt64(t.stats.count))
        for s in t.stats {
            uint(UInt64(s.signal))
            double(s.mean); double(s.variance); double(s.cusum)
            int(s.runCount); int(s.runStart); double(s.runExpected)
            uint(UInt64(s.pending.count)); for x in s.pending { int(Int64(x)) }
            uint(UInt64(s.recent.count)); for x in s.recent { int(Int64(x)) }
            int(s.recentSum)
            uint(UInt64(s.windowCounts.count)); for x in s.windowCounts { int(Int64(x)) }
            for a in s.windowAuthors { sketch(a) }
            sketch(s.runAuthors)
            int(s.quietCount); double(s.quietExpected); sketch(s.quietAuthors)
        }
        uint(UInt64(t.open.count))
        for b in t.open {
            int(b.index)
            int(Int64(b.volume))
            uint(UInt64(b.counts.count)); for x in b.counts { int(Int64(x)) }
            uint(UInt64(b.authorCounts.count))
            for (author, counts) in b.authorCounts.sorted(by: { $0.key < $1.key }) {
                string(author)
                uint(UInt64(counts.count)); bytes += counts
            }
            uint(UInt64(b.examples.count))
            for list in b.examples { uint(UInt64(list.count)); for id in list { string(id) } }
            for a in b.authors { sketch(a) }
        }
    }
}

struct SnapshotReader {
    let bytes: [UInt8]
    /// The snapshot's format version (what its payload holds).
    let version: UInt32
    var position = 0

    init(bytes: [UInt8], version: UInt32 = EscalationMonitor.snapshotVersion) {
        self.bytes = bytes
        self.version = version
    }

    var atEnd: Bool { position == bytes.count }

    mutating func byte() throws(EscalationSnapshotError) -> UInt8 {
        guard position < bytes.count else { throw .corrupt("truncated payload") }
        defer { position += 1 }
        return bytes[position]
    }
    mutating func uint() throws(EscalationSnapshotError) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw .corrupt("overlong number") }
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
    mutating func int() throws(EscalationSnapshotError) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
    mutating func count(limit: Int) throws(EscalationSnapshotError) -> Int {
        let v = try uint()
        guard v <= UInt64(limit) else { throw .corrupt("a count of \(v) is out of range") }
        return Int(v)
    }
    mutating func int32() throws(EscalationSnapshotError) -> Int32 {
        let v = try int()
        guard let x = Int32(exactly: v) else { throw .corrupt("a count of \(v) is out of range") }
        return x
    }
    mutating func double() throws(EscalationSnapshotError) -> Double {
        guard position + 8 <= bytes.count else { throw .corrupt("truncated payload") }
        let bits = bytes[position..<(position + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        position += 8
        let v = Double(bitPattern: bits)
        guard v.isFinite else { throw .corrupt("a number is not finite") }
        return v
    }
    mutating func string() throws(EscalationSnapshotError) -> String {
        let n = try count(limit: bytes.count - position)
        defer { position += n }
        guard let s = String(validating: bytes[position..<(position + n)], as: UTF8.self) else { throw .corrupt("a string is not UTF-8") }
        return s
    }
    mutating func sketch() throws(EscalationSnapshotError) -> AuthorSketch {
        switch try byte() {
        case 0: return AuthorSketch()
        case 1: break
        default: throw .corrupt("bad author sketch tag")
        }
        guard position + 32 <= bytes.count else { throw .corrupt("truncated payload") }
        var words: [UInt64] = []
        for k in 0..<4 {
            let start = position + 8 * k
            words.append(bytes[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        position += 32
        return AuthorSketch(words: words)
    }

    mutating func severity() throws(EscalationSnapshotError) -> EscalationSeverity? {
        let v = try uint()
        if v == 0 { return nil }
        guard let s = EscalationSeverity(rawValue: Int(v)) else { throw .corrupt("bad severity \(v)") }
        return s
    }

    /// A topic, with signal indices mapped from the snapshot's list to the policy's.
    mutating func topic(map: [Int], _ t: EscalationTuning) throws(EscalationSnapshotError) -> TopicMachine {
        let name = try string()
        let stateIndex = try count(limit: EscalationState.allCases.count - 1)
        let topic = TopicMachine(name: name, firstOpen: 0, incidents: 0)
        try topicState(topic, stateIndex: stateIndex, map: map, t)
        try topicRings(topic, t)
        topic.stats = try signalStats(map: map, t)
        let width = t.signalNames.count
        for _ in 0..<(try count(limit: 1 << 20)) {
            let bucket = try openBucket(map: map, width: width, t)
            if let last = topic.open.last, last.index >= bucket.index { throw .corrupt("open buckets out of order") }
            topic.open.append(bucket)
        }
        return topic
    }

    /// The topic's state, incident, severity and bucket marks.
    mutating func topicState(_ topic: TopicMachine, stateIndex: Int, map: [Int], _ t: EscalationTuning) throws(EscalationSnapshotError) {
        topic.state = EscalationState.allCases[stateIndex]
        topic.enteredAt = try int()
        topic.incidents = try count(limit: Int.max)
        topic.severity = try severity()
        topic.peak = try severity()
        topic.lastBucketSeverity = try severity()
        let incidentSignal = try count(limit: map.count - 1)
        topic.incidentSignal = max(0, map[incidentSignal])
        topic.createdBucket = try int()
        topic.nextBucket = try int()
        topic.lastRecordBucket = try int()
        topic.holdUntil = try int()
        topic.learned = try int()
        topic.warnMask = UInt32(truncatingIfNeeded: try uint())
        topic.alarmMask = UInt32(truncatingIfNeeded: try uint())
        topic.quietRun = try int()
        topic.lastWarn = try int()
        topic.lastAlarm = try int()
        topic.late = try count(limit: Int.max)
        if version >= 3 {
            switch try uint() {
            case 0: topic.acknowledged = false
            case 1: topic.acknowledged = true
            default: throw .corrupt("bad acknowledged flag")
            }
            topic.nextReminder = try int()
        } else {
            // Version 2 did not say: past rapid_response the incident was acknowledged.
            topic.acknowledged = topic.state > .rapidResponse
            let interval = t.policy.reminderInterval
            topic.nextReminder = topic.state == .rapidResponse && interval > 0 ? topic.enteredAt + interval : .max
        }
    }

    /// The guard and exit ring positions, the daily profile and the pending volumes.
    mutating func topicRings(_ topic: TopicMachine, _ t: EscalationTuning) throws(EscalationSnapshotError) {
        topic.pendingHead = try count(limit: max(0, t.guardBuckets - 1))
        topic.pendingFill = try count(limit: t.guardBuckets)
        topic.recentHead = try count(limit: t.exitBuckets - 1)
        topic.recentFill = try count(limit: t.exitBuckets)
        let hours = try count(limit: 24)
        guard hours == 0 || hours == 24 else { throw .corrupt("daily profile of \(hours) hours") }
        for _ in 0..<hours {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: try uint()))
            guard f.isFinite, f >= 0 else { throw .corrupt("a daily mean is negative") }
            topic.profile.hours.append(f)
        }
        topic.profile.sum = try double()
        for _ in 0..<hours { topic.profile.visits.append(UInt16(try count(limit: Int(UInt16.max)))) }
        topic.profile.ready = DailyProfile.isReady(topic.profile.visits, t)
        let pendingVolume = try count(limit: t.guardBuckets)
        guard pendingVolume == 0 || pendingVolume == t.guardBuckets else { throw .corrupt("guard ring of \(pendingVolume) buckets") }
        for _ in 0..<pendingVolume { topic.pendingVolume.append(try int32()) }
    }

    /// Each signal's statistics, in the policy's signal order (signals the policy no
    /// longer watches are dropped).
    mutating func signalStats(map: [Int], _ t: EscalationTuning) throws(EscalationSnapshotError) -> [SignalStats] {
        var stats: [SignalStats] = []
        for _ in 0..<(try count(limit: map.count)) {
            let old = try count(limit: map.count - 1)
            var s = SignalStats(signal: map[old], guardBuckets: 0, windowBuckets: version >= 3 ? 0 : t.windowBuckets)
            s.mean = try double(); s.variance = try double(); s.cusum = try double()
            s.runCount = try int(); s.runStart = try int(); s.runExpected = try double()
            let pendingCount = try count(limit: t.guardBuckets)
            guard pendingCount == t.guardBuckets else { throw .corrupt("guard ring of \(pendingCount) buckets") }
            for _ in 0..<pendingCount { s.pending.append(try int32()) }
            let recentCount = try count(limit: t.exitBuckets)
            guard recentCount == 0 || recentCount == t.exitBuckets else { throw .corrupt("exit window of \(recentCount) buckets") }
            for _ in 0..<recentCount { s.recent.append(try int32()) }
            s.recentSum = try int()
            if version >= 3 { try window(into: &s, t) }
            if s.signal >= 0 { stats.append(s) }
        }
        stats.sort { $0.signal < $1.signal }
        return stats
    }

    /// One open bucket: its counts, authors, examples and author sketches.
    mutating func openBucket(map: [Int], width: Int, _ t: EscalationTuning) throws(EscalationSnapshotError) -> OpenBucket {
        var bucket = OpenBucket(index: try int(), signals: width)
        bucket.volume = try int32()
        let countsCount = try count(limit: map.count)
        guard countsCount == map.count else { throw .corrupt("bucket with \(countsCount) signals") }
        for old in 0..<countsCount {
            let x = try int32()
            if map[old] >= 0 { bucket.counts[map[old]] = x }
        }
        for _ in 0..<(try count(limit: bytes.count)) {
            let author = try string()
            let n = try count(limit: map.count)
            guard n == map.count, position + n <= bytes.count else { throw .corrupt("author counts") }
            var counts = [UInt8](repeating: 0, count: width)
            for old in 0..<n where map[old] >= 0 { counts[map[old]] = bytes[position + old] }
            position += n
            bucket.authorCounts[author] = counts
        }
        let lists = try count(limit: map.count)
        guard lists == map.count else { throw .corrupt("bucket examples") }
        for old in 0..<lists {
            var ids: [String] = []
            for _ in 0..<(try count(limit: 1 << 20)) { ids.append(try string()) }
            if map[old] >= 0 { bucket.examples[map[old]] = ids }
        }
        if version >= 3 {
            for old in 0..<lists {
                let a = try sketch()
                if map[old] >= 0 { bucket.authors[map[old]] = a }
            }
        } else {
            Self.rebuildAuthors(&bucket, t)
        }
        return bucket
    }

    /// A signal's window ring, run and quiet-run sketches and sums (version 3).
    mutating func window(into s: inout SignalStats, _ t: EscalationTuning) throws(EscalationSnapshotError) {
        let n = try count(limit: t.windowBuckets)
        guard n == t.windowBuckets else { throw .corrupt("window ring of \(n) buckets") }
        for _ in 0..<n { s.windowCounts.append(try int32()) }
        for _ in 0..<n { s.windowAuthors.append(try sketch()) }
        s.runAuthors = try sketch()
        s.quietCount = try int()
        s.quietExpected = try double()
        s.quietAuthors = try sketch()
    }

    /// A version 2 bucket's author sketches, from the authors it kept (records without
    /// an author are not there: each counted as its own author, they are lost).
    static func rebuildAuthors(_ bucket: inout OpenBucket, _ t: EscalationTuning) {
        for (author, counts) in bucket.authorCounts {
            let bit = AuthorSketch.bit(of: author)
            bucket.authors[t.authorsSignal].insert(bit: bit)
            for signal in counts.indices where counts[signal] > 0 { bucket.authors[signal].insert(bit: bit) }
        }
    }
}
