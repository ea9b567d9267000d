import Foundation
import Testing
import MynaCore
import MynaTensor
@testable import MynaNN
import MynaTestSupport

@Suite("Weights: strict loading and weight-map rules")
struct WeightsLoaderTests {
    typealias Requirement = WeightManifest.Requirement

    static let archive = InMemoryWeightArchive(location: "toy.bin", tensors: [
        ("encoder.weight", [2, 3], [1, 2, 3, 4, 5, 6]),
        ("encoder.bias", [2], [0.5, -0.5]),
        ("optimizer.momentum", [2], [9, 9]),
        ("step_scale", [], [1]),
    ])

    static let manifest = WeightManifest(
        requirements: [Requirement("encoder.weight", shape: [2, 3]), Requirement("encoder.bias", shape: [2])],
        map: WeightMap(ignoredNames: ["step_scale"], ignoredPrefixes: ["optimizer."]))

    @Test("a complete manifest loads tensors with their shapes; ignored names and prefixes may stay unused")
    func loadsDeclaredTensors() throws {
        let weights = try WeightLoader.load(Self.manifest, from: Self.archive)
        #expect(weights.names == ["encoder.bias", "encoder.weight"])
        #expect(weights["encoder.weight"].shape == [2, 3])
        #expect(weights["encoder.weight"].values == [1, 2, 3, 4, 5, 6])
        #expect(weights.location == "toy.bin")
        #expect(WeightLoader.problems(Self.manifest, against: Self.archive).isEmpty)
    }

    @Test("a missing tensor names the key and the expected shape")
    func missingTensor() throws {
        var manifest = Self.manifest
        manifest.requirements.append(Requirement("decoder.weight", shape: [4, 4]))
        let error = expectWeightError(.missing, mentions: ["toy.bin: decoder.weight", "[4, 4]", "does not have it"]) {
            _ = try WeightLoader.load(manifest, from: Self.archive)
        }
        #expect(error?.key == "decoder.weight")
        #expect(error?.expectedShape == [4, 4])
    }

    @Test("an unused tensor names the key and its shape")
    func unusedTensor() throws {
        var manifest = Self.manifest
        manifest.map.ignoredPrefixes = []
        let error = expectWeightError(.unused, mentions: ["optimizer.momentum", "[2]", "neither used nor ignored"]) {
            _ = try WeightLoader.load(manifest, from: Self.archive)
        }
        #expect(error?.actualShape == [2])
    }

    @Test("a mis-shaped tensor names the key and both shapes")
    func shapeMismatch() throws {
        let manifest = WeightManifest(requirements: [Requirement("encoder.weight", shape: [3, 2]), Requirement("encoder.bias", shape: [2])],
                                      map: Self.manifest.map)
        let error = expectWeightError(.shapeMismatch, mentions: ["encoder.weight", "shape [2, 3] in the file", "expects [3, 2]"]) {
            _ = try WeightLoader.load(manifest, from: Self.archive)
        }
        #expect(error?.expectedShape == [3, 2])
        #expect(error?.actualShape == [2, 3])
    }

    @Test("several problems: the first is reported with a count of the others")
    func severalProblems() throws {
        let manifest = WeightManifest(requirements: [Requirement("a", shape: [1]), Requirement("encoder.bias", shape: [3])])
        expectWeightError(.missing, mentions: ["a", "and 4 more problems", "encoder.bias"]) {
            _ = try WeightLoader.load(manifest, from: Self.archive)
        }
        #expect(WeightLoader.problems(manifest, against: Self.archive).map(\.code) ==
                [.missing, .shapeMismatch, .unused, .unused, .unused])
    }

    @Test("alias and tie rules: the model's name reads the stored tensor; sources count as used")
    func aliasAndTie() throws {
        let archive = InMemoryWeightArchive(tensors: [("onnx::Conv_8168", [2, 1], [3, 4]), ("embeddings", [2, 2], [1, 2, 3, 4])])
        let manifest = WeightManifest(
            requirements: [Requirement("flow.conv.weight", shape: [2, 1]), Requirement("embeddings", shape: [2, 2]),
                           Requirement("projection", shape: [2, 2])],
            map: WeightMap(rules: [.alias("flow.conv.weight", to: "onnx::Conv_8168"), .tie("projection", to: "embeddings")]))
        let weights = try WeightLoader.load(manifest, from: archive)
        #expect(weights["flow.conv.weight"].values == [3, 4])
        #expect(weights["projection"].values == weights["embeddings"].values)
        // Without the alias the stored name is unused and the model's name is missing.
        let plain = WeightManifest(requirements: [Requirement("flow.conv.weight", shape: [2, 1])])
        #expect(WeightLoader.problems(plain, against: archive).map(\.code) == [.missing, .unused, .unused])
    }

    @Test("weight-norm folding g·v/‖v‖ and sums match numpy, and check their operands' shapes")
    func weightNormAndSum() throws {
        let rules = try #require(try WeightsGolden.json("weights_misc.json")["rules"] as? [String: Any])
        let synthetic = try #require(rules["synthetic"] as? [String: Any])
        func tensor(_ key: String) throws -> (shape: [Int], values: [Float]) {
            let object = try #require(synthetic[key] as? [String: Any])
            return (goldenInts(object["shape"]), goldenDoubles(object["values"]).map { Float($0) })
        }
        let g = try tensor("g"), v = try tensor("v"), a = try tensor("a"), b = try tensor("b")
        let archive = InMemoryWeightArchive(tensors: [("conv.weight_g", g.shape, g.values), ("conv.weight_v", v.shape, v.values),
                                                      ("bias_ih", a.shape, a.values), ("bias_hh", b.shape, b.values)])
        let manifest = WeightManifest(
            requirements: [Requirement("conv.weight", shape: v.shape), Requirement("bias", shape: a.shape)],
            map: WeightMap(rules: [.weightNorm(prefix: "conv."), .sum("bias", "bias_ih", "bias_hh")]))
        let weights = try WeightLoader.load(manifest, from: archive)
        // numpy folds in float64 and rounds once; Myna accumulates the norm in Double and rounds twice.
        assertClose(weights["conv.weight"].values, goldenDoubles(synthetic["weightNorm"]).map { Float($0) }, atol: 0, rtol: 3e-7)
        // float32 addition is exact to compare.
        #expect(weights["bias"].values == goldenDoubles(synthetic["sum"]).map { Float($0) })

        // g with the wrong number of channels, and summands of different shapes.
        let bad = InMemoryWeightArchive(tensors: [("conv.weight_g", [2, 1, 1], [1, 1]), ("conv.weight_v", v.shape, v.values),
                                                  ("bias_ih", [2, 5], a.values), ("bias_hh", [10], b.values)])
        expectWeightError(.shapeMismatch, mentions: ["conv.weight_g", "shape [2, 1, 1] in the file", "expects [3, 1, 1]"]) {
            _ = try WeightLoader.load(WeightManifest(requirements: [Requirement("conv.weight", shape: v.shape)],
                                                     map: WeightMap(rules: [.weightNorm(prefix: "conv.")], ignoredPrefixes: ["bias"])), from: bad)
        }
        expectWeightError(.shapeMismatch, mentions: ["bias_hh", "shape [10]", "bias = bias_ih + bias_hh expects [2, 5]"]) {
            _ = try WeightLoader.load(WeightManifest(requirements: [Requirement("bias", shape: [2, 5])],
                                                     map: WeightMap(rules: [.sum("bias", "bias_ih", "bias_hh")], ignoredPrefixes: ["conv"])), from: bad)
        }
        // A rule whose source is missing names the source and the rule.
        expectWeightError(.missing, mentions: ["conv.weight_v", "weightNorm(conv.weight_g, conv.weight_v)"]) {
            let onlyG = InMemoryWeightArchive(tensors: [("conv.weight_g", g.shape, g.values)])
            _ = try WeightLoader.load(WeightManifest(requirements: [Requirement("conv.weight", shape: v.shape)],
                                                     map: WeightMap(rules: [.weightNorm(prefix: "conv.")])), from: onlyG)
        }
        // The rule's result must have the declared shape.
        expectWeightError(.shapeMismatch, mentions: ["conv.weight (weightNorm", "expects [3, 8]"]) {
            _ = try WeightLoader.load(WeightManifest(requirements: [Requirement("conv.weight", shape: [3, 8])],
                                                     map: WeightMap(rules: [.weightNorm(prefix: "conv.")], ignoredPrefixes: ["bias"])), from: archive)
        }
    }

    @Test("GE2E: the speaker encoder's manifest loads strictly, with LSTM bias sums, ignoring optimizer state")
    func ge2eManifest() throws {
        let reader = try PyTorchCheckpointReader(path: try WeightsGolden.model("resemblyzer-ge2e/pretrained.pt"))
        var requirements: [Requirement] = []
        var rules: [WeightRule] = []
        for layer in 0..<3 {
            let p = "model_state.lstm."
            requirements += [Requirement("\(p)weight_ih_l\(layer)", shape: [1024, layer == 0 ? 40 : 256]),
                             Requirement("\(p)weight_hh_l\(layer)", shape: [1024, 256]),
                             Requirement("lstm.bias_l\(layer)", shape: [1024])]
            rules.append(.sum("lstm.bias_l\(layer)", "\(p)bias_ih_l\(layer)", "\(p)bias_hh_l\(layer)"))
        }
        requirements += [Requirement("model_state.linear.weight", shape: [256, 256]), Requirement("model_state.linear.bias", shape: [256]),
                         Requirement("model_state.similarity_weight", shape: [1]), Requirement("model_state.similarity_bias", shape: [1])]
        let manifest = WeightManifest(requirements: requirements, map: WeightMap(rules: rules, ignoredPrefixes: ["optimizer_state."]))
        let weights = try WeightLoader.load(manifest, from: reader)
        let real = try #require(try WeightsGolden.json("weights_misc.json")["rules"] as? [String: Any])["real"] as? [String: Any]
        for layer in 0..<3 {
            let row = try GoldenTensorRow(try #require(real?["lstm.bias_l\(layer)"]))
            let values = weights[row.name].values
            #expect(GoldenTensorRow.sampleIndices(count: values.count).map { Int(values[$0].bitPattern) } == row.samples)
            assertClose(Double(values.reduce(0) { $0 + Double($1) }), try #require(row.sum), atol: 1e-9 * (row.absSum ?? 0))
        }
        // Without ignoring the optimizer state, strict loading names one of its tensors.
        var strict = manifest
        strict.map.ignoredPrefixes = []
        expectWeightError(.unused, mentions: ["optimizer_state.state."]) { _ = try WeightLoader.load(strict, from: reader) }
    }

    @Test("HiFi-GAN: every weight-norm pair folds; folded tensors match numpy")
    func hifiganWeightNorm() throws {
        let reader = try PyTorchCheckpointReader(path: try WeightsGolden.model("hifigan-v1/generator_universal.pth.tar"))
        var requirements: [Requirement] = []
        var rules: [WeightRule] = []
        for name in reader.names {
            if name.hasSuffix(".weight_v") {
                let prefix = String(name.dropLast("weight_v".count))
                requirements.append(Requirement(prefix + "weight", shape: try reader.entry(named: name).shape))
                rules.append(.weightNorm(prefix: prefix))
            } else if !name.hasSuffix(".weight_g") {
                requirements.append(Requirement(name, shape: try reader.entry(named: name).shape))
            }
        }
        let weights = try WeightLoader.load(WeightManifest(requirements: requirements, map: WeightMap(rules: rules)), from: reader)
        #expect(rules.count == reader.names.filter { $0.hasSuffix(".weight_g") }.count)
        #expect(weights.names.count == reader.names.count - rules.count)
        let real = try #require(try WeightsGolden.json("weights_misc.json")["rules"] as? [String: Any])["real"] as? [String: Any] ?? [:]
        for (name, any) in real where name.hasPrefix("generator.") {
            let row = try GoldenTensorRow(any)
            let tensor = weights[name]
            #expect(tensor.shape == row.shape)
            let values = tensor.values
            let samples = GoldenTensorRow.sampleIndices(count: values.count).map { values[$0] }
            assertClose(samples, row.samples.map { Float(bitPattern: UInt32($0)) }, atol: 0, rtol: 3e-7, "\(name) samples")
            let sum = values.reduce(0) { $0 + Double($1) }
            assertClose(sum, try #require(row.sum), atol: 1e-6 * (row.absSum ?? 0), "\(name) sum")
        }
    }
}
