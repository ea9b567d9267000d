import Foundation
import Testing
import MynaTensor

/// The layer goldens written by `scripts/goldens/nn_ops_goldens.py`: `Golden/layers_goldens.json` indexes float32 tensors
/// stored back to back in `Golden/layers_goldens.bin`.
struct LayerGoldenFile: Sendable {
    struct Entry: Decodable, Sendable {
        let shape: [Int]
        let offset: Int
    }

    /// A case parameter: an integer, a flag or a list of integers.
    enum Parameter: Decodable, Sendable {
        case int(Int)
        case double(Double)
        case bool(Bool)
        case ints([Int])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .int(value) }
            else if let value = try? container.decode(Double.self) { self = .double(value) }
            else { self = .ints(try container.decode([Int].self)) }
        }
    }

    struct Case: Decodable, Sendable {
        let params: [String: Parameter]
        let tensors: [String: Entry]
    }

    struct Index: Decodable, Sendable {
        let count: Int
        let cases: [String: Case]
    }

    let index: Index
    let values: [Float]

    static let shared: LayerGoldenFile = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        let json = Bundle.module.url(forResource: "layers_goldens", withExtension: "json", subdirectory: "Golden")
            ?? folder.appendingPathComponent("layers_goldens.json")
        let bin = json.deletingPathExtension().appendingPathExtension("bin")
        do {
            let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: json))
            let data = try Data(contentsOf: bin)
            precondition(data.count == index.count * 4, "layers_goldens.bin holds \(data.count) bytes, index says \(index.count) floats")
            let values = data.withUnsafeBytes { raw in
                (0..<index.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            return LayerGoldenFile(index: index, values: values)
        } catch {
            fatalError("cannot read layer goldens at \(json.path): \(error); run scripts/goldens/nn_ops_goldens.py")
        }
    }()

    /// Tensor `name` of case `caseName`.
    static func tensor(_ caseName: String, _ name: String) throws -> Tensor {
        let golden = shared
        let entry = try #require(golden.index.cases[caseName]?.tensors[name], "no golden \(caseName).\(name)")
        let count = entry.shape.reduce(1, *)
        return Tensor(shape: entry.shape, values: Array(golden.values[entry.offset..<(entry.offset + count)]))
    }

    /// Integer parameter `name` of case `caseName`.
    static func int(_ caseName: String, _ name: String) throws -> Int {
        guard case .int(let value)? = shared.index.cases[caseName]?.params[name] else {
            throw LayerGoldenError(message: "no integer parameter \(caseName).\(name)")
        }
        return value
    }

    /// Flag parameter `name` of case `caseName`.
    static func bool(_ caseName: String, _ name: String) throws -> Bool {
        guard case .bool(let value)? = shared.index.cases[caseName]?.params[name] else {
            throw LayerGoldenError(message: "no flag parameter \(caseName).\(name)")
        }
        return value
    }

    /// Integer-list parameter `name` of case `caseName`.
    static func ints(_ caseName: String, _ name: String) throws -> [Int] {
        guard case .ints(let value)? = shared.index.cases[caseName]?.params[name] else {
            throw LayerGoldenError(message: "no list parameter \(caseName).\(name)")
        }
        return value
    }

    /// Numeric parameter `name` of case `caseName`.
    static func double(_ caseName: String, _ name: String) throws -> Double {
        switch shared.index.cases[caseName]?.params[name] {
        case .double(let value)?: return value
        case .int(let value)?: return Double(value)
        default: throw LayerGoldenError(message: "no numeric parameter \(caseName).\(name)")
        }
    }

    /// Names of all cases starting with `prefix`, sorted.
    static func caseNames(prefix: String) -> [String] {
        shared.index.cases.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

struct LayerGoldenError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
