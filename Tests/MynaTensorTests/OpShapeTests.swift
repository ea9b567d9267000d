import Testing
import MynaTensor

/// Shape ops move elements without arithmetic, so results must equal numpy's bit for bit.
@Suite("Permute, slice, split, concatenate, pad, gather")
struct OpShapeTests {
    @Test func permute() throws {
        let x = try opGoldens.tensor("permute_2x3x4x5_2031", "x")
        let axes = try opGoldens.ints("permute_2x3x4x5_2031", "axes")
        #expect(x.permuted(axes) == (try opGoldens.tensor("permute_2x3x4x5_2031", "out")))
        let m = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(m.transposed() == Tensor(shape: [3, 2], values: [1, 4, 2, 5, 3, 6]))
        #expect(x.permuted([0, 1, 2, 3]) == x)
    }

    @Test func sliceWithStep() throws {
        let x = try opGoldens.tensor("slice_axis2_1to4_step2", "x")
        #expect(x.slice(axis: 2, 1..<4, step: 2) == (try opGoldens.tensor("slice_axis2_1to4_step2", "out")))
        #expect(x.slice(axis: -1, 0..<5) == x)
        #expect(x.slice(axis: 0, 1..<2) == x.rows(1..<2))
    }

    @Test func splitAndConcatenate() throws {
        let a = try opGoldens.tensor("concat_axis1", "a"), b = try opGoldens.tensor("concat_axis1", "b")
        let joined = Tensor.concatenate([a, b], axis: 1)
        #expect(joined == (try opGoldens.tensor("concat_axis1", "out")))
        let parts = joined.split(axis: 1, sizes: [3, 5])
        #expect(parts[0] == a)
        #expect(parts[1] == b)
        let rows = Tensor.concatenate([a.rows(0..<1), a.rows(1..<2)], axis: 0)
        #expect(rows == a)
    }

    @Test func padModes() throws {
        let x = try opGoldens.tensor("pad_axis1", "x")
        let before = try opGoldens.int("pad_axis1", "before"), after = try opGoldens.int("pad_axis1", "after")
        #expect(x.padded(axis: 1, before: before, after: after, mode: .constant(1.5)) == (try opGoldens.tensor("pad_axis1", "constant")))
        #expect(x.padded(axis: 1, before: before, after: after, mode: .reflect) == (try opGoldens.tensor("pad_axis1", "reflect")))
        #expect(x.padded(axis: 1, before: before, after: after, mode: .replicate) == (try opGoldens.tensor("pad_axis1", "replicate")))
        #expect(x.padded(axis: 0, before: 0, after: 0) == x)
    }

    @Test func gather() throws {
        let x = try opGoldens.tensor("gather_axis1", "x")
        let indices = try opGoldens.ints("gather_axis1", "indices")
        #expect(x.gather(axis: 1, indices: indices) == (try opGoldens.tensor("gather_axis1", "out")))
        #expect(x.gather(axis: 0, indices: []).shape == [0, 7, 2])
    }
}
