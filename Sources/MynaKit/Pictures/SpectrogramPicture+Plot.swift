import Foundation
import MynaDSP
import MynaImage

extension SpectrogramPicture {
    /// Draws the features as a heat map: time across, frequency or coefficient up, a colour bar with the unit, and
    /// `title` on top; encoded as PNG.
    /// - Parameter location: names the picture in an encoding error.
    public func png(title: String, location: String = "image") throws -> PNGPicture {
        let image = plot(title: title).render()
        return PNGPicture(bytes: try image.pngData(location: location), width: image.width, height: image.height)
    }

    func plot(title: String) -> HeatMapPlot {
        let frames = features.frameCount
        let seconds = Double(frames * hopLength) / Double(sampleRate)
        let timeAxis = PlotAxis(title: "Time (s)", ticks: PlotAxis.linearTicks(from: 0, to: seconds, targetCount: 10))
        var values = features.values
        let range: ClosedRange<Float>
        let unit: String
        switch display {
        case .powerInDecibels:
            let floor: Float = -100  // 10·log10 of the 1e-10 that zero power is clamped to
            values = values.map { 10 * log10(max($0, 1e-10)) }
            // The top 80 dB, but never reaching below the floor: in a silent file the floor is also the maximum, and
            // a scale topped there would draw silence in the brightest colour.
            let top = max(values.max() ?? floor, floor + 80)
            range = (top - 80)...top
            unit = "Power (dB)"
        case .fullRange(let name):
            let low = values.min() ?? 0
            range = low...max(values.max() ?? 1, low + 1e-3)
            unit = name
        case .cepstrum:
            let rest = values.dropFirst(frames).sorted()
            let low = rest.isEmpty ? 0 : rest[rest.count / 50]
            let high = rest.isEmpty ? 1 : rest[rest.count - 1 - rest.count / 50]
            range = low...max(high, low + 1e-3)
            unit = "MFCC value"
        }
        return HeatMapPlot(values: values, rowCount: features.featureCount, columnCount: frames, title: title,
                           horizontalAxis: timeAxis, verticalAxis: verticalAxis(), valueRange: range, colorBarTitle: unit)
    }

    private func verticalAxis() -> PlotAxis {
        let count = Double(features.featureCount)
        switch rows {
        case .linear(let fftSize):
            let nyquist = Double(sampleRate) / 2
            // Bin k (centre k·rate/fftSize) fills rows k…k+1 of the plot.
            let ticks = PlotAxis.niceValues(from: 0, to: nyquist, targetCount: 8).map { hertz in
                PlotAxis.Tick(position: (hertz * Double(fftSize) / Double(sampleRate) + 0.5) / count,
                              label: PlotAxis.label(hertz, step: 1))
            }
            return PlotAxis(title: "Frequency (Hz)", ticks: ticks)
        case .mel(let low, let high):
            let scale = MelScale.slaney
            let lowMel = scale.mel(fromHertz: low), highMel = scale.mel(fromHertz: high)
            let step = (highMel - lowMel) / (count + 1)
            let candidates: [Double] = [0, 100, 200, 300, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 11000, 16000, 22000]
            let ticks = candidates.filter { $0 >= low && $0 <= high }.map { hertz in
                // Band m peaks at the (m + 1)-th of count + 2 points evenly spaced in mels; the edge frequencies
                // fall half a band outside the rows and are pinned to the plot's edges.
                let position = ((scale.mel(fromHertz: hertz) - lowMel) / step - 0.5) / count
                return PlotAxis.Tick(position: min(1, max(0, position)), label: PlotAxis.label(hertz, step: 1))
            }
            return PlotAxis(title: "Frequency (Hz, mel scale)", ticks: ticks)
        case .coefficients:
            let step = max(1, Int(PlotAxis.niceStep(for: count / 8)))
            let ticks = stride(from: 0, to: features.featureCount, by: step).map { index in
                PlotAxis.Tick(position: (Double(index) + 0.5) / count, label: String(index))
            }
            return PlotAxis(title: "Coefficient", ticks: ticks)
        }
    }
}
