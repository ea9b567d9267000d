import Foundation
import MynaAudioFile
import MynaCore
import MynaKit
import MynaTestSupport
import Testing

/// `SpeechSynthesis.speak` with the pinned voice, and its audio through every in-memory encoding, decoded back by
/// libsndfile.
@Suite struct SpeechSynthesisTests {
    /// One engine for the suite: the voice loads once.
    static let synthesis = SpeechSynthesis(modelsDirectory: Fixtures.models.path)
    static let voicePath = Fixtures.models.appendingPathComponent("piper-en_US-joe-medium/en_US-joe-medium.onnx").path
    static let sentence = "The kettle is boiling."

    static func requireVoice() throws {
        try #require(FileManager.default.fileExists(atPath: voicePath),
                     "\(voicePath) is missing: run scripts/setup.sh (make setup) to fetch the models")
    }

    static func speak(_ text: String = sentence, _ options: SpeechOptions = .default) async throws -> AudioBuffer {
        try await synthesis.speak(text, options: options).collect().audio
    }

    // MARK: lossless encodings

    @Test("WAV 16-bit and FLAC bytes decode to exactly the samples a SoundFileWriter file holds")
    func integerEncodingsMatchTheFileWriter() async throws {
        try Self.requireVoice()
        let audio = try await Self.speak()
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("say.wav").path
        let writer = try SoundFileWriter(path: path, format: audio.format, encoding: .wav16)
        try writer.writeFrames(audio)
        try writer.finishWriting()
        let fromFile = try SoundFileReader.readAll(path: path)
        for encoding in [AudioEncoding.wav16, .flac16] {
            let bytes = try AudioEncoder.encode(audio, as: encoding)
            let decoded = try SoundFileReader.readAll(data: bytes, name: "speech.\(encoding.fileExtension)")
            #expect(decoded.format == audio.format, "\(encoding)")
            #expect(decoded.samples == fromFile.samples, "\(encoding)")
            // Within half a 16-bit step of the synthesized floats.
            let worst = zip(decoded.samples, audio.samples).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 0.5 / 32_768 + 1e-9, "\(encoding): \(worst)")
        }
    }

    @Test func floatWAVIsExact() async throws {
        try Self.requireVoice()
        let audio = try await Self.speak()
        let decoded = try SoundFileReader.readAll(data: AudioEncoder.encode(audio, as: .wavFloat32), name: "speech.wav")
        #expect(decoded.format == audio.format)
        #expect(decoded.samples == audio.samples)
    }

    @Test("raw 16-bit PCM is the WAV file's data, streamed buffer by buffer")
    func rawPCMIsTheWAVData() async throws {
        try Self.requireVoice()
        let speech = try Self.synthesis.speak("One sentence. And another one.", options: .default)
        let encoder = try AudioEncoder(format: speech.format, encoding: .pcm16)
        var streamed = Data()
        var audio = AudioBuffer(format: speech.format, samples: [])
        for try await chunk in speech {
            let bytes = try encoder.append(chunk.audio)
            #expect(bytes.count == chunk.audio.samples.count * 2)
            streamed += bytes
            audio.append(chunk.audio)
        }
        streamed += try encoder.finish()
        let wav = try SoundFileReader.readAll(data: AudioEncoder.encode(audio, as: .wav16), name: "speech.wav")
        let pcm = streamed.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Float(Int16(littleEndian: $0)) / 32_768 }
        #expect(pcm == wav.samples)
    }

    @Test("streamed WAV: the header first with unknown sizes, then the PCM; libsndfile reads it as the whole WAV")
    func streamedWAVDecodesAsTheWAV() async throws {
        try Self.requireVoice()
        let speech = try Self.synthesis.speak("One sentence. And another one.", options: .default)
        let encoder = try AudioEncoder(format: speech.format, encoding: .wav16Streamed)
        var streamed = Data()
        var audio = AudioBuffer(format: speech.format, samples: [])
        var chunks = 0
        for try await chunk in speech {
            let bytes = try encoder.append(chunk.audio)
            #expect(bytes.count == chunk.audio.samples.count * 2 + (chunks == 0 ? StreamingWAVEncoder.headerByteCount : 0))
            streamed += bytes
            audio.append(chunk.audio)
            chunks += 1
        }
        #expect(try encoder.finish().isEmpty)
        #expect(chunks == 2)
        #expect(streamed.subdata(in: 40..<44) == Data([0xFF, 0xFF, 0xFF, 0xFF]))
        let decoded = try SoundFileReader.readAll(data: streamed, name: "speech.wav")
        let wav = try SoundFileReader.readAll(data: AudioEncoder.encode(audio, as: .wav16), name: "speech.wav")
        #expect(decoded.format == wav.format)
        #expect(decoded.samples == wav.samples)
        // No audio at all: the header alone, a WAV of no frames (which Myna's reader refuses as empty, not as junk).
        let empty = try AudioEncoder(format: speech.format, encoding: .wav16Streamed)
        let header = try empty.finish()
        #expect(header == streamed.prefix(StreamingWAVEncoder.headerByteCount))
        let error = try #require(throws: AudioIOError.self) { try SoundFileReader.readAll(data: header, name: "empty.wav") }
        #expect(error.code == .empty)
    }

    // MARK: lossy encodings

    @Test("Opus (at a rate it stores) and MP3 decode to the same length, correlated ≥ 0.95 after alignment")
    func lossyEncodingsCorrelate() async throws {
        try Self.requireVoice()
        for encoding in [AudioEncoding.oggOpus, .mp3] {
            var options = SpeechOptions.default
            options.sampleRate = encoding.supportedSampleRate(near: 22_050)
            let audio = try await Self.speak(Self.sentence, options)
            let bytes = try AudioEncoder.encode(audio, as: encoding)
            let decoded = try SoundFileReader.readAll(data: bytes, name: "speech.\(encoding.fileExtension)")
            #expect(decoded.format == audio.format, "\(encoding)")
            #expect(decoded.frameCount == audio.frameCount, "\(encoding): \(decoded.frameCount) frames decoded of \(audio.frameCount)")
            let (lag, correlation) = Self.alignedCorrelation(decoded.samples, audio.samples, maxLag: 1_200)
            #expect(correlation >= 0.95, "\(encoding): correlation \(correlation) at lag \(lag)")
        }
    }

    @Test("Opus refuses a rate it cannot store, naming the rates and asking to resample")
    func opusRefusesTheVoiceRate() throws {
        #expect(AudioEncoding.oggOpus.supportedSampleRate(near: 22_050) == 24_000)
        #expect(AudioEncoding.wav16.supportedSampleRate(near: 22_050) == 22_050)
        do {
            _ = try AudioEncoder(format: AudioFormat(sampleRate: 22_050, channelCount: 1), encoding: .oggOpus)
            Issue.record("Opus at 22050 Hz was accepted")
        } catch let error as AudioIOError {
            #expect(error.code == .invalidFormat)
            #expect("\(error)".contains("48000") && "\(error)".contains("resample"), "\(error)")
        }
    }

    // MARK: requests

    @Test("a second request for the voice, by another name, does not load it again")
    func voiceIsLoadedOnce() async throws {
        try Self.requireVoice()
        let synthesis = SpeechSynthesis(modelsDirectory: Fixtures.models.path)
        let first = try synthesis.speak("Hi.", options: SpeechOptions(voice: "joe"))
        let second = try synthesis.speak("Hi.", options: SpeechOptions(voice: Self.voicePath))
        #expect(first.voice === second.voice)
        #expect(synthesis.voiceLoadCount == 1)
        _ = try await first.collect()
        _ = try await second.collect()
        #expect(synthesis.voiceLoadCount == 1)
    }

    @Test("speed 2 gives about half the samples; a seed gives the same audio; a rate resamples")
    func perRequestOptions() async throws {
        try Self.requireVoice()
        // Durations without their noise. Each phoneme's frames are rounded up (VITS `ceil(exp(logw) · length_scale)`),
        // which adds relatively more at half the length: "about half" is 0.45–0.65 here (0.61 measured).
        let text = "Speaking at twice the rate takes about half the time, whatever the sentence says."
        let steady = try await Self.speak(text, SpeechOptions(noiseW: 0))
        let fast = try await Self.speak(text, SpeechOptions(speed: 2, noiseW: 0))
        let ratio = Double(fast.frameCount) / Double(steady.frameCount)
        #expect(ratio > 0.45 && ratio < 0.65, "speed 2: \(fast.frameCount) of \(steady.frameCount) samples")

        let normal = try await Self.speak()

        let again = try await Self.speak()
        #expect(again.samples == normal.samples)
        let otherSeed = try await Self.speak(Self.sentence, SpeechOptions(seed: 7))
        #expect(otherSeed.samples != normal.samples)

        let resampled = try await Self.speak(Self.sentence, SpeechOptions(sampleRate: 16_000))
        #expect(resampled.format == AudioFormat(sampleRate: 16_000, channelCount: 1))
        let expected = (Double(normal.frameCount) * 16_000 / 22_050).rounded()
        #expect(abs(Double(resampled.frameCount) - expected) <= 1, "\(resampled.frameCount) vs \(expected)")
    }

    @Test("options are validated once, in the library, naming the field as the option is spelt")
    func validation() throws {
        for (options, field) in [(SpeechOptions(speed: 20), "speed"), (SpeechOptions(noiseScale: -1), "noise-scale"),
                                 (SpeechOptions(noiseW: .nan), "noise-w"), (SpeechOptions(sentenceSilence: 61), "sentence-silence"),
                                 (SpeechOptions(sampleRate: 100), "rate")] {
            #expect(throws: ConfigurationError.self) { try options.validate() }
            do { _ = try Self.synthesis.speak("x", options: options); Issue.record("\(field) accepted") } catch let error as ConfigurationError {
                #expect(error.field == field, "\(error)")
            }
        }
        try SpeechOptions.default.validate()
    }

    /// The lag of `actual` behind `expected` (within ±maxLag) that correlates best over a window in the middle, and the
    /// correlation of the whole overlap at that lag.
    static func alignedCorrelation(_ actual: [Float], _ expected: [Float], maxLag: Int) -> (lag: Int, correlation: Double) {
        let count = min(actual.count, expected.count)
        let window = min(8_000, count - 2 * maxLag), start = (count - window) / 2
        var best = (lag: 0, score: -Double.infinity)
        for lag in -maxLag...maxLag {
            var dot = 0.0
            for i in start..<(start + window) { dot += Double(actual[i + lag]) * Double(expected[i]) }
            if dot > best.score { best = (lag, dot) }
        }
        let lag = best.lag
        let from = max(0, -lag), to = min(expected.count, actual.count - lag)
        let comparison = WaveformComparison(Array(actual[(from + lag)..<(to + lag)]), Array(expected[from..<to]))
        return (lag, comparison.correlation)
    }
}
