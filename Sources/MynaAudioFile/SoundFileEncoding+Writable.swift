import MynaCore

extension SoundFileEncoding {
    /// Checks that this encoding can store `format` audio, before anything is opened.
    /// - Throws: `AudioIOError` `.invalidFormat` naming `location`: a rate outside 1…768000 Hz or channels outside
    ///   1…64, a rate the codec cannot store (Opus at 22.05 kHz: resample first), or a format libsndfile refuses.
    func requireWritable(_ format: AudioFormat, location: String) throws {
        guard format.isPlausible else {
            throw AudioIOError(.invalidFormat, location: location, message: """
                cannot write \(format.sampleRate) Hz, \(format.channelCount)-channel audio (Myna accepts \
                1…\(AudioFormat.maximumSampleRate) Hz and 1…\(AudioFormat.maximumChannelCount) channels)
                """)
        }
        if let rates = supportedSampleRates, !rates.contains(format.sampleRate) {
            let list = rates.sorted().map(String.init).joined(separator: ", ")
            throw AudioIOError(.invalidFormat, location: location, message: """
                \(displayName) cannot store \(format.sampleRate) Hz audio (it stores \(list) Hz); resample first
                """)
        }
        guard SndFileHandle.canWrite(format, as: self) else {
            throw AudioIOError(.invalidFormat, location: location, message: "\(displayName) cannot store \(format) audio")
        }
    }

    /// Whether libsndfile must clip out-of-range floats itself: lossy codecs take floats and would otherwise wrap
    /// around (integer encodings are clipped by `SampleQuantizer`, float WAV stores the values as they are).
    var needsLibraryClipping: Bool { integerBits == nil && self != .wavFloat32 }
}
