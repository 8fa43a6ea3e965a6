// Why this file exists: what a model's scoring loop does with each feature it reads —
// add its weight, count it, and (when scoring for a rule) keep it with its span when the
// weight is positive, which is what a hit's span is found from. The tallies are plain
// values the loops keep in registers: a sum behind a pointer, or a list whose growth
// check sits beside every store, costs a load and a store per feature. The positive list
// is written without a branch (every feature is stored, the count moves on only for a
// positive weight), because about half the n-grams of a post have a positive weight and
// a branch on it is mispredicted half the time.

/// An n-gram occurrence with a positive weight: the weight and its keyword-stream bytes.
public struct PositiveFeature: Sendable {
    public var weight: Int32
    public var start: Int32
    public var end: Int32
}

/// What a scoring loop hands each feature occurrence to.
public protocol FeatureTally {
    var sum: Int32 { get }
    var count: Int32 { get }
    /// Makes room for `features` more `record` calls.
    mutating func reserve(_ features: Int)
    /// One feature occurrence (any weight, zero included) read from stream bytes `start..<end`.
    mutating func record(_ weight: Int32, start: Int, end: Int)
}

/// The sum and the count only.
public struct SumTally: FeatureTally {
    public var sum: Int32 = 0
    public var count: Int32 = 0
    public init() {}
    @inline(__always) public mutating func reserve(_ features: Int) {}
    @inline(__always) public mutating func record(_ weight: Int32, start: Int, end: Int) {
        sum &+= weight
        count &+= 1
    }
}

/// The sum, the count and the positive features, in a growable list that outlives the
/// tally (a per-thread scratch owns it: `PositiveFeatures`).
public struct PositiveTally: FeatureTally {
    public var sum: Int32 = 0
    public var count: Int32 = 0
    var list: PositiveFeatures

    /// A tally writing into `list` (emptied first).
    public init(into list: PositiveFeatures) {
        self.list = list
        self.list.count = 0
    }

    /// The list as the tally left it (grown, filled).
    public var positives: PositiveFeatures { list }

    @inline(__always) public mutating func reserve(_ features: Int) {
        if list.count &+ features > list.capacity {
            (list.base, list.capacity) = PositiveFeatures.grown(list.base, count: list.count, capacity: list.capacity,
                                                                minimum: list.count + features)
        }
    }

    @inline(__always) public mutating func record(_ weight: Int32, start: Int, end: Int) {
        sum &+= weight
        count &+= 1
        list.base[list.count] = PositiveFeature(weight: weight, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end))
        list.count &+= weight > 0 ? 1 : 0
    }
}

/// A growable list of positive features in memory owned by whoever holds it (who calls
/// `deallocate()` once). Copies share the memory until one of them grows.
public struct PositiveFeatures: RandomAccessCollection {
    public internal(set) var base: UnsafeMutablePointer<PositiveFeature>
    public internal(set) var count: Int
    public internal(set) var capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> PositiveFeature { base[position] }

    public func deallocate() { base.deallocate() }

    /// A buffer of at least `minimum` elements holding the `count` of `base` (which is
    /// freed), and its capacity. Takes and gives values, so that a tally's list stays in
    /// registers.
    @inline(never)
    static func grown(_ base: UnsafeMutablePointer<PositiveFeature>, count: Int, capacity: Int,
                      minimum: Int) -> (UnsafeMutablePointer<PositiveFeature>, Int) {
        let newCapacity = Swift.max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<PositiveFeature>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        return (newBase, newCapacity)
    }
}
