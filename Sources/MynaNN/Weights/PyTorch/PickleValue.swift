/// A value built by `RestrictedUnpickler`: only what a PyTorch state dict contains.
///
/// Lists and dicts are reference boxes because pickles mutate them after creation (`SETITEMS`, `APPENDS`) and share
/// them through the memo, exactly as Python objects are shared.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer too wide for Int (LONG1 with more than 8 bytes), as its little-endian two's-complement bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// One of the allowed globals, not yet called.
    case global(PickleGlobal)
    /// A storage reference produced by `BINPERSID`.
    case storage(PickleStorageReference)
    /// The result of `torch._utils._rebuild_tensor_v2`.
    case tensor(PickleTensor)

    /// A short description for error messages.
    var kind: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string: "str"
        case .tuple: "tuple"
        case .list: "list"
        case .dict: "dict"
        case .global(let global): "global \(global)"
        case .storage: "storage"
        case .tensor: "tensor"
        }
    }
}
