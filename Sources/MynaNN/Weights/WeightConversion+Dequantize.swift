extension WeightConversion {
    /// CTranslate2 dequantisation: `w[r, c] = q[r, c] / scale[r]` for per-row scales (int8) or
    /// `w = q / scale` for one scale (int16).
    ///
    /// CTranslate2 quantises with `scale = 127 / max|row|` (int8) or `2¹⁰ / max|w|` (int16) and `q = rint(w · scale)`
    /// (python/ctranslate2/specs/model_spec.py, `_quantize`); its dequantise op divides by the scale, as here.
    /// `destination` holds the widened integers on entry and the dequantised values on return.
    static func dequantize(_ destination: UnsafeMutableBufferPointer<Float>, rows: Int, scales: [Float]) {
        guard rows > 0, !destination.isEmpty else { return }
        let columns = destination.count / rows
        precondition(columns * rows == destination.count && (scales.count == rows || scales.count == 1))
        scales.withUnsafeBufferPointer { scale in
            for row in 0..<rows {
                let divisor = scale[scales.count == 1 ? 0 : row]
                let start = row * columns
                // (rows, columns): one division per element to match CTranslate2's rounding exactly.
                for column in start..<(start + columns) { destination[column] = destination[column] / divisor }
            }
        }
    }
}
