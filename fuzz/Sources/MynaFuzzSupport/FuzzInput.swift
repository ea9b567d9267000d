import Foundation
import MynaNN

/// What every weight-reader fuzz target does with one input: the readers map files, so the bytes go to a file of
/// their own (in /dev/shm when there is one: memory, not disk), the reader opens it, and every tensor it lists is
/// read as Float32. Any thrown error is an accepted outcome (a clear error for a bad file); a crash, a hang or an
/// out-of-memory is a bug libFuzzer reports.
public enum FuzzInput {
    static let folder: String = {
        let shm = "/dev/shm"
        var isDirectory: ObjCBool = false
        let base = FileManager.default.fileExists(atPath: shm, isDirectory: &isDirectory) && isDirectory.boolValue
            ? shm : NSTemporaryDirectory()
        return (base as NSString).appendingPathComponent("myna-fuzz-\(getpid())")
    }()

    /// Writes `data` to a file named `name` (its extension can matter to a reader), runs `body` on its path and
    /// removes the file.
    public static func withFile(_ data: UnsafeRawBufferPointer, name: String, _ body: (String) -> Void) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(data)) else {
            fatalError("cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        body(path)
    }

    /// Opens the weights in `data` with `open`, reads every tensor, then hands the archive to `inspect` (for what
    /// a reader offers beyond tensors, such as an ONNX graph's consumers).
    public static func readWeights<Archive: WeightArchive>(_ data: UnsafeRawBufferPointer, name: String,
                                                           open: (String) throws -> Archive,
                                                           inspect: (Archive) -> Void = { _ in }) {
        withFile(data, name: name) { path in
            guard let archive = try? open(path) else { return }
            for name in archive.names {
                _ = try? archive.floats(named: name)
            }
            inspect(archive)
        }
    }
}
