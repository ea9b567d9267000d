import Testing
import MynaTensor

@Suite("Tensor storage, views and copy-on-write")
struct OpTensorTests {
    @Test func shapeCountAndValues() {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(t.shape == [2, 3])
        #expect(t.count == 6)
        #expect(t.rank == 2)
        #expect(t.values == [1, 2, 3, 4, 5, 6])
        #expect(Tensor(scalar: 4).shape == [])
        #expect(Tensor(scalar: 4).values == [4])
        #expect(Tensor(shape: [0, 5]).count == 0)
        #expect(Tensor(shape: [2, 2], repeating: 7).values == [7, 7, 7, 7])
    }

    @Test func initializerWritesEveryElement() {
        let t = Tensor(shape: [4]) { buffer in
            for i in buffer.indices { buffer[i] = Float(i * i) }
        }
        #expect(t.values == [0, 1, 4, 9])
    }

    @Test func rowsViewSharesUntilWritten() {
        let base = Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
        var view = base.rows(1..<3)
        #expect(view.shape == [2, 2])
        #expect(view.values == [3, 4, 5, 6])
        view.withUnsafeBufferPointer { #expect(Array($0) == [3, 4, 5, 6]) }
        view.withUnsafeMutableBufferPointer { $0[0] = 100 }
        #expect(view.values == [100, 4, 5, 6])
        #expect(base.values == [1, 2, 3, 4, 5, 6], "writing a view must not show through its base")
        #expect(base.row(2).values == [5, 6])
        #expect(base.row(2).shape == [2])
    }

    @Test func copiesAreIndependent() {
        let a = Tensor(shape: [3], values: [1, 2, 3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[1] = -2 }
        #expect(a.values == [1, 2, 3])
        #expect(b.values == [1, -2, 3])
    }

    @Test func reshapeInfersOneExtent() {
        let t = Tensor(shape: [2, 6], values: (0..<12).map(Float.init))
        #expect(t.reshaped([3, -1]).shape == [3, 4])
        #expect(t.reshaped([-1]).shape == [12])
        #expect(t.reshaped([4, 3]).values == t.values)
        // A reshaped view of a row range keeps its own elements.
        #expect(t.rows(1..<2).reshaped([2, 3]).values == [6, 7, 8, 9, 10, 11])
    }

    @Test func equality() {
        #expect(Tensor(shape: [2], values: [1, 2]) == Tensor(shape: [2], values: [1, 2]))
        #expect(Tensor(shape: [2], values: [1, 2]) != Tensor(shape: [1, 2], values: [1, 2]))
        #expect(Tensor(shape: [2], values: [1, 2]) != Tensor(shape: [2], values: [1, 3]))
    }
}
