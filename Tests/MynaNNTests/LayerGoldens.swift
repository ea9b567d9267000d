import Foundation
import MynaTestSupport

/// The layer goldens of scripts/goldens/nn_ops_goldens.py (Golden/layers_goldens.{json,bin}).
let layerGoldens = GoldenTensorFile(named: "layers_goldens", in: Bundle.module)
