import Foundation
import MynaTestSupport

/// The op goldens of scripts/goldens/nn_ops_goldens.py (Golden/ops_goldens.{json,bin}).
let opGoldens = GoldenTensorFile(named: "ops_goldens", in: Bundle.module)
