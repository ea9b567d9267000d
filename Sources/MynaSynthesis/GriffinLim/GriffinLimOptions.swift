import MynaCore

/// Per-call settings of `GriffinLimVocoder`, with the source of each default.
public struct GriffinLimOptions: Sendable, Hashable, Codable {
    /// Phase-recovery iterations (librosa `griffinlim` default `n_iter=32`).
    public var iterations = 32
    /// The "fast Griffin-Lim" momentum α (Perraudin, Balazs & Søndergaard 2013; librosa's default 0.99); 0 is the
    /// original algorithm of Griffin & Lim 1984.
    public var momentum = 0.99
    /// Non-negative least-squares updates after the mel pseudo-inverse (`MelInversion`); 30 bring the mel residual of
    /// real speech below 1 %.
    public var projectionIterations = 30
    /// Seed of the initial random phases (librosa's `init="random"`), fixed so output is reproducible.
    public var seed: UInt64 = 0x5EED_0F_6A11

    public init() {}

    /// The defaults above.
    public static let `default` = GriffinLimOptions()

    /// Checks the values, naming the field and the fix.
    public func validate() throws(ConfigurationError) {
        guard (0...10_000).contains(iterations) else {
            throw ConfigurationError(field: "iterations", message: "\(iterations) must be between 0 and 10000 (32 is usual)")
        }
        guard momentum >= 0, momentum < 2 else {
            throw ConfigurationError(field: "momentum", message: "\(momentum) must be in [0, 2) (0.99 is usual; above 1 may not converge)")
        }
        guard (0...10_000).contains(projectionIterations) else {
            throw ConfigurationError(field: "projectionIterations", message: "\(projectionIterations) must be between 0 and 10000")
        }
    }
}
