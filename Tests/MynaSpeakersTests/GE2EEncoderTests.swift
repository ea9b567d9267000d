import Foundation
import MynaCore
import MynaNN
import MynaSpeakers
import MynaTensor
import MynaTestSupport
import Testing

/// Embeddings against the real Resemblyzer 0.1.4 (`embed_utterance` after `normalize_volume`, no trimming) on real
/// clips: scripts/goldens/ge2e_goldens.py.
@Suite struct GE2EEncoderTests {
    static let golden = GoldenTensorFile(named: "ge2e_goldens", in: .module)

    static var clipCases: [String] { golden.caseNames(prefix: "clip_") }

    @Test(arguments: clipCases)
    func embeddingEqualsResemblyzer(_ name: String) throws {
        let clip = try #require(try GoldenExtras(named: "ge2e_goldens").clips?[name])
        let encoder = try SpeakerTestModels.encoder()
        let samples = try SpeakerTestModels.samples(clip)
        #expect(samples.count == (try Self.golden.int(name, "samples")))
        let result = try encoder.embedUtterance(samples, options: SpeakerTestModels.referenceOptions)

        #expect(result.slices.melStarts == (try Self.golden.ints(name, "mel_starts")))
        #expect(abs(result.gain - (try Self.golden.double(name, "gain"))) < 1e-5, "volume gain")
        let expected = try Self.golden.tensor(name, "embedding").values
        let similarity = cosine(result.embedding.values, expected)
        let error = maxAbsoluteError(result.embedding.values, expected)!.error
        print("ge2e \(clip): cosine \(similarity), max abs error \(error)")
        #expect(similarity >= 0.9999, "cosine with Resemblyzer")
        // Observed: at most 1.5e-7 (float32 LSTM over 160 steps, another summation order); the goal is 1e-4.
        assertClose(result.embedding.values, expected, atol: 1e-5, "utterance embedding of \(clip)")

        let partials = try Self.golden.tensor(name, "partials")
        #expect(partials.shape == [result.partialEmbeddings.count, 256])
        assertClose(result.partialEmbeddings.flatMap(\.values), partials.values, atol: 1e-5, "partial embeddings")
    }

    /// Batching partials through the LSTM gives the same embeddings as one partial at a time.
    @Test func batchSizeDoesNotChangeTheEmbedding() throws {
        let encoder = try SpeakerTestModels.encoder()
        let samples = try SpeakerTestModels.samples("speaker/dev/spk-rz-2609-156975-0006.flac")
        var one = SpeakerTestModels.referenceOptions
        one.batchSize = 1
        var five = one
        five.batchSize = 5
        let a = try encoder.embedUtterance(samples, options: one), b = try encoder.embedUtterance(samples, options: five)
        #expect(a.partialEmbeddings.count == 13)
        assertClose(a.embedding.values, b.embedding.values, atol: 1e-6)
    }

    /// Pooling the partials of several utterances into shared batches gives each utterance its own embedding.
    @Test func pooledUtterancesEqualSeparateOnes() throws {
        let encoder = try SpeakerTestModels.encoder()
        let options = SpeakerTestModels.referenceOptions
        let clips = try ["speaker/dev/spk-sb-spk1_snt1.flac", "speaker/dev/spk-fsdd-0_george_0.flac",
                         "speaker/dev/spk-coqui-LJ001-0004.flac"].map(SpeakerTestModels.samples)
        let pooled = encoder.embed(try clips.map { try encoder.prepare($0, options: options) }, batchSize: 4)
        #expect(pooled.map(\.partialEmbeddings.count) == [3, 1, 6])
        for (clip, utterance) in zip(clips, pooled) {
            let alone = try encoder.embedUtterance(clip, options: options)
            assertClose(utterance.embedding.values, alone.embedding.values, atol: 1e-6)
        }
    }

    @Test func configurationIsReadFromTheCheckpoint() throws {
        let network = try SpeakerTestModels.network.get()
        #expect(network.configuration == GE2EConfiguration(melCount: 40, hiddenSize: 256, layerCount: 3, embeddingSize: 256))
        // GE2E's similarity scale and offset, trained from 10 and −5.
        #expect(network.similarityWeight > 1 && network.similarityBias < 0)
    }

    /// Strict loading: an unexpected tensor, a missing one, a mis-shaped one each fail naming the key.
    @Test func strictLoadingNamesTheTensor() throws {
        let archive = try PyTorchCheckpointReader(path: SpeakerTestModels.checkpointPath)
        var tensors: [String: Tensor] = [:]
        for name in archive.names where name.hasPrefix("model_state.") { tensors[name] = try archive.tensor(named: name) }
        func archiveOf(_ tensors: [String: Tensor], _ location: String) -> InMemoryWeightArchive {
            InMemoryWeightArchive(location: location, tensors: tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value.shape, $0.value.values) })
        }
        _ = try GE2ENetwork(archive: archiveOf(tensors, "ok.pt"))

        var extra = tensors
        extra["model_state.projection.weight"] = Tensor(shape: [2, 2])
        #expect { try GE2ENetwork(archive: archiveOf(extra, "extra.pt")) } throws: {
            ($0 as? WeightLoadingError)?.code == .unused && "\($0)".contains("model_state.projection.weight")
        }
        var missing = tensors
        missing["model_state.lstm.bias_hh_l1"] = nil
        #expect { try GE2ENetwork(archive: archiveOf(missing, "missing.pt")) } throws: {
            ($0 as? WeightLoadingError)?.code == .missing && "\($0)".contains("model_state.lstm.bias_hh_l1")
        }
        var misshaped = tensors
        misshaped["model_state.linear.bias"] = Tensor(shape: [255])
        #expect { try GE2ENetwork(archive: archiveOf(misshaped, "shape.pt")) } throws: {
            ($0 as? WeightLoadingError)?.code == .shapeMismatch && "\($0)".contains("model_state.linear.bias")
        }
    }

    @Test func refusesSilenceAndTooLittleSpeech() throws {
        let encoder = try SpeakerTestModels.encoder()
        #expect { try encoder.embedUtterance([Float](repeating: 0, count: 48_000)) } throws: {
            ($0 as? SpeakerInputError)?.code == .silence
        }
        // −80 dBFS noise: quieter than the −70 dBFS floor.
        var generator = SystemRandomNumberGenerator()
        let hiss = (0..<48_000).map { _ in Float.random(in: -1...1, using: &generator) * 1.7e-4 }
        #expect { try encoder.embedUtterance(hiss) } throws: { ($0 as? SpeakerInputError)?.code == .silence }
        let short = try SpeakerTestModels.samples("speaker/dev/spk-fsdd-0_george_0.flac")
        #expect { try encoder.embedUtterance(short) } throws: { error in
            guard let error = error as? SpeakerInputError else { return false }
            return error.code == .tooLittleSpeech && error.message.contains("0.30 s") && error.message.contains("longer")
        }
        #expect { try encoder.embedUtterance([0.1, .nan, 0.2]) } throws: { ($0 as? SpeakerInputError)?.code == .invalidSamples }
    }
}
