import Foundation
import MynaAudioFile
import MynaSpeakers
import MynaTestSupport
import Testing

/// The pinned GE2E checkpoint, loaded once for all suites, and real clips from ../shared/data.
enum SpeakerTestModels {
    static let checkpointPath = Fixtures.models.appendingPathComponent("resemblyzer-ge2e/pretrained.pt").path

    static let network: Result<GE2ENetwork, Error> = Result { try GE2ENetwork(checkpointPath: checkpointPath) }

    static func encoder() throws -> GE2ESpeakerEncoder {
        try #require(FileManager.default.fileExists(atPath: checkpointPath),
                     "\(checkpointPath) is missing: run scripts/setup.sh to fetch the models")
        return try GE2ESpeakerEncoder(network: network.get())
    }

    /// The clip as libsndfile decodes it (float32 in [-1, 1], mono 16 kHz as all clips of speaker/ are).
    static func samples(_ relativePath: String) throws -> [Float] {
        let audio = try SoundFileReader.readAll(path: Fixtures.shared(relativePath))
        #expect(audio.format.sampleRate == 16_000 && audio.format.channelCount == 1)
        return audio.samples
    }

    /// Options for comparing with Resemblyzer, which has no minimum length.
    static var referenceOptions: GE2EEmbeddingOptions {
        var options = GE2EEmbeddingOptions.default
        options.minimumSpeechSeconds = 0
        return options
    }
}

/// The top-level extras of `ge2e_goldens.json` and `evaluation_goldens.json` that GoldenTensorFile does not read.
struct GoldenExtras: Decodable {
    var clips: [String: String]?
    var speakers: [String]?
    var ids: [String]?

    init(named name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"))
        self = try JSONDecoder().decode(GoldenExtras.self, from: Data(contentsOf: url))
    }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, x = 0.0, y = 0.0
    for i in a.indices { dot += Double(a[i]) * Double(b[i]); x += Double(a[i] * a[i]); y += Double(b[i] * b[i]) }
    return dot / (x * y).squareRoot()
}
