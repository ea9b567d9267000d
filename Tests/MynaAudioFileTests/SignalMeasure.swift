import Foundation

/// Signal comparisons for lossy codecs and resampling.
enum SignalMeasure {
    /// Pearson correlation of two equally long signals.
    static func correlation(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count)
        let meanA = a.reduce(0.0) { $0 + Double($1) } / Double(a.count)
        let meanB = b.reduce(0.0) { $0 + Double($1) } / Double(b.count)
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in a.indices {
            let x = Double(a[i]) - meanA, y = Double(b[i]) - meanB
            ab += x * y; aa += x * x; bb += y * y
        }
        return ab / (aa * bb).squareRoot()
    }

    /// 10·log10(signal energy / error energy), in dB.
    static func snr(signal: [Float], estimate: [Float]) -> Double {
        precondition(signal.count == estimate.count)
        var signalEnergy = 0.0, errorEnergy = 0.0
        for i in signal.indices {
            signalEnergy += Double(signal[i]) * Double(signal[i])
            let error = Double(estimate[i]) - Double(signal[i])
            errorEnergy += error * error
        }
        return 10 * log10(signalEnergy / errorEnergy)
    }
}
