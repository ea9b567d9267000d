import Foundation
import MynaAudioFile
import MynaCore
import MynaTestSupport
import Testing

/// Writes real speech with `SoundFileWriter` in every encoding and reads it back with `SoundFileReader`.
@Suite struct SoundFileRoundTripTests {
    /// Speech scaled by 0.7 so that it is off the 16-bit grid it was recorded on, and quantisation decides the result.
    static func offGridSpeech() throws -> AudioBuffer {
        var buffer = try TestAudio.speech()
        buffer.samples = buffer.samples.map { $0 * 0.7 }
        return buffer
    }

    @Test(arguments: [(SoundFileEncoding.wav16, "WAV", "PCM 16-bit", 16), (.flac16, "FLAC", "FLAC 16-bit", 16),
                      (.wav24, "WAV", "PCM 24-bit", 24), (.flac24, "FLAC", "FLAC 24-bit", 24)])
    func integerEncodingsRoundTripWithinHalfAStep(encoding: SoundFileEncoding, container: String, codec: String,
                                                   bits: Int) throws {
        let original = try Self.offGridSpeech()
        let step = Float(1) / Float(1 << (bits - 1))
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(original, to: directory.appendingPathComponent("speech"), encoding: encoding)
            let reader = try SoundFileReader(path: path)
            #expect(reader.info.container == container)
            #expect(reader.info.codec == codec)
            #expect(reader.frameCount == original.frameCount)
            #expect(reader.format == original.format)
            let decoded = try reader.readRemaining()
            // round(x · 2^(bits−1)) / 2^(bits−1): within half a step, and every value on the grid.
            assertClose(decoded.samples, original.samples, atol: step / 2 * 1.0001)
            #expect(decoded.samples.allSatisfy { ($0 / step).rounded() == $0 / step })
        }
    }

    @Test func sixteenBitSourceSurvivesWAVAndFLACBitExactly() throws {
        let original = try TestAudio.speech()
        try TestAudio.withTemporaryDirectory { directory in
            for encoding in [SoundFileEncoding.wav16, .flac16, .wav24, .flac24, .wavFloat32] {
                let path = try TestAudio.write(original, to: directory.appendingPathComponent("s-\(encoding)"),
                                               encoding: encoding)
                #expect(try SoundFileReader.readAll(path: path) == original, "\(encoding)")
            }
        }
    }

    @Test func floatWAVStoresValuesExactlyIncludingOverRange() throws {
        var buffer = try Self.offGridSpeech()
        buffer.samples[100] = 1.5
        buffer.samples[101] = -2.25
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(buffer, to: directory.appendingPathComponent("f.wav"), encoding: .wavFloat32)
            let reader = try SoundFileReader(path: path)
            #expect(reader.info.codec == "Float 32-bit")
            #expect(try reader.readRemaining() == buffer)
        }
    }

    @Test func integerEncodingsClipInsteadOfWrapping() throws {
        let buffer = AudioBuffer(mono: [1.0, -1.0, 1.5, -1.5, 32_767.0 / 32_768, 0.25], sampleRate: 16_000)
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(buffer, to: directory.appendingPathComponent("c.wav"), encoding: .wav16)
            let decoded = try SoundFileReader.readAll(path: path).samples
            let largest: Float = 32_767.0 / 32_768
            let clipped: [Float] = [largest, -1, largest, -1, largest, 0.25]
            #expect(decoded == clipped)
        }
    }

    @Test func stereoRoundTripsThroughFLAC() throws {
        let stereo = try TestAudio.stereoSpeech()
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(stereo, to: directory.appendingPathComponent("st.flac"), encoding: .flac16)
            #expect(try SoundFileReader.readAll(path: path) == stereo)
        }
    }

    /// Lossy codecs at libsndfile's default settings on 9.7 s of real speech, compared sample by sample (none of the
    /// three delays the signal as libsndfile decodes it). Bounds sit a few dB under what was measured when the test
    /// was written: Vorbis 0.9973 / 22.7 dB, Opus 0.9931 / 18.6 dB, MP3 0.9939 / 19.2 dB.
    @Test(arguments: [(SoundFileEncoding.oggVorbis, "OGG", "Vorbis", 0.99, 20.0),
                      (.oggOpus, "OGG", "Opus", 0.985, 16.0),
                      (.mp3, "MPEG", "MPEG layer III", 0.985, 16.0)])
    func lossyEncodingsKeepTheSpeech(encoding: SoundFileEncoding, container: String, codec: String,
                                     minimumCorrelation: Double, minimumSNR: Double) throws {
        let original = try TestAudio.speech()
        try TestAudio.withTemporaryDirectory { directory in
            let path = try TestAudio.write(original, to: directory.appendingPathComponent("lossy"), encoding: encoding)
            let reader = try SoundFileReader(path: path)
            #expect(reader.info.container == container)
            #expect(reader.info.codec == codec)
            #expect(reader.format == original.format)
            #expect(reader.frameCount == original.frameCount)
            let decoded = try reader.readRemaining()
            try #require(decoded.frameCount == original.frameCount)
            let correlation = SignalMeasure.correlation(decoded.samples, original.samples)
            let snr = SignalMeasure.snr(signal: original.samples, estimate: decoded.samples)
            #expect(correlation >= minimumCorrelation, "correlation \(correlation)")
            #expect(snr >= minimumSNR, "SNR \(snr) dB")
        }
    }

    @Test func encodingFollowsTheExtension() throws {
        #expect(try SoundFileEncoding.forPath("out/a.wav") == .wav16)
        #expect(try SoundFileEncoding.forPath("A.WAV") == .wav16)
        #expect(try SoundFileEncoding.forPath("b.flac") == .flac16)
        #expect(try SoundFileEncoding.forPath("c.ogg") == .oggVorbis)
        #expect(try SoundFileEncoding.forPath("d.opus") == .oggOpus)
        #expect(try SoundFileEncoding.forPath("e.mp3") == .mp3)
        for path in ["x.aac", "noextension"] {
            let error = try #require(throws: AudioIOError.self) { try SoundFileEncoding.forPath(path) }
            #expect(error.code == .unsupportedFormat)
            #expect(error.location == path)
        }
    }
}
