import Foundation
import MynaNN
import MynaSynthesis
import MynaTestSupport
import Testing

/// The pinned voice, loaded once for the whole bundle (models/ from scripts/setup.sh).
enum PiperTestVoice {
    static let directory = Fixtures.models.appendingPathComponent("piper-en_US-joe-medium")
    static let modelPath = directory.appendingPathComponent("en_US-joe-medium.onnx").path

    static func requireFiles() throws {
        try #require(FileManager.default.fileExists(atPath: modelPath),
                     "\(modelPath) is missing: run scripts/setup.sh (make setup) to fetch the models")
    }

    nonisolated(unsafe) private static var cachedReader: ONNXModelReader?
    private static let lock = NSLock()

    static func reader() throws -> ONNXModelReader {
        try requireFiles()
        lock.lock(); defer { lock.unlock() }
        if let cachedReader { return cachedReader }
        let reader = try ONNXModelReader(path: modelPath)
        cachedReader = reader
        return reader
    }

    nonisolated(unsafe) private static var cachedAcoustic: VITSAcousticModel?
    nonisolated(unsafe) private static var cachedVoice: PiperVoice?

    /// The whole voice (acoustic model and decoder).
    static func voice() throws -> PiperVoice {
        try requireFiles()
        lock.lock(); defer { lock.unlock() }
        if let cachedVoice { return cachedVoice }
        let voice = try PiperVoice(modelPath: modelPath)
        cachedVoice = voice
        return voice
    }

    static func acousticModel() throws -> VITSAcousticModel {
        let reader = try reader()
        lock.lock(); defer { lock.unlock() }
        if let cachedAcoustic { return cachedAcoustic }
        let model = try VITSAcousticModel(reader: reader)
        cachedAcoustic = model
        return model
    }
}
