// The keys of the JSON objects a line holds, so the parser can refuse an object that
// gives a key twice (RFC 8259 leaves its meaning open; Vigil fails closed). Keys go
// into one flat byte buffer reused for every line; an object's keys are checked when it
// closes, pairwise when there are few and by sorting when there are many, so a hostile
// object with 100,000 keys costs n log n, not n².

struct KeyList {
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []

    init() {
        bytes.reserveCapacity(256)
        ranges.reserveCapacity(16)
    }

    var count: Int { ranges.count }

    mutating func removeAll() {
        if !ranges.isEmpty {
            bytes.removeAll(keepingCapacity: true)
            ranges.removeAll(keepingCapacity: true)
        }
    }

    mutating func add(_ key: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: key)
        ranges.append(start..<bytes.count)
    }

    /// A key that occurs twice among those added since `first` (the keys of one object),
    /// or nil; either way those keys are dropped.
    mutating func repeatedKey(from first: Int) -> String? {
        defer {
            if first < ranges.count {
                bytes.removeSubrange(ranges[first].lowerBound...)
                ranges.removeSubrange(first...)
            }
        }
        let count = ranges.count - first
        guard count > 1 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            func key(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[ranges[index]]) }
            func same(_ a: Int, _ b: Int) -> Bool { key(a).elementsEqual(key(b)) }
            if count <= 16 {
                for a in first..<ranges.count {
                    for b in (a + 1)..<ranges.count where same(a, b) { return String(decoding: key(a), as: UTF8.self) }
                }
                return nil
            }
            let order = (first..<ranges.count).sorted { key($0).lexicographicallyPrecedes(key($1)) }
            for (a, b) in zip(order, order.dropFirst()) where same(a, b) { return String(decoding: key(a), as: UTF8.self) }
            return nil
        }
    }
}
