/// Scratch for `HiFiGANGenerator` calls: four activation buffers (the stage input, the fusion sum, a block's state
/// and its temporary), the im2col columns and the zero-padded input of wide convolutions, allocated once and grown only when a longer input arrives, so a
/// session reused across chunks or sentences allocates nothing in steady state.
///
/// Thread-safety: not thread-safe; one session per thread or task. Sessions are cheap to create.
public final class HiFiGANSession {
    /// Floats of im2col scratch (1 Mi floats, 4 MiB): tiles of frames wide enough for efficient sgemm on the widest
    /// convolution (512 channels × kernel 11 has 5633 rows, so 186 frames per tile) and small enough to stay in cache.
    public static let defaultColumnCapacity = 1 << 20

    let columnCapacity: Int
    private(set) var columns: UnsafeMutablePointer<Float>
    private(set) var buffers: [UnsafeMutablePointer<Float>] = []
    private(set) var bufferCapacity = 0
    private(set) var padded: UnsafeMutablePointer<Float>?
    private(set) var paddedCapacity = 0

    public init(columnCapacity: Int = HiFiGANSession.defaultColumnCapacity) {
        self.columnCapacity = columnCapacity
        columns = .allocate(capacity: columnCapacity)
    }

    deinit {
        columns.deallocate()
        for buffer in buffers { buffer.deallocate() }
        padded?.deallocate()
    }

    /// Makes each of the four activation buffers hold at least `count` floats.
    func reserve(_ count: Int) {
        guard count > bufferCapacity else { return }
        for buffer in buffers { buffer.deallocate() }
        // Grow geometrically so a slowly lengthening series of inputs reallocates rarely.
        bufferCapacity = max(count, bufferCapacity + bufferCapacity / 2)
        buffers = (0..<4).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: bufferCapacity) }
    }

    /// Makes the zero-padded input copy of the shifted-GEMM convolutions hold at least `count` floats.
    func reservePadded(_ count: Int) {
        guard count > paddedCapacity else { return }
        padded?.deallocate()
        paddedCapacity = max(count, paddedCapacity + paddedCapacity / 2)
        padded = .allocate(capacity: paddedCapacity)
    }

    /// The scratch for one forward pass (valid until the next `reserve`).
    var scratch: HiFiGANScratch {
        HiFiGANScratch(columns: columns, columnCapacity: columnCapacity, padded: padded ?? columns,
                       paddedCapacity: padded == nil ? 0 : paddedCapacity)
    }
}
