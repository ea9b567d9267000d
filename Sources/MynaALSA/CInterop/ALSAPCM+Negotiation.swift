internal import CALSA
import Glibc
import MynaCore

extension ALSAPCM {
    /// Negotiates hardware and software parameters on a freshly opened PCM and returns what the device agreed to.
    ///
    /// - Access: interleaved reads and writes.
    /// - Rate: the device's nearest to the one asked; ALSA's own resampling is switched off
    ///   (`snd_pcm_hw_params_set_rate_resample` 0) because Myna resamples with soxr, which is far better than the
    ///   linear converter `plug` would insert.
    /// - Channels: the count asked when the device has it, else mono or stereo (whichever of the two was not asked),
    ///   else the device's nearest count; the devices map channels to what the caller asked.
    /// - Sample format: FLOAT_LE, else S16_LE (`ALSASampleFormat`).
    /// - Buffer: `bufferDuration` seconds in four periods where the device allows it (its nearest otherwise).
    /// - Playback starts when the buffer is full (drain starts a shorter stream), so the first period does not underrun.
    static func negotiate(_ pcm: OpaquePointer, device: String, direction: Direction, requested: AudioFormat,
                          bufferDuration: Double) throws -> ALSAStreamSetup {
        var hardware: OpaquePointer?
        try alsaCall("snd_pcm_hw_params_malloc", device: device) { snd_pcm_hw_params_malloc(&hardware) }
        defer { snd_pcm_hw_params_free(hardware) }
        try alsaCall("snd_pcm_hw_params_any", device: device, problem: "cannot read the device's capabilities") {
            snd_pcm_hw_params_any(pcm, hardware)
        }
        try alsaCall("snd_pcm_hw_params_set_rate_resample", device: device) {
            snd_pcm_hw_params_set_rate_resample(pcm, hardware, 0)
        }
        try alsaCall("snd_pcm_hw_params_set_access", device: device, failure: .unsupportedFormat,
                     problem: "the device does not support interleaved transfers") {
            snd_pcm_hw_params_set_access(pcm, hardware, SND_PCM_ACCESS_RW_INTERLEAVED)
        }

        let sampleFormat = try chooseSampleFormat(pcm, hardware, device: device)
        try alsaCall("snd_pcm_hw_params_set_format", device: device, failure: .unsupportedFormat) {
            snd_pcm_hw_params_set_format(pcm, hardware, sampleFormat.alsaFormat)
        }

        let channelCandidates = [requested.channelCount, requested.channelCount == 1 ? 2 : 1]
        if let channels = channelCandidates.first(where: {
            snd_pcm_hw_params_test_channels(pcm, hardware, UInt32(clamping: $0)) == 0
        }) {
            try alsaCall("snd_pcm_hw_params_set_channels", device: device, failure: .unsupportedFormat) {
                snd_pcm_hw_params_set_channels(pcm, hardware, UInt32(channels))
            }
        } else {
            var channels = UInt32(clamping: requested.channelCount)
            try alsaCall("snd_pcm_hw_params_set_channels_near", device: device, failure: .unsupportedFormat,
                         problem: "the device has no usable channel count") {
                snd_pcm_hw_params_set_channels_near(pcm, hardware, &channels)
            }
        }

        var rate = UInt32(clamping: requested.sampleRate)
        var rateDirection: Int32 = 0
        try alsaCall("snd_pcm_hw_params_set_rate_near", device: device, failure: .unsupportedFormat,
                     problem: "the device has no usable sample rate") {
            snd_pcm_hw_params_set_rate_near(pcm, hardware, &rate, &rateDirection)
        }

        // Buffer and period sizes are wishes: a device that cannot meet them keeps its own choice.
        var bufferMicroseconds = UInt32(clamping: Int((bufferDuration * 1_000_000).rounded()))
        var periodMicroseconds = bufferMicroseconds / 4
        var sizeDirection: Int32 = 0
        _ = ALSAMessageCapture.capturing {
            snd_pcm_hw_params_set_buffer_time_near(pcm, hardware, &bufferMicroseconds, &sizeDirection)
        }
        _ = ALSAMessageCapture.capturing {
            snd_pcm_hw_params_set_period_time_near(pcm, hardware, &periodMicroseconds, &sizeDirection)
        }

        try alsaCall("snd_pcm_hw_params", device: device, failure: .unsupportedFormat,
                     problem: "the device refused the negotiated parameters") {
            snd_pcm_hw_params(pcm, hardware)
        }

        var actualRate: UInt32 = 0
        var actualChannels: UInt32 = 0
        var periodFrames: snd_pcm_uframes_t = 0
        var bufferFrames: snd_pcm_uframes_t = 0
        try alsaCall("snd_pcm_hw_params_get_rate", device: device) {
            snd_pcm_hw_params_get_rate(hardware, &actualRate, &rateDirection)
        }
        try alsaCall("snd_pcm_hw_params_get_channels", device: device) {
            snd_pcm_hw_params_get_channels(hardware, &actualChannels)
        }
        try alsaCall("snd_pcm_hw_params_get_period_size", device: device) {
            snd_pcm_hw_params_get_period_size(hardware, &periodFrames, &sizeDirection)
        }
        try alsaCall("snd_pcm_hw_params_get_buffer_size", device: device) {
            snd_pcm_hw_params_get_buffer_size(hardware, &bufferFrames)
        }
        let setup = ALSAStreamSetup(format: AudioFormat(sampleRate: Int(actualRate), channelCount: Int(actualChannels)),
                                    sampleFormat: sampleFormat, periodFrameCount: Int(periodFrames),
                                    bufferFrameCount: Int(bufferFrames))
        guard setup.format.isPlausible, setup.periodFrameCount > 0, setup.bufferFrameCount >= setup.periodFrameCount else {
            throw AudioIOError(.unsupportedFormat, location: device, message: """
                the device negotiated an unusable setup (\(setup.format), period \(setup.periodFrameCount) frames, \
                buffer \(setup.bufferFrameCount) frames)
                """)
        }

        var software: OpaquePointer?
        try alsaCall("snd_pcm_sw_params_malloc", device: device) { snd_pcm_sw_params_malloc(&software) }
        defer { snd_pcm_sw_params_free(software) }
        try alsaCall("snd_pcm_sw_params_current", device: device) { snd_pcm_sw_params_current(pcm, software) }
        try alsaCall("snd_pcm_sw_params_set_avail_min", device: device) {
            snd_pcm_sw_params_set_avail_min(pcm, software, periodFrames)
        }
        if direction == .playback {
            try alsaCall("snd_pcm_sw_params_set_start_threshold", device: device) {
                snd_pcm_sw_params_set_start_threshold(pcm, software, bufferFrames)
            }
        }
        try alsaCall("snd_pcm_sw_params", device: device) { snd_pcm_sw_params(pcm, software) }
        return setup
    }

    /// FLOAT_LE when the device takes it, else S16_LE.
    private static func chooseSampleFormat(_ pcm: OpaquePointer, _ hardware: OpaquePointer?,
                                           device: String) throws -> ALSASampleFormat {
        for candidate in ALSASampleFormat.allCases
        where snd_pcm_hw_params_test_format(pcm, hardware, candidate.alsaFormat) == 0 {
            return candidate
        }
        throw AudioIOError(.unsupportedFormat, location: device, message: """
            the device takes neither 32-bit float nor 16-bit samples (FLOAT_LE, S16_LE); \
            use plughw:X,Y or default to let ALSA convert
            """)
    }
}

extension ALSASampleFormat {
    var alsaFormat: snd_pcm_format_t {
        switch self {
        case .float32LittleEndian: SND_PCM_FORMAT_FLOAT_LE
        case .int16LittleEndian: SND_PCM_FORMAT_S16_LE
        }
    }
}
