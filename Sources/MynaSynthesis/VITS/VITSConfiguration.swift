/// The architecture of a Piper VITS voice, read off its ONNX graph (initializer shapes and node attributes) by
/// `VITSGraph`, never assumed: Piper's quality levels differ (medium voices upsample 8·8·4 with ResBlock2, high ones
/// 8·8·2·2 with ResBlock1), and a multi-speaker voice adds a speaker embedding.
///
/// Names follow the VITS/Piper PyTorch modules (`enc_p`, `dp`, `flow`, `dec`; Kim et al. 2021, "Conditional
/// Variational Autoencoder with Adversarial Learning for End-to-End Text-to-Speech").
public struct VITSConfiguration: Sendable, Hashable, Codable {
    /// Phoneme-id vocabulary (`n_vocab`, rows of `enc_p.emb.weight`).
    public var symbolCount: Int
    /// `hidden_channels` of the text encoder and the flow (192 for Piper voices).
    public var hiddenChannels: Int
    /// Latent channels (`inter_channels`): half of `enc_p.proj`'s output.
    public var interChannels: Int
    /// The text encoder's feed-forward width (`filter_channels`).
    public var filterChannels: Int
    /// Attention heads (`n_heads`) = hidden channels / per-head channels of `emb_rel_k`.
    public var headCount: Int
    /// Transformer layers of the text encoder.
    public var encoderLayerCount: Int
    /// Kernel of the encoder's feed-forward convolutions.
    public var encoderKernelSize: Int
    /// Relative-attention window (`window_size`): `emb_rel_k` holds 2·window + 1 positions.
    public var windowSize: Int

    /// The stochastic duration predictor (`dp`).
    public var durationPredictor: DurationPredictor
    /// The normalising flow (`flow`, a ResidualCouplingBlock).
    public var flow: Flow
    /// The speakers of a multi-speaker voice (`emb_g`); 1 for single-speaker voices.
    public var speakerCount: Int
    /// `gin_channels`: width of the speaker embedding; 0 for single-speaker voices.
    public var speakerChannels: Int

    public struct DurationPredictor: Sendable, Hashable, Codable {
        /// `filter_channels` of the DDSConv stacks.
        public var channels: Int
        /// Kernel of the depthwise-separable convolutions.
        public var kernelSize: Int
        /// Layers per DDSConv; layer i dilates by kernel^i (read from the graph).
        public var dilations: [Int]
        /// The ConvFlows used in reverse, in the order they run (reversed, without the unused `flows.1`).
        public var convFlowIndices: [Int]
        /// Bins of each rational-quadratic spline (`proj` outputs 3·bins − 1 per half channel).
        public var binCount: Int
        /// Spline interval [−tailBound, tailBound]; linear identity tails outside (VITS `ConvFlow` default 5).
        public var tailBound: Float
    }

    public struct Flow: Sendable, Hashable, Codable {
        /// Residual coupling layers (`flow.flows.0, 2, 4, …`, each followed by a channel flip).
        public var couplingIndices: [Int]
        /// WaveNet layers per coupling layer.
        public var waveNetLayerCount: Int
        /// WaveNet kernel.
        public var kernelSize: Int
        /// Dilation of each WaveNet layer (read from the graph; `dilation_rate^i`).
        public var dilations: [Int]
    }
}
