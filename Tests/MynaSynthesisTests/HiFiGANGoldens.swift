import Foundation
import MynaCore
import MynaNN
import MynaSynthesis
import MynaTestSupport
import Testing

/// Goldens from scripts/goldens/hifigan_goldens.py (PyTorch, jik876/hifi-gan's Generator).
let hifiganGoldens = GoldenTensorFile(named: "hifigan_goldens", in: Bundle.module)

enum HiFiGANFixtures {
    /// The tiny random configurations, keyed by case name, with the checkpoint's key names.
    static let tinyConfigurations: [String: HiFiGANConfiguration] = {
        let url = Bundle.module.url(forResource: "hifigan_tiny_configs", withExtension: "json", subdirectory: "Golden")!
        return try! JSONDecoder().decode([String: HiFiGANConfiguration].self, from: Data(contentsOf: url))
    }()

    /// The `param:` tensors of a golden case as a state dict (weight norm kept as weight_g / weight_v).
    static func stateDict(_ caseName: String, dropping dropped: Set<String> = [],
                          reshaping: [String: [Int]] = [:]) throws -> InMemoryWeightArchive {
        let entries = try #require(hifiganGoldens.index.cases[caseName]).tensors.keys.sorted()
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for key in entries where key.hasPrefix("param:") {
            let name = String(key.dropFirst("param:".count))
            guard !dropped.contains(name) else { continue }
            let tensor = try hifiganGoldens.tensor(caseName, key)
            tensors.append((name, reshaping[name] ?? tensor.shape, tensor.values))
        }
        return InMemoryWeightArchive(location: "\(caseName).pth", tensors: tensors)
    }

    static func features(_ caseName: String) throws -> FeatureMatrix {
        let input = try hifiganGoldens.tensor(caseName, "input")
        return FeatureMatrix(featureCount: input.shape[0], frameCount: input.shape[1], values: input.values)
    }

    /// `models/hifigan-v1/<file>`; nil (and the test is skipped) when setup has not installed it.
    static func checkpoint(_ file: String) -> URL? {
        let url = Fixtures.models.appendingPathComponent("hifigan-v1").appendingPathComponent(file)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
