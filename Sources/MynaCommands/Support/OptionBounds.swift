import ArgumentParser
import MynaKit

/// Range checks of numeric options, run from a command's `validate()`: a value out of range fails with a
/// `ValidationError` that names the option, the value given and the bound, as in `--beam-size: -3 must be at least 1`.
enum OptionBounds {
    /// Runs a library check from `validate()`: argument-parser wraps any error thrown there other than a
    /// `ValidationError` into its own type and prints that type's name, so a `ConfigurationError` becomes a
    /// `ValidationError` with the same line (`--threshold: 2.0 is not a cosine score between -1 and 1`).
    static func library(_ check: () throws -> Void) throws {
        do { try check() } catch let error as ConfigurationError { throw ValidationError(error.description) }
    }

    /// Requires `value ≥ minimum`.
    static func require<Value: Comparable>(_ option: String, _ value: Value, atLeast minimum: Value) throws {
        guard value >= minimum else { throw ValidationError("\(option): \(describe(value)) must be at least \(describe(minimum))") }
    }

    /// Requires `value` within `range` (NaN and infinities lie outside every finite range).
    static func require<Value: Comparable>(_ option: String, _ value: Value, in range: ClosedRange<Value>, unit: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("""
                \(option): \(describe(value)) must be between \(describe(range.lowerBound)) and \(describe(range.upperBound))\(unit)
                """)
        }
    }

    /// Requires a finite `value > 0`, at most `maximum` when one is given.
    static func requirePositive(_ option: String, _ value: Double, atMost maximum: Double = .infinity, unit: String = "") throws {
        guard value.isFinite, value > 0 else { throw ValidationError("\(option): \(describe(value)) must be a positive number\(unit)") }
        guard value <= maximum else { throw ValidationError("\(option): \(describe(value)) must be at most \(describe(maximum))\(unit)") }
    }

    /// Requires a probability strictly between 0 and 1.
    static func requireOpenUnitInterval(_ option: String, _ value: Double) throws {
        guard value > 0, value < 1 else { throw ValidationError("\(option): \(describe(value)) must be between 0 and 1 (both excluded)") }
    }

    /// A number as the user would write it: `-3`, `0.5`, not `-3.0`.
    private static func describe<Value>(_ value: Value) -> String {
        if let double = value as? Double { return describe(double) }
        if let float = value as? Float { return describe(Double(float)) }
        return "\(value)"
    }

    private static func describe(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
