import MynaCore

/// Flattens an unpickled checkpoint object into dotted names: dict keys (strings or ints) and list/tuple indices
/// join with `.`; tensors and integer leaves are collected, other leaves ignored.
struct PickleFlattener {
    let location: String
    private(set) var tensors: [(name: String, tensor: PickleTensor)] = []
    private(set) var integers: [String: Int] = [:]
    private var seen = Set<String>()

    /// Deeper nesting than this is refused: it also stops a dict that contains itself through the memo.
    static let maximumDepth = 64

    init(location: String) {
        self.location = location
    }

    mutating func flatten(_ value: PickleValue, prefix: String, depth: Int) throws {
        guard depth <= Self.maximumDepth else {
            throw WeightLoadingError(.malformedFile, location: location,
                                     message: "checkpoint nests deeper than \(Self.maximumDepth) levels at '\(prefix)'")
        }
        if depth == 0 {
            guard case .dict = value else {
                throw WeightLoadingError(.malformedFile, location: location,
                                         message: "checkpoint holds a \(value.kind), not a dict of tensors")
            }
        }
        func join(_ component: String) -> String { prefix.isEmpty ? component : prefix + "." + component }
        switch value {
        case .dict(let dict):
            for (key, child) in zip(dict.keys, dict.values) {
                let component: String
                switch key {
                case .string(let text): component = text
                case .int(let number): component = String(number)
                default: throw WeightLoadingError(.malformedFile, location: location, message: "non-string key under '\(prefix)'")
                }
                try flatten(child, prefix: join(component), depth: depth + 1)
            }
        case .list(let list):
            for (index, child) in list.items.enumerated() { try flatten(child, prefix: join(String(index)), depth: depth + 1) }
        case .tuple(let items):
            for (index, child) in items.enumerated() { try flatten(child, prefix: join(String(index)), depth: depth + 1) }
        case .tensor(let tensor):
            guard seen.insert(prefix).inserted else {
                throw WeightLoadingError(.malformedFile, location: location, key: prefix, message: "tensor name occurs twice")
            }
            tensors.append((prefix, tensor))
        case .int(let number):
            integers[prefix] = number
        case .none, .bool, .bigInt, .float, .string:
            break
        case .global, .storage:
            throw WeightLoadingError(.malformedFile, location: location, key: prefix,
                                     message: "a bare \(value.kind) where a tensor or value was expected")
        }
    }
}
