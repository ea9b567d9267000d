import Foundation
import MynaTestSupport
import Testing

/// Golden arrays written by scripts/goldens/dsp_goldens.py (float32 .npy files) and their manifest.
enum GoldenFile {
    struct Manifest: Decodable {
        struct Entry: Decodable {
            var file: String
            var shape: [Int]
            var clip: String?
            var samples: Int?
            var offset: Int?
            var cutoffBin: Int?
            var totalFrames: Int?
            var tailValue: Float?
        }
        var goldens: [String: Entry]
    }

    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Golden")

    /// dsp_goldens.json, read once; a missing or malformed manifest fails each test that needs it (no crash).
    static let manifest: Result<Manifest, any Error> = Result {
        let data = try Data(contentsOf: directory.appendingPathComponent("dsp_goldens.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    static func entry(_ name: String) throws -> Manifest.Entry {
        try #require(try manifest.get().goldens[name], "no golden \(name) in dsp_goldens.json")
    }

    /// The array stored as `<name>.npy` and its shape.
    static func array(_ name: String) throws -> (values: [Float], shape: [Int]) {
        try NumPyFile.read(directory.appendingPathComponent("\(name).npy"))
    }
}

/// A minimal reader for the .npy files the golden script writes: format 1.0, little-endian float32, C order.
enum NumPyFile {
    struct FormatError: Error, CustomStringConvertible { var description: String }

    static func read(_ url: URL) throws -> (values: [Float], shape: [Int]) {
        let data = try Data(contentsOf: url)
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, String(decoding: bytes[1..<6], as: UTF8.self) == "NUMPY" else {
            throw FormatError(description: "\(url.lastPathComponent): not a .npy file")
        }
        guard bytes[6] == 1 else { throw FormatError(description: "\(url.lastPathComponent): format \(bytes[6]) not 1") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '<f4'"), header.contains("'fortran_order': False") else {
            throw FormatError(description: "\(url.lastPathComponent): expected little-endian float32 in C order: \(header)")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(description: "\(url.lastPathComponent): no shape in \(header)")
        }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { Int($0)! }
        let count = shape.reduce(1, *)
        let start = 10 + headerLength
        guard bytes.count == start + 4 * count else {
            throw FormatError(description: "\(url.lastPathComponent): \(bytes.count - start) data bytes for shape \(shape)")
        }
        let values = (0..<count).map { i in
            Float(bitPattern: UInt32(bytes[start + 4 * i]) | UInt32(bytes[start + 4 * i + 1]) << 8
                  | UInt32(bytes[start + 4 * i + 2]) << 16 | UInt32(bytes[start + 4 * i + 3]) << 24)
        }
        return (values, shape)
    }
}
