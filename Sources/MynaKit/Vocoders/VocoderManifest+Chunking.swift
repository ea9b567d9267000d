import MynaSynthesis

extension VocoderManifest {
    /// How `FileVocoder` cuts long inputs for this vocoder: Griffin-Lim needs its own overlap (its phase estimate
    /// restarts at every chunk); neural vocoders use the default chunks.
    public var chunking: ChunkedVocoder.Options {
        architecture == .griffinLim ? .griffinLim : .default
    }
}
