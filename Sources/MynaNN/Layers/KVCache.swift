import MynaTensor

/// Keys and values an attention layer has already projected: the decoder's self-attention history (appended one
/// step at a time) or the fixed projection of the encoder output for cross-attention.
///
/// Layout `[batchSize, capacity, modelDimension]` for keys and for values, heads side by side in each row, so one
/// head's keys are a strided matrix sgemm reads in place. Capacity grows by doubling when an append needs it;
/// reserve up front (`capacity:`) to avoid copying during decoding.
/// Thread-safety: a value; give each decoding session its own.
public struct KVCache: Sendable {
    /// Sequences decoded side by side (beam hypotheses).
    public private(set) var batchSize: Int
    /// Width of each key and value row (all heads).
    public let modelDimension: Int
    /// Positions stored per sequence.
    public private(set) var length: Int
    /// Positions that fit before the storage must grow.
    public private(set) var capacity: Int
    /// `[batchSize, capacity, modelDimension]`; rows `length..<capacity` are unused.
    var keys: [Float]
    /// Same layout as `keys`.
    var values: [Float]

    /// An empty cache with room for `capacity` positions per sequence.
    public init(batchSize: Int = 1, modelDimension: Int, capacity: Int = 0) {
        precondition(batchSize > 0 && modelDimension > 0 && capacity >= 0,
                     "KVCache: batch \(batchSize), dimension \(modelDimension), capacity \(capacity) out of range")
        self.batchSize = batchSize
        self.modelDimension = modelDimension
        self.length = 0
        self.capacity = capacity
        self.keys = [Float](repeating: 0, count: batchSize * capacity * modelDimension)
        self.values = keys
    }

    /// The stored keys, `[batchSize, length, modelDimension]` (a copy; for tests and inspection).
    public var storedKeys: Tensor { stored(keys) }
    /// The stored values, `[batchSize, length, modelDimension]` (a copy).
    public var storedValues: Tensor { stored(values) }

    private func stored(_ data: [Float]) -> Tensor {
        Tensor(shape: [batchSize, length, modelDimension]) { out in
            for b in 0..<batchSize {
                for i in 0..<(length * modelDimension) {
                    out[b * length * modelDimension + i] = data[b * capacity * modelDimension + i]
                }
            }
        }
    }

    /// Forgets every position (keeps the storage).
    public mutating func removeAll() { length = 0 }

    /// Beam search: sequence `i` continues from old sequence `sources[i]`. `sources.count` becomes the batch size.
    public mutating func reorder(sources: [Int]) {
        precondition(!sources.isEmpty && sources.allSatisfy { $0 >= 0 && $0 < batchSize },
                     "KVCache.reorder: sources \(sources) out of range 0..<\(batchSize)")
        if sources.count == batchSize && sources.enumerated().allSatisfy({ $0.offset == $0.element }) { return }
        keys = Self.gathered(keys, sources: sources, block: capacity * modelDimension, used: length * modelDimension)
        values = Self.gathered(values, sources: sources, block: capacity * modelDimension, used: length * modelDimension)
        batchSize = sources.count
    }

    /// Blocks `sources[i]` of `data` (each `block` floats, the first `used` meaningful) as block `i` of a new array.
    private static func gathered(_ data: [Float], sources: [Int], block: Int, used: Int) -> [Float] {
        data.withUnsafeBufferPointer { old in
            [Float](unsafeUninitializedCapacity: sources.count * block) { new, initialized in
                for (to, from) in sources.enumerated() {
                    let target = new.baseAddress! + to * block
                    if used > 0 { target.initialize(from: old.baseAddress! + from * block, count: used) }
                    (target + used).initialize(repeating: 0, count: block - used)
                }
                initialized = sources.count * block
            }
        }
    }

    /// Appends `newLength` positions per sequence, read from rows of `newKeys`/`newValues`: row `(b, t)` at
    /// `b · batchStride + t · rowStride`.
    mutating func append(newLength: Int, newKeys: UnsafePointer<Float>, newValues: UnsafePointer<Float>,
                         rowStride: Int, batchStride: Int) {
        reserve(length + newLength)
        let d = modelDimension, rowBlock = capacity * modelDimension, start = length, batch = batchSize
        func copy(from source: UnsafePointer<Float>, into target: inout [Float]) {
            target.withUnsafeMutableBufferPointer { target in
                for b in 0..<batch {
                    for t in 0..<newLength {
                        (target.baseAddress! + b * rowBlock + (start + t) * d)
                            .update(from: source + b * batchStride + t * rowStride, count: d)
                    }
                }
            }
        }
        copy(from: newKeys, into: &keys)
        copy(from: newValues, into: &values)
        length += newLength
    }

    /// Makes room for at least `positions` positions per sequence, doubling to keep appends amortised O(1).
    public mutating func reserve(_ positions: Int) {
        guard positions > capacity else { return }
        let newCapacity = Swift.max(positions, 2 * capacity, 16)
        let d = modelDimension
        keys = Self.regrouped(keys, batchSize: batchSize, oldBlock: capacity * d, newBlock: newCapacity * d, used: length * d)
        values = Self.regrouped(values, batchSize: batchSize, oldBlock: capacity * d, newBlock: newCapacity * d, used: length * d)
        capacity = newCapacity
    }

    /// The same sequences with each block widened from `oldBlock` to `newBlock` floats (zero-filled).
    private static func regrouped(_ data: [Float], batchSize: Int, oldBlock: Int, newBlock: Int, used: Int) -> [Float] {
        data.withUnsafeBufferPointer { old in
            [Float](unsafeUninitializedCapacity: batchSize * newBlock) { new, initialized in
                for b in 0..<batchSize {
                    let target = new.baseAddress! + b * newBlock
                    if used > 0 { target.initialize(from: old.baseAddress! + b * oldBlock, count: used) }
                    (target + used).initialize(repeating: 0, count: newBlock - used)
                }
                initialized = batchSize * newBlock
            }
        }
    }
}
