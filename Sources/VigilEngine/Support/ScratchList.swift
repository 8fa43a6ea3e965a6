// Why this file exists: the per-post lists of `ScanScratch` were arrays stored in a
// class, and every access to such an array from outside the class retains and releases
// its buffer (atomic operations, ~20 cycles each) and checks it is uniquely referenced
// before a write; emptying one with `removeAll(keepingCapacity:)` costs ~100
// instructions. Per post that added up to dozens of atomic operations. A `ScratchList`
// is a plain pointer, count and capacity: reading and writing it through the scratch
// costs no reference counting at all.

/// A growable list of plain values (no references inside) in memory owned by whoever
/// holds it — a per-thread scratch, which calls `deallocate()` in its `deinit`.
///
/// Copies share the memory: a copy is a view, valid until the list next grows or is
/// deallocated. Buffers outgrown by `append` are kept until `removeAll()`, so a view
/// taken before an append stays readable while the list grows (a condition reads one
/// rule's hits while it appends its own).
struct ScratchList<Element>: RandomAccessCollection, MutableCollection {
    private(set) var base: UnsafeMutablePointer<Element>
    /// How many elements the list holds (`endIndex`).
    private(set) var count: Int
    private(set) var capacity: Int
    /// Buffers that `append` outgrew, freed by `removeAll()` and `deallocate()`: a chain
    /// of nodes, each the buffer's address and the next node's.
    private var outgrown: UnsafeMutablePointer<OutgrownBuffer>?

    struct OutgrownBuffer {
        var buffer: UnsafeMutablePointer<Element>
        var next: UnsafeMutablePointer<OutgrownBuffer>?
    }

    init(capacity: Int = 16) {
        precondition(_isPOD(Element.self), "ScratchList holds plain values only")
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    /// A list of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// Frees the memory; the list (and every copy of it) must not be used afterwards.
    func deallocate() {
        base.deallocate()
        freeOutgrown(outgrown)
    }

    private func freeOutgrown(_ first: UnsafeMutablePointer<OutgrownBuffer>?) {
        var next = first
        while let node = next {
            next = node.pointee.next
            node.pointee.buffer.deallocate()
            node.deallocate()
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    var isEmpty: Bool { count == 0 }

    subscript(position: Int) -> Element {
        @inline(__always) get {
            assert(position >= 0 && position < count)
            return base[position]
        }
        @inline(__always) set {
            assert(position >= 0 && position < count)
            base[position] = newValue
        }
    }

    /// The elements, in place (valid until the list next grows).
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count &+= 1
    }

    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        (base + count).update(from: source, count: elements.count)
        count &+= elements.count
    }

    /// Empties the list, keeping its memory (and freeing what it outgrew).
    @inline(__always)
    mutating func removeAll() {
        count = 0
        if outgrown != nil {
            freeOutgrown(outgrown)
            outgrown = nil
        }
    }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = Swift.max(minimum, capacity * 2, 4)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        // Keep the old buffer (see the type's comment).
        let node = UnsafeMutablePointer<OutgrownBuffer>.allocate(capacity: 1)
        node.initialize(to: OutgrownBuffer(buffer: base, next: outgrown))
        outgrown = node
        base = newBase
        capacity = newCapacity
    }

    /// Sorts in place with the standard library's sort (the one `Array.sort` uses).
    mutating func sort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        var elements = buffer
        elements.sort(by: areInIncreasingOrder)
    }

    /// The elements as a mutable buffer pointer (whose count must not change).
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        var elements = buffer
        return try body(&elements)
    }
}

extension ScratchList where Element: Comparable {
    /// Sorts in place, ascending.
    mutating func sort() {
        var elements = buffer
        elements.sort()
    }
}
