import MynaCore

/// The deterministic generator of synthetic test inputs, so that they are the same on every run.
public typealias SeededGenerator = SplitMix64
