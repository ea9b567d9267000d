import MynaCore

extension FeatureMatrix {
    /// Matrices with the same feature count placed side by side (frames of a stream, in order).
    static func concatenatingFrames(_ parts: [FeatureMatrix]) -> FeatureMatrix {
        let features = parts.first?.featureCount ?? 0
        let frames = parts.reduce(0) { $0 + $1.frameCount }
        var values = [Float](repeating: 0, count: features * frames)
        var column = 0
        for part in parts {
            precondition(part.featureCount == features, "feature counts differ")
            for feature in 0..<features {
                for frame in 0..<part.frameCount { values[feature * frames + column + frame] = part[feature, frame] }
            }
            column += part.frameCount
        }
        return FeatureMatrix(featureCount: features, frameCount: frames, values: values)
    }
}
