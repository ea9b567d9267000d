/// The only globals the unpickler resolves; everything else is refused at the `GLOBAL` opcode.
enum PickleGlobal: CustomStringConvertible {
    case orderedDict
    case rebuildTensorV2
    case storageType(WeightDType, name: String)

    var description: String {
        switch self {
        case .orderedDict: "collections.OrderedDict"
        case .rebuildTensorV2: "torch._utils._rebuild_tensor_v2"
        case .storageType(_, let name): "torch.\(name)"
        }
    }

    /// Resolves `module.name`, or nil if it is not allowed.
    static func resolve(module: String, name: String) -> PickleGlobal? {
        switch (module, name) {
        case ("collections", "OrderedDict"): return .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch", _): return PyTorchStorageType.dtype(named: name).map { .storageType($0, name: name) }
        default: return nil
        }
    }
}
