/// The bits of Python string and number formatting openai-whisper's writers rely on.
enum PythonText {
    /// `str.strip()` with no arguments: removes leading and trailing characters for which `str.isspace()` is true
    /// (Unicode White_Space plus the information separators U+001C…U+001F).
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Python 3's `round(x)` for a float: nearest integer, ties to even.
    static func round(_ value: Double) -> Int { Int(value.rounded(.toNearestOrEven)) }

    /// `whisper.utils.format_timestamp`.
    static func timestamp(_ seconds: Double, alwaysIncludeHours: Bool, decimalMarker: String) -> String {
        var milliseconds = round(max(seconds, 0) * 1000)
        let hours = milliseconds / 3_600_000
        milliseconds -= hours * 3_600_000
        let minutes = milliseconds / 60_000
        milliseconds -= minutes * 60_000
        let wholeSeconds = milliseconds / 1000
        milliseconds -= wholeSeconds * 1000
        let hoursMarker = alwaysIncludeHours || hours > 0 ? pad(hours, 2) + ":" : ""
        return hoursMarker + pad(minutes, 2) + ":" + pad(wholeSeconds, 2) + decimalMarker + pad(milliseconds, 3)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
