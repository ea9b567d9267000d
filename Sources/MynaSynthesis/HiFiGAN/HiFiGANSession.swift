/// Scratch for `HiFiGANGenerator` calls: four activation buffers (the stage input, the fusion sum, a block's state
/// and its temporary) and the im2col columns, allocated once and grown only when a longer input arrives, so a
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

    public init(columnCapacity: Int = HiFiGANSession.defaultColumnCapacity) {
        self.columnCapacity = columnCapacity
        columns = .allocate(capacity: columnCapacity)
    }

    deinit {
        columns.deallocate()
        for buffer in buffers { buffer.deallocate() }
    }

    /// Makes each of the four activation buffers hold at least `count` floats.
    func reserve(_ count: Int) {
        guard count > bufferCapacity else { return }
        for buffer in buffers { buffer.deallocate() }
        // Grow geometrically so a slowly lengthening series of inputs reallocates rarely.
        bufferCapacity = max(count, bufferCapacity + bufferCapacity / 2)
        buffers = (0..<4).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: bufferCapacity) }
    }
}
