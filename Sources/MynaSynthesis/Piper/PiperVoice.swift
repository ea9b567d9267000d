import Foundation
import MynaCore
import MynaNN

/// A Piper voice opened from its files (`<name>.onnx` and `<name>.onnx.json`): the VITS acoustic model, its decoder
/// as a `HiFiGANVocoder`, the phoneme-id map and the espeak-ng voice.
///
/// Immutable and `Sendable`: one voice serves any number of concurrent requests.
public final class PiperVoice: Sendable {
    public let modelPath: String
    public let configuration: PiperVoiceConfiguration
    public let acousticModel: VITSAcousticModel
    public let decoder: HiFiGANVocoder
    public let phonemeIDs: PhonemeIDMap

    /// Opens `modelPath` (the `.onnx`) with its config (`modelPath + ".json"` unless given).
    /// - Throws: `ConfigurationError` or `WeightLoadingError` naming the file and what is wrong.
    public init(modelPath: String, configPath: String? = nil) throws {
        let configURL = URL(fileURLWithPath: configPath ?? modelPath + ".json")
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw ConfigurationError(field: modelPath, message: "no such voice file")
        }
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ConfigurationError(field: modelPath, message: """
                has no config beside it (\(configURL.lastPathComponent)); a Piper voice is an .onnx file with its .onnx.json
                """)
        }
        let configuration = try PiperVoiceConfiguration.load(configURL)
        let reader = try ONNXModelReader(path: modelPath)
        let graph = VITSGraph(reader)
        acousticModel = try VITSAcousticModel(graph: graph)
        decoder = try HiFiGANVocoder(vitsGraph: graph, sampleRate: configuration.audio.sample_rate)
        guard acousticModel.configuration.speakerCount == configuration.speakerCount else {
            throw ConfigurationError(field: configURL.path, message: """
                says \(configuration.speakerCount) speaker(s), the model has \(acousticModel.configuration.speakerCount)
                """)
        }
        if let largest = configuration.phoneme_id_map.values.flatMap({ $0 }).max(), largest >= acousticModel.configuration.symbolCount {
            throw ConfigurationError(field: configURL.path, message: """
                phoneme_id_map uses id \(largest), the model has \(acousticModel.configuration.symbolCount) symbols
                """)
        }
        self.modelPath = modelPath
        self.configuration = configuration
        phonemeIDs = PhonemeIDMap(configuration.phoneme_id_map)
    }

    public var sampleRate: Int { configuration.audio.sample_rate }

    /// The speaker id for `nameOrID` (an integer or a name of the config's `speaker_id_map`).
    public func speakerID(_ nameOrID: String) throws -> Int {
        if let id = configuration.speaker_id_map?[nameOrID] { return id }
        if let id = Int(nameOrID), id >= 0, id < configuration.speakerCount { return id }
        let names = configuration.speaker_id_map?.sorted { $0.value < $1.value }.map(\.key) ?? []
        throw ConfigurationError(field: "speaker", message: configuration.speakerCount <= 1
            ? "this voice has a single speaker; leave --speaker out"
            : "'\(nameOrID)' is not a speaker of this voice: give 0 to \(configuration.speakerCount - 1)\(names.isEmpty ? "" : " or a name (\(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? ", …" : ""))")")
    }

    /// The raw model output for `ids` (VITS `infer`; Piper's `phoneme_ids_to_audio`, before its peak normalisation).
    /// - Parameter session: the decoder's scratch; pass one per request to reuse it across sentences (a session is
    ///   not thread-safe: one per task). The result does not depend on the session's history.
    public func waveform(phonemeIDs ids: [Int], options: VITSSynthesisOptions,
                         session: HiFiGANSession = HiFiGANSession()) throws -> [Float] {
        let latents = try acousticModel.latents(ids, options: options)
        let conditioning = acousticModel.speakerConditioning(options.speaker)?.values
        return try decoder.waveform(latents: latents.z, conditioning: conditioning, session: session)
    }
}
