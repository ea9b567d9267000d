import MynaCore

extension ALSAPCM {
    /// Opens `device` for capture or playback of `format` audio with ALSA's buffer at `bufferDuration` seconds, after
    /// checking that `format` is one Myna accepts at all.
    /// - Throws: `AudioIOError` naming the device: `.invalidFormat` for an implausible `format`, then what `init`
    ///   throws (`.deviceNotFound`, `.deviceBusy`, `.unsupportedFormat`, `.deviceFailure`).
    static func open(device: String, direction: Direction, format: AudioFormat, bufferDuration: Double) throws -> ALSAPCM {
        guard format.isPlausible else {
            throw AudioIOError(.invalidFormat, location: device, message: """
                cannot \(direction == .capture ? "capture" : "play") \(format.sampleRate) Hz, \(format.channelCount)-channel \
                audio (Myna accepts 1…\(AudioFormat.maximumSampleRate) Hz and 1…\(AudioFormat.maximumChannelCount) channels)
                """)
        }
        return try ALSAPCM(device: device, direction: direction, requested: format, bufferDuration: bufferDuration)
    }
}
