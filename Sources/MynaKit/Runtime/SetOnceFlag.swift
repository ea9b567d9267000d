import Synchronization

/// A flag one task sets and another reads without waiting (a decode that finished, a user who pressed Ctrl-C).
///
/// Thread-safe: an atomic with release/acquire ordering, so what the setter wrote before `set()` is visible to a
/// reader that sees `isSet`.
public final class SetOnceFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func set() { flag.store(true, ordering: .releasing) }

    public var isSet: Bool { flag.load(ordering: .acquiring) }
}
