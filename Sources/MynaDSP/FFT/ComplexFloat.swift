/// A single-precision complex number (one FFT bin).
public struct ComplexFloat: Sendable, Hashable {
    public var real: Float
    public var imaginary: Float

    public init(real: Float, imaginary: Float) {
        self.real = real
        self.imaginary = imaginary
    }

    /// `real² + imaginary²`.
    public var power: Float { real * real + imaginary * imaginary }

    /// `√(real² + imaginary²)`.
    public var magnitude: Float { power.squareRoot() }
}
