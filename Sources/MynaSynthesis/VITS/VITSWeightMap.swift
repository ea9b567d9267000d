import MynaNN

/// The tensors of a Piper VITS voice's acoustic model (text encoder `enc_p`, duration predictor `dp`, flow `flow`)
/// with their shapes, and how they map onto the ONNX initializers. The decoder's `dec.*` tensors belong to the
/// HiFi-GAN generator's own manifest (`HiFiGANVocoder`); the exporter's shape constants are ignored.
enum VITSWeightMap {
    /// Stored name of ElementwiseAffine's `exp(−logs)`, which the exporter folded into a constant.
    static let affineScaleName = "/dp/flows.0/Exp_output_0"
    /// The model's name for it.
    static let affineScale = "dp.flows.0.exp_neg_logs"

    static func manifest(for c: VITSConfiguration, graph: VITSGraph) -> WeightManifest {
        var requirements: [WeightManifest.Requirement] = []
        func add(_ name: String, _ shape: [Int]) { requirements.append(.init(name, shape: shape)) }
        func conv(_ prefix: String, _ out: Int, _ input: Int, _ kernel: Int) {
            add("\(prefix).weight", [out, input, kernel]); add("\(prefix).bias", [out])
        }
        func norm(_ prefix: String, _ channels: Int) { add("\(prefix).gamma", [channels]); add("\(prefix).beta", [channels]) }
        func ddsConv(_ prefix: String, _ channels: Int, layers: Int, kernel: Int) {
            for layer in 0..<layers {
                conv("\(prefix).convs_sep.\(layer)", channels, 1, kernel)
                conv("\(prefix).convs_1x1.\(layer)", channels, channels, 1)
                norm("\(prefix).norms_1.\(layer)", channels)
                norm("\(prefix).norms_2.\(layer)", channels)
            }
        }
        let h = c.hiddenChannels, kc = h / c.headCount
        add("enc_p.emb.weight", [c.symbolCount, h])
        for layer in 0..<c.encoderLayerCount {
            let a = "enc_p.encoder.attn_layers.\(layer)"
            for name in ["conv_q", "conv_k", "conv_v", "conv_o"] { conv("\(a).\(name)", h, h, 1) }
            add("\(a).emb_rel_k", [1, 2 * c.windowSize + 1, kc]); add("\(a).emb_rel_v", [1, 2 * c.windowSize + 1, kc])
            conv("enc_p.encoder.ffn_layers.\(layer).conv_1", c.filterChannels, h, c.encoderKernelSize)
            conv("enc_p.encoder.ffn_layers.\(layer).conv_2", h, c.filterChannels, c.encoderKernelSize)
            norm("enc_p.encoder.norm_layers_1.\(layer)", h)
            norm("enc_p.encoder.norm_layers_2.\(layer)", h)
        }
        conv("enc_p.proj", 2 * c.interChannels, h, 1)

        let d = c.durationPredictor, dc = d.channels
        conv("dp.pre", dc, h, 1)
        ddsConv("dp.convs", dc, layers: d.dilations.count, kernel: d.kernelSize)
        conv("dp.proj", dc, dc, 1)
        add("dp.flows.0.m", [2, 1]); add(affineScale, [2, 1])
        for index in d.convFlowIndices {
            conv("dp.flows.\(index).pre", dc, 1, 1)
            ddsConv("dp.flows.\(index).convs", dc, layers: d.dilations.count, kernel: d.kernelSize)
            conv("dp.flows.\(index).proj", 3 * d.binCount - 1, dc, 1)
        }

        let f = c.flow, half = c.interChannels / 2
        for index in f.couplingIndices {
            let p = "flow.flows.\(index)"
            conv("\(p).pre", h, half, 1)
            for layer in 0..<f.waveNetLayerCount {
                conv("\(p).enc.in_layers.\(layer)", 2 * h, h, f.kernelSize)
                conv("\(p).enc.res_skip_layers.\(layer)", layer < f.waveNetLayerCount - 1 ? 2 * h : h, h, 1)
            }
            if c.speakerChannels > 0 { conv("\(p).enc.cond_layer", 2 * h * f.waveNetLayerCount, c.speakerChannels, 1) }
            conv("\(p).post", half, h, 1)
        }
        if c.speakerChannels > 0 {
            add("emb_g.weight", [c.speakerCount, c.speakerChannels])
            conv("dp.cond", dc, c.speakerChannels, 1)
        }

        var rules = graph.renamed.filter { !$0.key.hasPrefix("dec.") }.map { WeightRule.alias($0.key, to: $0.value) }
        rules.append(.alias(affineScale, to: affineScaleName))
        let constants = Set(graph.reader.names.filter(graph.isExportConstant))
        let decoder = Set(graph.renamed.filter { $0.key.hasPrefix("dec.") }.map(\.value))
        return WeightManifest(requirements: requirements,
                              map: WeightMap(rules: rules, ignoredNames: constants.union(decoder), ignoredPrefixes: ["dec."]))
    }
}
