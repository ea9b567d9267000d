import Foundation
import Testing
import MynaCore
import MynaNN
import MynaSynthesis
import MynaTestSupport

@Suite("Chunked vocoding")
struct ChunkedVocoderTests {
    /// Feeds `features` in irregular pieces and collects the output.
    static func chunked(_ vocoder: any Vocoder, _ features: FeatureMatrix, options: ChunkedVocoder.Options,
                        pieces: [Int] = [1, 7, 30, 3, 64]) throws -> [Float] {
        let stream = try ChunkedVocoder(vocoder: vocoder, options: options)
        var output: [Float] = []
        var start = 0, index = 0
        while start < features.frameCount {
            let n = min(pieces[index % pieces.count], features.frameCount - start)
            var values: [Float] = []
            for f in 0..<features.featureCount {
                values += features.values[(f * features.frameCount + start)..<(f * features.frameCount + start + n)]
            }
            output += try stream.append(FeatureMatrix(featureCount: features.featureCount, frameCount: n, values: values))
            start += n
            index += 1
        }
        return output + (try stream.finish())
    }

    @Test func tinyGeneratorChunksEqualTheWhole() throws {
        let caseName = "tiny_resblock2_cond"
        let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
        let generator = try HiFiGANGenerator(configuration: configuration, checkpoint: try HiFiGANFixtures.stateDict(caseName))
        let vocoder = try HiFiGANVocoder(generator: generator, sampleRate: 16000, mel: nil,
                                         conditioning: try hifiganGoldens.tensor(caseName, "conditioning").values)
        let frames = 300
        let features = FeatureMatrix(featureCount: configuration.inputChannels, frameCount: frames,
                                     values: (0..<(configuration.inputChannels * frames)).map { Float(sin(Double($0) * 0.173)) })
        let whole = try vocoder.waveform(from: features)
        for chunk in [1, 17, 64, 1000] {
            let pieces = try Self.chunked(vocoder, features, options: ChunkedVocoder.Options(chunkFrames: chunk))
            #expect(pieces.count == whole.count)
            assertClose(pieces, whole, atol: 1e-6, "chunks of \(chunk) frames")
        }
    }

    /// The real V1 generator: chunks of 24 frames with 16 frames of context against the whole 98-frame clip.
    @Test func universalChunksEqualTheWhole() throws {
        guard let url = HiFiGANFixtures.checkpoint("generator_universal.pth.tar") else { return }
        let vocoder = try HiFiGANVocoder(checkpoint: url, configuration: url.deletingLastPathComponent().appendingPathComponent("config.json"))
        #expect(vocoder.input.contextFrames == 16)
        let features = try HiFiGANFixtures.features("universal_middle")
        let whole = try vocoder.waveform(from: features)
        let pieces = try Self.chunked(vocoder, features, options: ChunkedVocoder.Options(chunkFrames: 24))
        let comparison = WaveformComparison(pieces, whole)
        print("hifigan chunked (24-frame chunks) vs whole:", comparison)
        #expect(comparison.maxAbsoluteError <= 1e-5)
    }

    @Test func griffinLimChunksAreCrossFaded() throws {
        let vocoder = try GriffinLimVocoder(mel: MelParameters(.v1))
        let features = try HiFiGANFixtures.features("universal_middle")
        let pieces = try Self.chunked(vocoder, features, options: ChunkedVocoder.Options(chunkFrames: 40, crossfadeFrames: 16))
        #expect(pieces.count == features.frameCount * 256)
        #expect(pieces.allSatisfy { $0.isFinite && abs($0) < 2 })
        #expect(throws: ConfigurationError.self) {
            _ = try ChunkedVocoder(vocoder: vocoder, options: ChunkedVocoder.Options(chunkFrames: 40, crossfadeFrames: 33))
        }
    }
}
