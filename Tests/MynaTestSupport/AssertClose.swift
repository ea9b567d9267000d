import Testing

/// The largest absolute difference and where it is, or nil when the counts differ.
public func maxAbsoluteError(_ actual: [Float], _ expected: [Float]) -> (error: Float, index: Int)? {
    guard actual.count == expected.count else { return nil }
    var worst: Float = 0
    var index = 0
    for i in actual.indices {
        let difference = abs(actual[i] - expected[i])
        if difference > worst || difference.isNaN { worst = difference; index = i; if difference.isNaN { break } }
    }
    return (worst, index)
}

/// Checks `|actual - expected| <= atol + rtol * |expected|` elementwise and records one issue naming the worst element.
public func assertClose(_ actual: [Float], _ expected: [Float], atol: Float, rtol: Float = 0,
                        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("count \(actual.count) != expected \(expected.count) \(comment.map { "— \($0)" } ?? "")",
                     sourceLocation: sourceLocation)
        return
    }
    var failures = 0
    var worstIndex = -1
    var worstExcess: Float = -1
    for i in actual.indices {
        let allowed = atol + rtol * abs(expected[i])
        let difference = abs(actual[i] - expected[i])
        if !(difference <= allowed) {
            failures += 1
            let excess = difference.isNaN ? .infinity : difference - allowed
            if excess > worstExcess { worstExcess = excess; worstIndex = i }
        }
    }
    if failures > 0 {
        Issue.record("""
            \(failures) of \(actual.count) values differ by more than atol \(atol) + rtol \(rtol); worst at [\(worstIndex)]: \
            \(actual[worstIndex]) vs expected \(expected[worstIndex]) \(comment.map { "— \($0)" } ?? "")
            """, sourceLocation: sourceLocation)
    }
}

public func assertClose(_ actual: Double, _ expected: Double, atol: Double, rtol: Double = 0,
                        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    if !(abs(actual - expected) <= atol + rtol * abs(expected)) {
        Issue.record("\(actual) vs expected \(expected) (atol \(atol), rtol \(rtol)) \(comment.map { "— \($0)" } ?? "")",
                     sourceLocation: sourceLocation)
    }
}
