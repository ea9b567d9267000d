import Foundation
import MynaSynthesis

/// Piper voices opened once and shared: keyed by the resolved `.onnx` path (symlinks and `..` resolved), so every name
/// of one voice (`joe`, `en_US-joe-medium`, its path) reaches the same loaded weights.
///
/// Thread-safety: safe to share; lookups and loads are serialised by one lock (a load holds it, so two requests for a
/// voice not yet loaded load it once, the second waiting for the first).
final class PiperVoiceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var voices: [String: PiperVoice] = [:]
    private var loads = 0

    /// The voice at `modelPath`, loaded on first use.
    /// - Throws: what `PiperVoice(modelPath:)` throws (`ConfigurationError`, `WeightLoadingError`); a failed load is
    ///   not cached, so a later request tries again.
    func voice(at modelPath: String) throws -> PiperVoice {
        let key = URL(fileURLWithPath: modelPath).resolvingSymlinksInPath().standardizedFileURL.path
        lock.lock()
        defer { lock.unlock() }
        if let voice = voices[key] { return voice }
        let voice = try PiperVoice(modelPath: modelPath)
        loads += 1
        voices[key] = voice
        return voice
    }

    /// How many voices were read from disk so far (a second request for a loaded voice adds none).
    var loadCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return loads
    }
}
