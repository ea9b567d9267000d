/// A JSON emitter that spells values as Python's `json.dumps` does by default: `", "` and `": "` separators,
/// `ensure_ascii` escapes (`\uXXXX`, surrogate pairs above U+FFFF), `repr` floats, `NaN`/`Infinity`.
final class PythonJSON {
    private(set) var output = ""
    private var needsComma = [false]

    func object(_ body: () -> Void) {
        separate()
        output += "{"
        needsComma.append(false)
        body()
        needsComma.removeLast()
        output += "}"
    }

    func member(_ key: String, _ value: () -> Void) {
        separate()
        appendString(key)
        output += ": "
        needsComma[needsComma.count - 1] = false
        value()
        needsComma[needsComma.count - 1] = true
    }

    func array<Element>(_ elements: [Element], _ element: (Element) -> Void) {
        separate()
        output += "["
        needsComma.append(false)
        for item in elements { element(item) }
        needsComma.removeLast()
        output += "]"
    }

    func string(_ value: String) { separate(); appendString(value) }
    func integer(_ value: Int) { separate(); output += String(value) }

    func number(_ value: Double) {
        separate()
        if value.isNaN { output += "NaN" } else if value.isInfinite { output += value < 0 ? "-Infinity" : "Infinity" } else {
            // Swift's shortest round-trip spelling equals Python's repr: same digits, exponent from 1e16 and below 1e-4.
            output += "\(value)"
        }
    }

    private func separate() {
        if needsComma[needsComma.count - 1] { output += ", " }
        needsComma[needsComma.count - 1] = true
    }

    private func appendString(_ value: String) {
        output += "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x20...0x7E: output.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: output += "\\u" + hex4(unit)
            }
        }
        output += "\""
    }

    private func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
