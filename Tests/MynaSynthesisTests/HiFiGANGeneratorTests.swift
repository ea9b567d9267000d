import Foundation
import Testing
@testable import MynaSynthesis
import MynaCore
import MynaNN
import MynaTensor
import MynaTestSupport

@Suite("HiFi-GAN generator against PyTorch (tiny random configurations)")
struct HiFiGANGeneratorTests {
    static let cases = ["tiny_resblock1", "tiny_resblock2_cond", "tiny_single_kernel"]

    /// The whole forward pass, through the weight-norm rules of a PyTorch state dict.
    @Test(arguments: cases) func waveform(caseName: String) throws {
        let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
        let generator = try HiFiGANGenerator(configuration: configuration, checkpoint: try HiFiGANFixtures.stateDict(caseName))
        let conditioning = hifiganGoldens.index.cases[caseName]?.tensors["conditioning"] != nil
            ? try hifiganGoldens.tensor(caseName, "conditioning").values : nil
        let output = generator.waveform(features: try HiFiGANFixtures.features(caseName), conditioning: conditioning)
        let expected = try hifiganGoldens.tensor(caseName, "output").values
        let frames = try hifiganGoldens.int(caseName, "frames")
        #expect(output.count == frames * configuration.hopLength)
        // Float32 throughout on both sides; a few hundred products per output through 2–3 stages.
        assertClose(output, expected, atol: 2e-6, rtol: 1e-5, "\(caseName)")
    }

    /// Each convolution layer type on its own: conv_pre, each ups and each residual block, on PyTorch's inputs.
    @Test(arguments: cases) func layers(caseName: String) throws {
        let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
        let generator = try HiFiGANGenerator(configuration: configuration, checkpoint: try HiFiGANFixtures.stateDict(caseName))
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: 1 << 16)
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: 1 << 16)
        defer { columns.deallocate(); padded.deallocate() }
        let scratch = HiFiGANScratch(columns: columns, columnCapacity: 1 << 16, padded: padded, paddedCapacity: 1 << 16)
        func golden(_ name: String) throws -> Tensor { try hifiganGoldens.tensor(caseName, name) }

        let preIn = try golden("in:conv_pre"), preOut = try golden("out:conv_pre")
        var y = [Float](repeating: .nan, count: preOut.count)
        preIn.withUnsafeBufferPointer { x in
            generator.preConvolution.apply(x.baseAddress!, length: preIn.shape[1], slope: nil, into: &y,
                                           accumulate: false, columns: columns, columnCapacity: 1 << 16)
        }
        assertClose(y, preOut.values, atol: 1e-5, rtol: 1e-5, "conv_pre")

        for stage in 0..<configuration.stageCount {
            // Myna folds the previous stage's 1 / kernels into ups weights after stage 0; PyTorch's ups input is the
            // averaged (and not yet activated) stage output.
            let upsIn = try golden("in:ups.\(stage)"), upsOut = try golden("out:ups.\(stage)")
            // The hook sees the input after F.leaky_relu.
            let x = stage > 0 ? upsIn * Float(configuration.kernelCount) : upsIn
            assertClose(generator.upsamplers[stage](x).values, upsOut.values, atol: 1e-5, rtol: 1e-5, "ups.\(stage)")
        }

        for (index, block) in generator.blocks.enumerated() {
            let blockIn = try golden("in:resblocks.\(index)"), blockOut = try golden("out:resblocks.\(index)")
            var state = blockIn.values
            var temporary = [Float](repeating: 0, count: state.count)
            block.apply(&state, length: blockIn.shape[1], temporary: &temporary, scratch: scratch)
            assertClose(state, blockOut.values, atol: 1e-5, rtol: 1e-5, "resblocks.\(index)")
            // Both convolution paths, whichever the block's width selects.
            for conv in block.first {
                let length = blockIn.shape[1]
                var viaColumns = [Float](repeating: 0, count: conv.outputChannels * length), viaShifts = viaColumns
                blockIn.withUnsafeBufferPointer { x in
                    conv.apply(x.baseAddress!, length: length, slope: 0.1, into: &viaColumns, accumulate: false,
                               columns: columns, columnCapacity: 1 << 16)
                    conv.applyShifted(x.baseAddress!, length: length, slope: 0.1, into: &viaShifts, accumulate: false,
                                      padded: padded)
                }
                assertClose(viaShifts, viaColumns, atol: 1e-5, rtol: 1e-5, "resblocks.\(index): im2col vs shifted GEMMs")
            }
        }
    }

    /// Narrow im2col tiles (a tiny scratch) give the same waveform as one tile.
    @Test func tilingDoesNotChangeTheResult() throws {
        let caseName = "tiny_resblock1"
        let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
        let generator = try HiFiGANGenerator(configuration: configuration, checkpoint: try HiFiGANFixtures.stateDict(caseName))
        let features = try HiFiGANFixtures.features(caseName)
        let wide = generator.waveform(features: features)
        let narrow = generator.waveform(features: features, session: HiFiGANSession(columnCapacity: 16 * 8 * 7 + 16 * 17))
        assertClose(narrow, wide, atol: 1e-6, rtol: 1e-6)
    }

    /// The receptive field: an input change at frame t leaves outputs beyond contextFrames untouched.
    @Test func contextFramesBoundTheReceptiveField() throws {
        for caseName in Self.cases {
            let configuration = try #require(HiFiGANFixtures.tinyConfigurations[caseName])
            let generator = try HiFiGANGenerator(configuration: configuration, checkpoint: try HiFiGANFixtures.stateDict(caseName))
            let frames = 4 * generator.contextFrames + 8, changed = frames / 2
            var values = (0..<(configuration.inputChannels * frames)).map { Float(sin(Double($0) * 0.37)) }
            let g = configuration.conditioningChannels > 0 ? [Float](repeating: 0.5, count: configuration.conditioningChannels) : nil
            let before = generator.waveform(features: FeatureMatrix(featureCount: configuration.inputChannels,
                                                                   frameCount: frames, values: values), conditioning: g)
            for c in 0..<configuration.inputChannels { values[c * frames + changed] += 3 }
            let after = generator.waveform(features: FeatureMatrix(featureCount: configuration.inputChannels,
                                                                  frameCount: frames, values: values), conditioning: g)
            let hop = configuration.hopLength
            let differing = before.indices.filter { before[$0] != after[$0] }
            let first = try #require(differing.first), last = try #require(differing.last)
            #expect(first >= (changed - generator.contextFrames) * hop, "\(caseName): sample \(first) changed")
            #expect(last < (changed + 1 + generator.contextFrames) * hop, "\(caseName): sample \(last) changed")
        }
    }
}

@Suite("HiFi-GAN strict loading")
struct HiFiGANLoadingTests {
    let caseName = "tiny_resblock1"
    var configuration: HiFiGANConfiguration { HiFiGANFixtures.tinyConfigurations[caseName]! }

    @Test func missingTensorIsNamed() throws {
        let archive = try HiFiGANFixtures.stateDict(caseName, dropping: ["generator.resblocks.4.convs2.1.bias"])
        let error = try #require(throws: WeightLoadingError.self) {
            _ = try HiFiGANGenerator(configuration: configuration, checkpoint: archive)
        }
        #expect(error.code == .missing)
        #expect(error.key == "generator.resblocks.4.convs2.1.bias")
    }

    @Test func missingWeightNormHalfIsNamed() throws {
        let archive = try HiFiGANFixtures.stateDict(caseName, dropping: ["generator.ups.1.weight_g"])
        let error = try #require(throws: WeightLoadingError.self) {
            _ = try HiFiGANGenerator(configuration: configuration, checkpoint: archive)
        }
        #expect(error.code == .missing)
        #expect(error.key == "generator.ups.1.weight_g")
        #expect(error.description.contains("weightNorm"))
    }

    @Test func misshapenTensorIsNamedWithBothShapes() throws {
        // A checkpoint of another architecture: conv_pre trained for 7 input channels instead of 6.
        var other = configuration
        other.inputChannels = 7
        let error = try #require(throws: WeightLoadingError.self) {
            _ = try HiFiGANGenerator(configuration: other, checkpoint: try HiFiGANFixtures.stateDict(caseName))
        }
        #expect(error.code == .shapeMismatch)
        #expect(error.description.contains("generator.conv_pre.weight"))
        #expect(error.description.contains("[16, 6, 7]") && error.description.contains("[16, 7, 7]"))
    }

    @Test func unusedTensorIsNamed() throws {
        // A state dict with a tensor the generator has no module for (a fourth convs1 in a block): nothing is
        // dropped silently.
        let archive = try HiFiGANFixtures.stateDict(caseName)
        var tensors = try archive.names.map { (name: $0, shape: try archive.entry(named: $0).shape, values: try archive.floats(named: $0)) }
        tensors.append((name: "generator.resblocks.0.convs1.3.bias", shape: [8], values: [Float](repeating: 0, count: 8)))
        let error = try #require(throws: WeightLoadingError.self) {
            _ = try HiFiGANGenerator(configuration: configuration,
                                     checkpoint: InMemoryWeightArchive(location: "extra.pth", tensors: tensors))
        }
        #expect(error.code == .unused)
        #expect(error.key == "generator.resblocks.0.convs1.3.bias")
    }

    @Test func foldedWeightsLoadWithoutRules() throws {
        // A state dict saved after remove_weight_norm: plain `weight` tensors, read as they are.
        let archive = try HiFiGANFixtures.stateDict(caseName)
        let manifest = HiFiGANWeightMap.pytorchManifest(for: configuration, archive: archive)
        let folded = try WeightLoader.load(manifest, from: archive)
        let plain = InMemoryWeightArchive(location: "folded.pth", tensors: folded.names.map { name in
            let tensor = folded[name]
            return (name, tensor.shape, tensor.values)
        })
        let a = try HiFiGANGenerator(configuration: configuration, checkpoint: archive)
        let b = try HiFiGANGenerator(configuration: configuration, checkpoint: plain)
        let features = try HiFiGANFixtures.features(caseName)
        #expect(a.waveform(features: features) == b.waveform(features: features))
    }

    @Test func configurationDecodesCheckpointKeysAndRejectsBadValues() throws {
        let json = #"{"resblock": "1", "upsample_rates": [8,8,2,2], "upsample_kernel_sizes": [16,16,4,4],"#
            + #" "upsample_initial_channel": 512, "resblock_kernel_sizes": [3,7,11],"#
            + #" "resblock_dilation_sizes": [[1,3,5],[1,3,5],[1,3,5]], "num_mels": 80, "segment_size": 8192}"#
        let decoded = try JSONDecoder().decode(HiFiGANConfiguration.self, from: Data(json.utf8))
        #expect(decoded == .v1)
        #expect(decoded.hopLength == 256)
        var bad = HiFiGANConfiguration.v1
        bad.upsampleKernelSizes = [16, 16, 4, 5]
        #expect(throws: ConfigurationError.self) { try bad.validate() }
        bad = .v1
        bad.residualBlockDilationSizes = [[1, 3], [1, 3], [1, 3]]
        let error = try #require(throws: ConfigurationError.self) { try bad.validate() }
        #expect(error.field == "resblock_dilation_sizes")
    }
}
