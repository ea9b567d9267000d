import MynaCore

extension SpeculativeTranscription where Result == TranscriptionResult {
    /// A stream transcribed as `engine.transcribe` transcribes a file of it with `options` (the same text), with the
    /// engine's Silero VAD following the stream. Loads the models and checks the options now, before any audio.
    /// A reused speculation's `duration` is that of the audio it decoded.
    /// - Parameter runDecode: Runs each decode (speculative or final) it is given: at once by default; a server
    ///   passes its gate that bounds the decodes running at once across its sessions.
    /// - Throws: `ConfigurationError` for an unknown model or language or invalid options; `WeightLoadingError`.
    public convenience init(
        engine: MynaEngine, options: TranscriptionOptions, name: String = "audio stream",
        runDecode: @escaping @Sendable (_ decode: @Sendable () async throws -> Result) async throws -> Result = { try await $0() }
    ) throws {
        _ = try engine.prepareTranscription(options)
        let vad = SileroVoiceActivityStream(detector: try engine.voiceDetector(options.voiceDetector))
        try self.init(vad: vad) { samples in
            try await runDecode {
                try await engine.transcribe(
                    .samples(AudioBuffer(mono: samples, sampleRate: AudioFormat.speech16k.sampleRate), name: name),
                    options: options)
            }
        }
    }
}
