/// A sound card the kernel knows (`snd_card_next`), with its short and long names.
public struct ALSACard: Sendable, Codable, Hashable {
    /// The card number: the X in `hw:X,Y`.
    public var index: Int
    /// The short name (`HDA Intel PCH`).
    public var name: String
    /// The long name (`HDA Intel PCH at 0xf7f10000 irq 32`).
    public var longName: String

    public init(index: Int, name: String, longName: String) {
        self.index = index
        self.name = name
        self.longName = longName
    }
}
