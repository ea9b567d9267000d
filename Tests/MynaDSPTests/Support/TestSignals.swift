/// Deterministic pseudo-random test signals (a fixed linear congruential generator, so failures reproduce).
struct TestSignals {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Uniform in [-1, 1).
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 23) - 1
    }

    mutating func signal(count: Int) -> [Float] { (0..<count).map { _ in next() } }

    /// An integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
}
