/// A colour scale for heat maps: colours at evenly spaced control points, interpolated linearly in sRGB.
///
/// Thread-safety: immutable and `Sendable`.
public struct ColorMap: Sendable {
    private let stops: [RGBColor]
    /// 256 precomputed entries, so mapping a pixel is one lookup.
    private let table: [RGBColor]

    public init(stops: [RGBColor]) {
        precondition(stops.count >= 2, "a colour map needs at least two stops")
        self.stops = stops
        table = (0..<256).map { Self.interpolate(stops, Double($0) / 255) }
    }

    /// The colour for `fraction` in [0, 1] (clamped; NaN maps to 0).
    public func color(_ fraction: Double) -> RGBColor {
        let clamped = fraction.isNaN ? 0 : min(1, max(0, fraction))
        return table[Int((clamped * 255).rounded())]
    }

    /// Dark purple through red and orange to pale yellow: perceptually ordered and readable in grey, after the
    /// shape of matplotlib's "magma" (nine control points sampled from it by eye, interpolated here).
    public static let magma = ColorMap(stops: [
        RGBColor(hex: 0x000004), RGBColor(hex: 0x1C1044), RGBColor(hex: 0x4F127B), RGBColor(hex: 0x812581),
        RGBColor(hex: 0xB5367A), RGBColor(hex: 0xE55064), RGBColor(hex: 0xFB8761), RGBColor(hex: 0xFEC287),
        RGBColor(hex: 0xFCFDBF),
    ])

    private static func interpolate(_ stops: [RGBColor], _ fraction: Double) -> RGBColor {
        let position = fraction * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        let t = position - Double(index)
        let a = stops[index], b = stops[index + 1]
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) * (1 - t) + Double(y) * t).rounded()) }
        return RGBColor(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
    }
}
