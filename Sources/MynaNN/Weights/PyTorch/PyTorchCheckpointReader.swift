import MynaCore

/// Reads a PyTorch legacy checkpoint (`.pt`, `.pth.tar` written by `torch.save` before the zip format, or with
/// `_use_new_zipfile_serialization=False`) without running any of its pickles.
///
/// Layout: five pickles — the magic number, the protocol version (1001), system info, the saved object, the list of
/// storage keys — then, for each key in that order, a `u64` element count and the storage's raw little-endian
/// elements. The object is read by `RestrictedUnpickler`; nested dicts flatten to dotted names
/// (`model_state.lstm.weight_ih_l0`), and each tensor becomes a view of its storage (shape, strides, offset).
/// Integer leaves such as `step` are kept in `integerAttributes`; other non-tensor leaves are ignored.
///
/// Thread-safety: immutable after `init`; `@unchecked Sendable` only because it holds the read-only `MappedFile`.
public final class PyTorchCheckpointReader: WeightArchive, @unchecked Sendable {
    public let location: String
    /// Tensor names, flattened with dots, in pickle order.
    public let names: [String]
    /// Integer leaves of the saved object (for example `step`), flattened the same way.
    public let integerAttributes: [String: Int]
    private let tensors: [String: WeightEntry]
    private let file: MappedFile

    /// `0x1950a86a20f9469cfc6c`, torch's legacy magic number, as the little-endian bytes of its LONG1 pickle.
    static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    static let protocolVersion = 1001

    /// Opens and indexes `path`; throws `WeightLoadingError` for a missing, truncated, corrupted or foreign file
    /// and `.refusedPickle` for a pickle that asks for anything beyond a state dict.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        location = path
        let bytes = file.bytes
        guard !bytes.isEmpty else { throw WeightLoadingError(.truncated, location: path, message: "file is empty") }
        let signature = FileSignature.sniff(bytes)
        if signature == .zip {
            throw WeightLoadingError(.unsupportedFeature, location: path, message: """
                zip-based PyTorch checkpoint (the torch.save default since 1.6); Myna reads the legacy format — \
                re-save with torch.save(obj, path, _use_new_zipfile_serialization=False)
                """)
        }
        // Legacy checkpoints start with PROTO, but a protocol-0 pickle starts with any opcode: unpickle (and refuse
        // what it asks for) whenever the first byte is an opcode and the file is not recognisably something else.
        guard PickleOpcode.names[bytes[0]] != nil, signature == nil || signature == .pickle else {
            throw WeightLoadingError(.wrongFormat, location: path, message: """
                not a PyTorch legacy checkpoint\(signature.map { ": this looks like \($0.rawValue)" } ?? " (it does not start with a pickle)")
                """)
        }
        var unpickler = RestrictedUnpickler(cursor: ByteCursor(bytes: bytes, location: path))
        // Every legacy checkpoint starts with PROTO and the pickle of torch's magic number: a file without PROTO whose
        // first pickle cannot even be read (text, for example, whose letters happen to be opcodes) is something else.
        let first: PickleValue
        do { first = try unpickler.load() } catch let error as WeightLoadingError
            where error.code != .refusedPickle && bytes[0] != PickleOpcode.proto {
            throw WeightLoadingError(.wrongFormat, location: path, message: """
                is not a PyTorch checkpoint (not a PyTorch legacy checkpoint: its first bytes are not torch's magic number)
                """)
        }
        guard case .bigInt(let magic) = first, magic == Self.magicNumber else {
            throw WeightLoadingError(.wrongFormat, location: path,
                                     message: "is not a PyTorch checkpoint (a pickle, but not a PyTorch legacy checkpoint: no torch magic number)")
        }
        guard case .int(let version) = try unpickler.load(), version == Self.protocolVersion else {
            throw WeightLoadingError(.unsupportedFeature, location: path,
                                     message: "PyTorch legacy protocol version is not \(Self.protocolVersion)")
        }
        guard case .dict(let systemInfo) = try unpickler.load() else {
            throw WeightLoadingError(.malformedFile, location: path, message: "third pickle is not the system-info dict")
        }
        if let index = systemInfo.keys.firstIndex(where: { if case .string("little_endian") = $0 { true } else { false } }),
           case .bool(false) = systemInfo.values[index] {
            throw WeightLoadingError(.unsupportedFeature, location: path, message: "checkpoint was saved big-endian")
        }
        let object = try unpickler.load()
        guard case .list(let keyList) = try unpickler.load() else {
            throw WeightLoadingError(.malformedFile, location: path, message: "fifth pickle is not the list of storage keys")
        }

        var flattener = PickleFlattener(location: path)
        try flattener.flatten(object, prefix: "", depth: 0)
        var references: [String: PickleStorageReference] = [:]
        for (name, tensor) in flattener.tensors {
            if let known = references[tensor.storage.key],
               known.dtype != tensor.storage.dtype || known.elementCount != tensor.storage.elementCount {
                throw WeightLoadingError(.malformedFile, location: path, key: name, message: """
                    storage '\(tensor.storage.key)' is described both as \(known.elementCount) \(known.dtype) and \
                    \(tensor.storage.elementCount) \(tensor.storage.dtype)
                    """)
            }
            references[tensor.storage.key] = tensor.storage
        }

        // The raw storages follow the pickles in the order of the key list.
        var cursor = ByteCursor(bytes: bytes, location: path, offset: unpickler.offset)
        var storageOffsets: [String: Int] = [:]
        for value in keyList.items {
            guard case .string(let key) = value else {
                throw cursor.malformed("storage key list holds a \(value.kind), not a string")
            }
            guard let reference = references[key] else {
                throw cursor.malformed("storage '\(key)' is listed but no tensor uses it, so its element size is unknown")
            }
            guard storageOffsets[key] == nil else { throw cursor.malformed("storage '\(key)' is listed twice") }
            let count = try cursor.u64("the element count of storage '\(key)'")
            guard count == UInt64(reference.elementCount) else {
                throw cursor.malformed("storage '\(key)' holds \(count) elements, the pickle says \(reference.elementCount)")
            }
            let (byteCount, overflow) = reference.elementCount.multipliedReportingOverflow(by: reference.dtype.byteSize)
            guard !overflow else { throw cursor.malformed("storage '\(key)' is impossibly large") }
            storageOffsets[key] = try cursor.skip(byteCount, "the \(byteCount) bytes of storage '\(key)'").lowerBound
        }
        guard cursor.isAtEnd else {
            throw cursor.malformed("\(cursor.remaining) unexpected bytes after the last storage at offset \(cursor.offset)")
        }

        var tensors: [String: WeightEntry] = [:]
        for (name, tensor) in flattener.tensors {
            guard let base = storageOffsets[tensor.storage.key] else {
                throw WeightLoadingError(.malformedFile, location: path, key: name,
                                         message: "storage '\(tensor.storage.key)' is missing from the storage list")
            }
            tensors[name] = try Self.entry(name: name, tensor: tensor, storageOffset: base, location: path)
        }
        names = flattener.tensors.map(\.name)
        self.tensors = tensors
        integerAttributes = flattener.integers
    }

    public func entry(named name: String) throws -> WeightEntry {
        guard let entry = tensors[name] else { throw missing(name) }
        return entry
    }

    public func withUnsafeRawBytes<R>(of entry: WeightEntry, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try WeightBytes.withContiguousBytes(of: entry, in: file.bytes, body)
    }

    /// A tensor as a (possibly strided) view of its storage, after checking that every element lies inside it.
    private static func entry(name: String, tensor: PickleTensor, storageOffset: Int, location: String) throws -> WeightEntry {
        let size = tensor.storage.dtype.byteSize
        var lastElement = tensor.storageOffset
        var isEmpty = false
        for (extent, stride) in zip(tensor.shape, tensor.strides) {
            if extent == 0 { isEmpty = true; continue }
            let (step, overflow1) = (extent - 1).multipliedReportingOverflow(by: stride)
            let (sum, overflow2) = lastElement.addingReportingOverflow(step)
            guard !overflow1, !overflow2 else {
                throw WeightLoadingError(.malformedFile, location: location, key: name, message: "absurd size or stride")
            }
            lastElement = sum
        }
        guard isEmpty || lastElement < tensor.storage.elementCount else {
            throw WeightLoadingError(.malformedFile, location: location, key: name, message: """
                view (offset \(tensor.storageOffset), size \(tensor.shape), stride \(tensor.strides)) reaches element \
                \(lastElement) of a \(tensor.storage.elementCount)-element storage
                """)
        }
        // Weights never broadcast; refusing views larger than their storage also bounds what reading can allocate.
        // The product of the non-zero extents, so that `WeightEntry.elementCount` can never overflow either.
        var elementCount = 1
        for extent in tensor.shape where extent > 0 {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: extent)
            elementCount = overflow ? Int.max : product
        }
        guard elementCount <= max(tensor.storage.elementCount, 1) || (isEmpty && elementCount < Int.max) else {
            throw WeightLoadingError(.malformedFile, location: location, key: name, message: """
                view of \(tensor.shape) has more elements than its \(tensor.storage.elementCount)-element storage
                """)
        }
        let offset = storageOffset + (isEmpty ? 0 : tensor.storageOffset * size)
        // Row-major strides, ignoring axes of extent 1 whose stride never matters.
        var expected = 1
        var contiguous = true
        for (extent, stride) in zip(tensor.shape, tensor.strides).reversed() where extent != 1 {
            if stride != expected { contiguous = false }
            expected *= extent
        }
        let bytes: WeightBytes = contiguous || isEmpty ? .mapped(offset: offset) : .strided(offset: offset, strides: tensor.strides)
        return WeightEntry(name: name, dtype: tensor.storage.dtype, shape: tensor.shape, bytes: bytes)
    }
}
