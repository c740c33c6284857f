import HourglassTesting
import Testing

@testable import Hourglass
import HourglassTestSupport

@Suite("The memory store's four-way min-heap")
struct MinHeapTests {
    @Test("mixed inserts and removals hand out the smallest element each time", arguments: [1, 2, 5, 17, 1_000])
    func insertAndRemove(_ size: Int) {
        var random = SplitMix64(seed: UInt64(size))
        var heap = MinHeap<Int>()
        var model: [Int] = []
        for step in 0..<(size * 3) {
            if step % 3 == 2, let smallest = model.min() {
                #expect(heap.removeMin() == smallest)
                model.remove(at: model.firstIndex(of: smallest)!)
            } else {
                let value = Int(random.next() % 100)  // many equal values
                heap.insert(value)
                model.append(value)
            }
            #expect(heap.min == model.min())
            #expect(heap.count == model.count)
        }
        var drained: [Int] = []
        while !heap.isEmpty { drained.append(heap.removeMin()) }
        #expect(drained == model.sorted())
    }

    @Test("a heap built from an array at once drains in order", arguments: [0, 1, 4, 5, 6, 21, 1_000])
    func heapify(_ size: Int) {
        var random = SplitMix64(seed: 7)
        let values = (0..<size).map { _ in Int(random.next() % 1_000) }
        var heap = MinHeap(values)
        var drained: [Int] = []
        while !heap.isEmpty { drained.append(heap.removeMin()) }
        #expect(drained == values.sorted())
    }
}
