import Foundation
import MynaKit
import MynaTestSupport

/// A temporary models directory with a manifest whose sizes and digests come from hashlib (SHA256Vectors):
/// - `fake-good`: one intact file;
/// - `fake-damaged`: one intact file, one with a flipped byte (same size), one truncated, one deleted;
/// - `fake-gone`: its only file deleted.
struct FakeModelsDirectory {
    let url: URL

    /// Models the fake catalogue knows: two installed ones and one that is not installed.
    static let catalogue = [
        ModelDescriptor(name: "fake-good", role: "test recognizer",
                        packages: [ModelPackage(package: "fake-good-wheel", version: "1.0", sha256: String(repeating: "0", count: 64))],
                        fileNames: ["weights.bin"]),
        ModelDescriptor(name: "fake-damaged", role: "test voice",
                        packages: [ModelPackage(package: "fake-damaged-wheel", version: "2.0", sha256: String(repeating: "1", count: 64))],
                        fileNames: ["intact.bin", "flipped.bin", "truncated.bin", "deleted.bin"]),
        ModelDescriptor(name: "fake-absent", role: "test vocoder",
                        packages: [ModelPackage(package: "fake-absent-wheel", version: "3.0", sha256: String(repeating: "2", count: 64))],
                        fileNames: ["absent.bin"]),
    ]

    init() throws {
        url = try Fixtures.makeTemporaryDirectory()
        func digest(_ length: Int) -> String { SHA256Vectors.pattern.first { $0.length == length }!.digest }
        func entry(_ name: String, _ files: [(String, Int)]) -> [String: Any] {
            ["name": name, "role": "role of \(name)",
             "packages": [["package": "\(name)-wheel", "version": "1.0", "sha256": String(repeating: "a", count: 64),
                           "wheel": "\(name)_wheel-1.0-py3-none-any.whl"]],
             "files": files.map { ["name": $0.0, "size": $0.1, "sha256": digest($0.1)] }]
        }
        let manifest: [String: Any] = ["models": [
            entry("fake-good", [("weights.bin", 1000)]),
            entry("fake-damaged", [("intact.bin", 65), ("flipped.bin", 1000), ("truncated.bin", 4096), ("deleted.bin", 64)]),
            entry("fake-gone", [("only.bin", 56)]),
        ]]
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
            .write(to: url.appendingPathComponent("manifest.json"))

        try write("fake-good/weights.bin", SHA256Vectors.pattern(1000))
        try write("fake-damaged/intact.bin", SHA256Vectors.pattern(65))
        var flipped = SHA256Vectors.pattern(1000)
        flipped[500] ^= 0x01
        try write("fake-damaged/flipped.bin", flipped)
        try write("fake-damaged/truncated.bin", Array(SHA256Vectors.pattern(4096).prefix(4000)))
        try FileManager.default.createDirectory(at: url.appendingPathComponent("fake-gone"), withIntermediateDirectories: true)
    }

    func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
