/// The largest absolute and relative differences, for recording how close a result came (printed by tests so the
/// margins behind each tolerance stay visible in the log).
func errorSummary(_ actual: [Float], _ expected: [Float]) -> String {
    guard actual.count == expected.count else { return "count \(actual.count) vs \(expected.count)" }
    var worstAbsolute: Float = 0, worstRelative: Float = 0
    let scale = expected.map(abs).max() ?? 0
    for (a, e) in zip(actual, expected) {
        let difference = abs(a - e)
        worstAbsolute = max(worstAbsolute, difference)
        if abs(e) > scale * 1e-3 { worstRelative = max(worstRelative, difference / abs(e)) }
    }
    return "max |Δ| \(worstAbsolute), max |Δ|/|x| (|x| > 1e-3·max) \(worstRelative), max |x| \(scale)"
}
