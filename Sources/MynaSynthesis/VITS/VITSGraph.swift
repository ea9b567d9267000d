import MynaCore
import MynaNN

/// What a Piper voice's ONNX graph says about its architecture and its weight names.
///
/// Shapes come from the initializers, strides/dilations/paddings from the Conv nodes' attributes. The exporter
/// (torch.onnx) kept most PyTorch names but renamed weight-norm-folded convolutions to `onnx::Conv_NNNN` and the
/// embedding to `sid`; `pyTorchName(of:)` recovers the module name from the node that consumes the tensor
/// (`/flow/flows.0/enc/in_layers.0/Conv`, input 1 → `flow.flows.0.enc.in_layers.0.weight`).
struct VITSGraph {
    let reader: ONNXModelReader
    private let nodesByName: [String: ONNXNode]
    /// Model name → stored name, for the tensors the exporter renamed.
    let renamed: [String: String]

    init(_ reader: ONNXModelReader) {
        self.reader = reader
        var nodes: [String: ONNXNode] = [:]
        for node in reader.nodes where !node.name.isEmpty { nodes[node.name] = node }
        nodesByName = nodes
        var map: [String: String] = [:]
        for name in reader.names where Self.isRenamed(name) {
            guard let target = Self.pyTorchName(of: name, in: reader) else { continue }
            map[target] = name
        }
        renamed = map
    }

    /// The shape of stored tensor `name`, or nil.
    func shape(_ name: String) -> [Int]? { try? reader.entry(named: name).shape }

    /// The shape of the tensor the model calls `name` (a stored name, or one recovered from its consumer).
    func modelShape(_ name: String) -> [Int]? {
        shape(name) ?? renamed[name].flatMap(shape)
    }

    /// The integer attribute list `key` of node `name` (`strides`, `dilations`, `pads`).
    func attribute(_ key: String, of name: String) -> [Int]? { nodesByName[name]?.attributes[key]?.integers }

    /// Stored names that are the exporter's shape constants and index tensors, not weights: names starting with
    /// `/` or `onnx::` (other than convolution weights) or made of digits, holding at most 8 values.
    func isExportConstant(_ name: String) -> Bool {
        guard name.hasPrefix("/") || name.hasPrefix("onnx::") || name.allSatisfy(\.isNumber) else { return false }
        guard let shape = shape(name) else { return false }
        return shape.reduce(1, *) <= 8 && !name.hasPrefix("onnx::Conv_")
    }

    /// A renamed weight: not a PyTorch dotted name.
    private static func isRenamed(_ name: String) -> Bool {
        name.hasPrefix("onnx::Conv_") || name == "sid"
    }

    /// `a.b.c.weight` for a tensor read as the weight input of node `/a/b/c/Conv` (or `/a/b/c/Gather`).
    static func pyTorchName(of stored: String, in reader: ONNXModelReader) -> String? {
        for use in reader.consumers(of: stored) {
            let parts = use.nodeName.split(separator: "/").map(String.init)
            guard parts.count >= 2 else { continue }
            let module = parts.dropLast().joined(separator: ".")
            switch (use.opType, use.inputIndex) {
            case ("Conv", 1), ("ConvTranspose", 1), ("Gather", 0): return module + ".weight"
            case ("Conv", 2), ("ConvTranspose", 2): return module + ".bias"
            default: continue
            }
        }
        return nil
    }

    // MARK: - Architecture

    /// Reads the configuration; throws `WeightLoadingError` naming what is missing for a file that is not a Piper
    /// VITS voice.
    func configuration() throws -> VITSConfiguration {
        func require(_ name: String, rank: Int) throws -> [Int] {
            guard let shape = modelShape(name), shape.count == rank else {
                throw WeightLoadingError(.missing, location: reader.location, key: name, message: """
                    not a Piper VITS voice: the graph has no \(name) of rank \(rank)
                    """)
            }
            return shape
        }
        let embedding = try require("enc_p.emb.weight", rank: 2)
        let proj = try require("enc_p.proj.weight", rank: 3)
        let ffn = try require("enc_p.encoder.ffn_layers.0.conv_1.weight", rank: 3)
        let relative = try require("enc_p.encoder.attn_layers.0.emb_rel_k", rank: 3)
        let hidden = embedding[1]
        let encoderLayers = count("enc_p.encoder.attn_layers.", suffix: ".conv_q.weight")

        let dpConv = try require("dp.convs.convs_sep.0.weight", rank: 3)
        let dpLayers = count("dp.convs.convs_sep.", suffix: ".weight")
        let dpDilations = try (0..<dpLayers).map { layer in
            try dilation(of: "/dp/convs/convs_sep.\(layer)/Conv")
        }
        let convFlows = (2..<32).filter { shape("dp.flows.\($0).proj.weight") != nil }.reversed()  // flows.1 is never used in reverse
        guard let firstFlow = convFlows.first else {
            throw WeightLoadingError(.missing, location: reader.location, key: "dp.flows.N.proj.weight",
                                     message: "not a Piper VITS voice: the duration predictor has no ConvFlow")
        }
        let splineOutputs = try require("dp.flows.\(firstFlow).proj.weight", rank: 3)[0]

        let couplings = (0..<64).filter { shape("flow.flows.\($0).pre.weight") != nil }
        guard let firstCoupling = couplings.first else {
            throw WeightLoadingError(.missing, location: reader.location, key: "flow.flows.0.pre.weight",
                                     message: "not a Piper VITS voice: the graph has no residual coupling layer")
        }
        let waveNetLayers = count("flow.flows.\(firstCoupling).enc.in_layers.", suffix: ".bias")
        let waveNetKernel = try require("flow.flows.\(firstCoupling).enc.in_layers.0.weight", rank: 3)[2]
        let waveNetDilations = try (0..<waveNetLayers).map { layer in
            try dilation(of: "/flow/flows.\(firstCoupling)/enc/in_layers.\(layer)/Conv")
        }
        let speaker = shape("emb_g.weight")

        return VITSConfiguration(
            symbolCount: embedding[0], hiddenChannels: hidden, interChannels: proj[0] / 2, filterChannels: ffn[0],
            headCount: hidden / relative[2], encoderLayerCount: encoderLayers, encoderKernelSize: ffn[2],
            windowSize: (relative[1] - 1) / 2,
            durationPredictor: .init(channels: dpConv[0], kernelSize: dpConv[2], dilations: dpDilations,
                                     convFlowIndices: Array(convFlows), binCount: (splineOutputs + 1) / 3, tailBound: 5),
            flow: .init(couplingIndices: couplings, waveNetLayerCount: waveNetLayers, kernelSize: waveNetKernel,
                        dilations: waveNetDilations),
            speakerCount: speaker?[0] ?? 1, speakerChannels: speaker?[1] ?? 0)
    }

    /// The number of consecutive layers `prefix0suffix`, `prefix1suffix`, … that exist.
    func count(_ prefix: String, suffix: String) -> Int {
        var index = 0
        while modelShape("\(prefix)\(index)\(suffix)") != nil { index += 1 }
        return index
    }

    func dilation(of node: String) throws -> Int {
        guard let value = attribute("dilations", of: node)?.first else {
            throw WeightLoadingError(.missing, location: reader.location, key: node,
                                     message: "not a Piper VITS voice: no Conv node \(node) with dilations")
        }
        return value
    }
}
