import Foundation
import MynaTensor
import Testing

/// Float32 goldens written by a generator in `scripts/goldens/` (for example `nn_ops_goldens.py`): `Golden/<name>.json`
/// indexes cases, each with parameters and tensors stored back to back in `Golden/<name>.bin`.
public struct GoldenTensorFile: Sendable {
    public struct Entry: Decodable, Sendable {
        public let shape: [Int]
        public let offset: Int
    }

    /// A case parameter: an integer, a flag or a list of integers.
    public enum Parameter: Decodable, Sendable {
        case int(Int)
        case double(Double)
        case bool(Bool)
        case ints([Int])

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .int(value) }
            else if let value = try? container.decode(Double.self) { self = .double(value) }
            else { self = .ints(try container.decode([Int].self)) }
        }
    }

    public struct Case: Decodable, Sendable {
        public let params: [String: Parameter]
        public let tensors: [String: Entry]
    }

    public struct Index: Decodable, Sendable {
        public let count: Int
        public let cases: [String: Case]
    }

    public let index: Index
    public let values: [Float]

    /// Reads `Golden/<name>.json` and `Golden/<name>.bin` from a test bundle's resources (`Bundle.module`).
    public init(named name: String, in bundle: Bundle) {
        guard let json = bundle.url(forResource: name, withExtension: "json", subdirectory: "Golden") else {
            fatalError("no Golden/\(name).json in \(bundle.bundlePath): run the script in scripts/goldens/ that writes it")
        }
        let bin = json.deletingPathExtension().appendingPathExtension("bin")
        do {
            let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: json))
            let data = try Data(contentsOf: bin)
            precondition(data.count == index.count * 4, "\(name).bin holds \(data.count) bytes, index says \(index.count) floats")
            self.index = index
            self.values = data.withUnsafeBytes { raw in
                (0..<index.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        } catch {
            fatalError("cannot read goldens at \(json.path): \(error)")
        }
    }

    /// Tensor `name` of case `caseName`.
    public func tensor(_ caseName: String, _ name: String) throws -> Tensor {
        let golden = self
        let entry = try #require(golden.index.cases[caseName]?.tensors[name], "no golden \(caseName).\(name)")
        let count = entry.shape.reduce(1, *)
        return Tensor(shape: entry.shape, values: Array(golden.values[entry.offset..<(entry.offset + count)]))
    }

    /// Integer parameter `name` of case `caseName`.
    public func int(_ caseName: String, _ name: String) throws -> Int {
        guard case .int(let value)? = index.cases[caseName]?.params[name] else {
            throw GoldenError(message: "no integer parameter \(caseName).\(name)")
        }
        return value
    }

    /// Flag parameter `name` of case `caseName`.
    public func bool(_ caseName: String, _ name: String) throws -> Bool {
        guard case .bool(let value)? = index.cases[caseName]?.params[name] else {
            throw GoldenError(message: "no flag parameter \(caseName).\(name)")
        }
        return value
    }

    /// Integer-list parameter `name` of case `caseName`.
    public func ints(_ caseName: String, _ name: String) throws -> [Int] {
        guard case .ints(let value)? = index.cases[caseName]?.params[name] else {
            throw GoldenError(message: "no list parameter \(caseName).\(name)")
        }
        return value
    }

    /// Numeric parameter `name` of case `caseName`.
    public func double(_ caseName: String, _ name: String) throws -> Double {
        switch index.cases[caseName]?.params[name] {
        case .double(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw GoldenError(message: "no numeric parameter \(caseName).\(name)")
        }
    }

    /// Names of all cases starting with `prefix`, sorted.
    public func caseNames(prefix: String) -> [String] {
        index.cases.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

public struct GoldenError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
