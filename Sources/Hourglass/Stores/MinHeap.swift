/// A min-heap with four children a node, for the memory store's due times and leases.
///
/// Against a binary heap it has half the levels, and a node's four children sit side by
/// side (64 bytes of the store's 16-byte entries), so taking the minimum of a large heap
/// touches fewer cache lines. swift-collections' `Heap` is a min-max heap, which also pays
/// for a maximum the store never asks for.
struct MinHeap<Element: Comparable> {
    private var elements: [Element]

    /// An empty heap.
    init() { elements = [] }

    /// A heap of `elements`, built in linear time.
    init(_ elements: [Element]) {
        self.elements = elements
        guard elements.count > 1 else { return }
        for index in stride(from: (elements.count - 2) / 4, through: 0, by: -1) { siftDown(from: index) }
    }

    var count: Int { elements.count }
    var isEmpty: Bool { elements.isEmpty }

    /// The smallest element, or nil when the heap is empty.
    var min: Element? { elements.first }

    mutating func insert(_ element: Element) {
        elements.append(element)
        elements.withUnsafeMutableBufferPointer { buffer in
            var child = buffer.count - 1
            while child > 0 {
                let parent = (child - 1) / 4
                guard element < buffer[parent] else { break }
                buffer[child] = buffer[parent]
                child = parent
            }
            buffer[child] = element
        }
    }

    /// Removes and returns the smallest element; the heap must not be empty.
    @discardableResult
    mutating func removeMin() -> Element {
        let last = elements.removeLast()
        guard !elements.isEmpty else { return last }
        let smallest = elements[0]
        elements[0] = last
        siftDown(from: 0)
        return smallest
    }

    /// Moves the element at `start` down until no child is smaller.
    private mutating func siftDown(from start: Int) {
        elements.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let element = buffer[start]
            var index = start
            while true {
                let first = 4 * index + 1
                guard first < count else { break }
                var smallest = first
                for child in (first + 1)..<Swift.min(first + 4, count) where buffer[child] < buffer[smallest] {
                    smallest = child
                }
                guard buffer[smallest] < element else { break }
                buffer[index] = buffer[smallest]
                index = smallest
            }
            buffer[index] = element
        }
    }
}
