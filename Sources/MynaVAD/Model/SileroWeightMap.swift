import MynaNN

/// The tensors of Silero VAD v6's 16 kHz model, named as `silero_vad_16k.safetensors` names them, with their
/// shapes; and the aliases that read the same model from silero-vad's `silero_vad_16k_op15.onnx` export, whose
/// initializers keep the training code's names (`model.encoder.0.reparam_conv.weight`, …). This is the model's only
/// weight-name mapping.
enum SileroWeightMap {
    /// The encoder convolutions: (name, output channels, input channels); all have kernel 3 and padding 1.
    static let encoder: [(name: String, output: Int, input: Int)] = [
        ("conv1", 128, 129), ("conv2", 64, 128), ("conv3", 64, 64), ("conv4", 128, 64),
    ]

    /// Strides of `conv1` … `conv4` (tinygrad_model.py).
    static let encoderStrides = [1, 2, 2, 1]

    /// The safetensors names with their shapes.
    static func requirements(_ c: SileroVADConfiguration) -> [WeightManifest.Requirement] {
        var requirements: [WeightManifest.Requirement] = [
            .init("stft_conv.weight", shape: [2 * c.binCount, 1, c.fftLength]),
        ]
        for layer in encoder {
            requirements.append(.init("\(layer.name).weight", shape: [layer.output, layer.input, 3]))
            requirements.append(.init("\(layer.name).bias", shape: [layer.output]))
        }
        let gates = 4 * c.hiddenSize
        requirements += [
            .init("lstm_cell.weight_ih", shape: [gates, encoder.last!.output]),
            .init("lstm_cell.weight_hh", shape: [gates, c.hiddenSize]),
            .init("lstm_cell.bias_ih", shape: [gates]),
            .init("lstm_cell.bias_hh", shape: [gates]),
            .init("final_conv.weight", shape: [1, c.hiddenSize, 1]),
            .init("final_conv.bias", shape: [1]),
        ]
        return requirements
    }

    /// The ONNX export's name for each safetensors name.
    static let onnxNames: [String: String] = {
        var names = ["stft_conv.weight": "model.stft.forward_basis_buffer"]
        for (index, layer) in encoder.enumerated() {
            for kind in ["weight", "bias"] { names["\(layer.name).\(kind)"] = "model.encoder.\(index).reparam_conv.\(kind)" }
        }
        for kind in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] { names["lstm_cell.\(kind)"] = "model.decoder.rnn.\(kind)" }
        // decoder.decoder is Sequential(Dropout, ReLU, Conv1d): the convolution is its element 2.
        for kind in ["weight", "bias"] { names["final_conv.\(kind)"] = "model.decoder.decoder.2.\(kind)" }
        return names
    }()

    /// The manifest for `archive`: the ONNX aliases when it holds the export's STFT basis, the safetensors names
    /// otherwise (so a file that is neither fails naming the first safetensors tensor it lacks).
    static func manifest(for archive: some WeightArchive, _ c: SileroVADConfiguration) -> WeightManifest {
        let requirements = requirements(c)
        guard archive.names.contains(onnxNames["stft_conv.weight"]!) else {
            return WeightManifest(requirements: requirements)
        }
        let rules = requirements.map { WeightRule.alias($0.name, to: onnxNames[$0.name]!) }
        return WeightManifest(requirements: requirements, map: WeightMap(rules: rules))
    }
}
