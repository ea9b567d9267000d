import MynaCore

/// An unpickler for PyTorch state dicts that executes nothing and understands only what a state dict needs.
///
/// Python's pickle is a small stack machine whose `GLOBAL` + `REDUCE` opcodes call any importable function
/// (`os.system`…). This one interprets the ~30 opcodes found in legacy checkpoints and resolves exactly three
/// kinds of globals — `collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and the typed storage classes
/// — into inert values. Any other global or opcode stops parsing with `.refusedPickle` at the byte where it
/// appears; nothing before or after it is ever called, because nothing here calls anything.
struct RestrictedUnpickler {
    private var cursor: ByteCursor
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(cursor: ByteCursor) {
        self.cursor = cursor
    }

    /// The offset just past the last `STOP` read.
    var offset: Int { cursor.offset }

    /// Reads one pickle (up to and including `STOP`) and returns its value.
    mutating func load() throws -> PickleValue {
        stack.removeAll(keepingCapacity: true)
        marks.removeAll()
        memo.removeAll()
        while true {
            let start = cursor.offset
            let opcode = try cursor.u8("a pickle opcode")
            switch opcode {
            case PickleOpcode.proto:
                let version = try cursor.u8("the pickle protocol")
                guard version <= 5 else { throw malformed("unknown pickle protocol \(version)", at: start) }
            case PickleOpcode.stop:
                let result = try pop(start)
                return result
            case PickleOpcode.mark: marks.append(stack.count)
            case PickleOpcode.none: stack.append(.none)
            case PickleOpcode.newTrue: stack.append(.bool(true))
            case PickleOpcode.newFalse: stack.append(.bool(false))
            case PickleOpcode.binInt: stack.append(.int(Int(Int32(bitPattern: try cursor.u32("BININT")))))
            case PickleOpcode.binInt1: stack.append(.int(Int(try cursor.u8("BININT1"))))
            case PickleOpcode.binInt2: stack.append(.int(Int(try cursor.u16("BININT2"))))
            case PickleOpcode.long1: stack.append(try long1())
            case PickleOpcode.binFloat:
                // BINFLOAT is the one big-endian field in pickle.
                stack.append(.float(Double(bitPattern: UInt64(bigEndian: UInt64(littleEndian: try cursor.u64("BINFLOAT"))))))
            case PickleOpcode.binUnicode: stack.append(.string(try text(length: Int(try cursor.u32("BINUNICODE length")), start)))
            case PickleOpcode.shortBinUnicode: stack.append(.string(try text(length: Int(try cursor.u8("SHORT_BINUNICODE length")), start)))
            case PickleOpcode.binString:
                let length = Int(Int32(bitPattern: try cursor.u32("BINSTRING length")))
                guard length >= 0 else { throw malformed("negative BINSTRING length", at: start) }
                stack.append(.string(try text(length: length, start)))
            case PickleOpcode.shortBinString: stack.append(.string(try text(length: Int(try cursor.u8("SHORT_BINSTRING length")), start)))
            case PickleOpcode.emptyDict: stack.append(.dict(PickleDict()))
            case PickleOpcode.emptyList: stack.append(.list(PickleList()))
            case PickleOpcode.emptyTuple: stack.append(.tuple([]))
            case PickleOpcode.tuple: stack.append(.tuple(try popMark(start)))
            case PickleOpcode.tuple1:
                let a = try pop(start)
                stack.append(.tuple([a]))
            case PickleOpcode.tuple2:
                let b = try pop(start), a = try pop(start)
                stack.append(.tuple([a, b]))
            case PickleOpcode.tuple3:
                let c = try pop(start), b = try pop(start), a = try pop(start)
                stack.append(.tuple([a, b, c]))
            case PickleOpcode.binPut: memo[Int(try cursor.u8("BINPUT index"))] = try top(start)
            case PickleOpcode.longBinPut: memo[Int(try cursor.u32("LONG_BINPUT index"))] = try top(start)
            case PickleOpcode.binGet: stack.append(try recall(Int(try cursor.u8("BINGET index")), start))
            case PickleOpcode.longBinGet: stack.append(try recall(Int(try cursor.u32("LONG_BINGET index")), start))
            case PickleOpcode.setItem:
                let value = try pop(start), key = try pop(start)
                try insert([key, value], into: try top(start), start)
            case PickleOpcode.setItems:
                let items = try popMark(start)
                guard items.count % 2 == 0 else { throw malformed("SETITEMS with an odd number of items", at: start) }
                try insert(items, into: try top(start), start)
            case PickleOpcode.append:
                let value = try pop(start)
                try append([value], to: try top(start), start)
            case PickleOpcode.appends:
                let values = try popMark(start)
                try append(values, to: try top(start), start)
            case PickleOpcode.global: stack.append(.global(try global(start)))
            case PickleOpcode.reduce:
                let arguments = try pop(start), callable = try pop(start)
                stack.append(try call(callable, arguments, start))
            case PickleOpcode.build:
                let state = try pop(start)
                // OrderedDict state dicts carry `_metadata` (per-module versions) as instance state; it is not a tensor.
                guard case .dict = try top(start), case .dict = state else {
                    throw refused("BUILD on a \(try top(start).kind) with \(state.kind) state", at: start)
                }
            case PickleOpcode.binPersistentID: stack.append(try persistentLoad(try pop(start), start))
            default:
                let name = PickleOpcode.names[opcode].map { "opcode \($0)" } ?? "unknown opcode 0x\(String(opcode, radix: 16))"
                throw refused("\(name)", at: start)
            }
        }
    }

    // MARK: - Globals and calls

    private mutating func global(_ start: Int) throws -> PickleGlobal {
        let module = try line("GLOBAL module", start)
        let name = try line("GLOBAL name", start)
        guard let global = PickleGlobal.resolve(module: module, name: name) else {
            throw refused("global \(module).\(name)", at: start)
        }
        return global
    }

    private func call(_ callable: PickleValue, _ arguments: PickleValue, _ start: Int) throws -> PickleValue {
        guard case .global(let global) = callable, case .tuple(let args) = arguments else {
            throw refused("REDUCE calling a \(callable.kind) with \(arguments.kind)", at: start)
        }
        switch global {
        case .orderedDict:
            guard args.isEmpty else { throw refused("collections.OrderedDict called with arguments", at: start) }
            return .dict(PickleDict())
        case .rebuildTensorV2:
            return .tensor(try rebuildTensor(args, start))
        case .storageType:
            throw refused("calling \(global)", at: start)
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    private func rebuildTensor(_ args: [PickleValue], _ start: Int) throws -> PickleTensor {
        guard args.count == 6 || args.count == 7, case .storage(let storage) = args[0], case .int(let offset) = args[1],
              case .tuple(let size) = args[2], case .tuple(let stride) = args[3] else {
            throw malformed("_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, …)", at: start)
        }
        func integers(_ values: [PickleValue]) throws -> [Int] {
            try values.map { value in
                guard case .int(let integer) = value, integer >= 0 else {
                    throw malformed("tensor size or stride \(value.kind) is not a non-negative int", at: start)
                }
                return integer
            }
        }
        let shape = try integers(size), strides = try integers(stride)
        guard shape.count == strides.count, offset >= 0 else {
            throw malformed("tensor has \(shape.count) sizes, \(strides.count) strides and offset \(offset)", at: start)
        }
        return PickleTensor(storage: storage, storageOffset: offset, shape: shape, strides: strides)
    }

    /// `BINPERSID` with `('storage', storage_type, key, location, numel, view_metadata)`.
    private func persistentLoad(_ id: PickleValue, _ start: Int) throws -> PickleValue {
        guard case .tuple(let fields) = id, fields.count == 5 || fields.count == 6,
              case .string("storage") = fields[0], case .global(.storageType(let dtype, _)) = fields[1],
              case .string(let key) = fields[2], case .string = fields[3], case .int(let count) = fields[4], count >= 0 else {
            throw malformed("persistent id is not ('storage', torch.*Storage, key, location, numel)", at: start)
        }
        if fields.count == 6, case .none = fields[5] {} else if fields.count == 6 {
            throw WeightLoadingError(.unsupportedFeature, location: cursor.location,
                                     message: "storage '\(key)' is a view of another storage (pre-1.0 PyTorch format)")
        }
        return .storage(PickleStorageReference(dtype: dtype, key: key, elementCount: count))
    }

    // MARK: - Containers

    private func insert(_ items: [PickleValue], into target: PickleValue, _ start: Int) throws {
        guard case .dict(let dict) = target else { throw malformed("SETITEM(S) on a \(target.kind)", at: start) }
        var index = 0
        while index < items.count {
            switch items[index] {
            case .string, .int: break
            default: throw malformed("dict key of type \(items[index].kind) is not supported", at: start)
            }
            dict.keys.append(items[index])
            dict.values.append(items[index + 1])
            index += 2
        }
    }

    private func append(_ items: [PickleValue], to target: PickleValue, _ start: Int) throws {
        guard case .list(let list) = target else { throw malformed("APPEND(S) on a \(target.kind)", at: start) }
        list.items.append(contentsOf: items)
    }

    // MARK: - Stack and bytes

    private mutating func pop(_ start: Int) throws -> PickleValue {
        // As in Python, a MARK starts a fresh stack: popping below it is an underflow.
        guard stack.count > (marks.last ?? 0), let value = stack.popLast() else {
            throw malformed("pickle stack underflow", at: start)
        }
        return value
    }

    private func top(_ start: Int) throws -> PickleValue {
        guard let value = stack.last, stack.count > (marks.last ?? 0) else { throw malformed("pickle stack underflow", at: start) }
        return value
    }

    private mutating func popMark(_ start: Int) throws -> [PickleValue] {
        guard let mark = marks.popLast(), mark <= stack.count else { throw malformed("no MARK on the pickle stack", at: start) }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private func recall(_ index: Int, _ start: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw malformed("memo index \(index) was never stored", at: start) }
        return value
    }

    private mutating func long1() throws -> PickleValue {
        let count = Int(try cursor.u8("LONG1 length"))
        let range = try cursor.skip(count, "LONG1 bytes")
        let bytes = Array(cursor.view(range))
        guard count <= 8 else { return .bigInt(bytes) }
        guard let last = bytes.last else { return .int(0) }
        // Little-endian two's complement: sign-extend from the top byte.
        var value: UInt64 = last & 0x80 != 0 ? ~0 : 0
        for byte in bytes.reversed() { value = (value << 8) | UInt64(byte) }
        return .int(Int(Int64(bitPattern: value)))
    }

    private mutating func text(length: Int, _ start: Int) throws -> String {
        try cursor.utf8(count: length, "a pickle string at offset \(start)")
    }

    /// A newline-terminated ASCII line (GLOBAL's module and name), at most 256 bytes.
    private mutating func line(_ what: String, _ start: Int) throws -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = try cursor.u8(what)
            if byte == 0x0A { break }
            bytes.append(byte)
            guard bytes.count <= 256 else { throw malformed("\(what) longer than 256 bytes", at: start) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func malformed(_ message: String, at offset: Int) -> WeightLoadingError {
        WeightLoadingError(.malformedFile, location: cursor.location, message: "pickle at offset \(offset): \(message)")
    }

    private func refused(_ what: String, at offset: Int) -> WeightLoadingError {
        WeightLoadingError(.refusedPickle, location: cursor.location, message: """
            refused pickle \(what) at offset \(offset): only state-dict pickles are read \
            (collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.*Storage); nothing was executed
            """)
    }
}
