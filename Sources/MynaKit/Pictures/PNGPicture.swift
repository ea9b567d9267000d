/// An encoded PNG picture and its size in pixels.
public struct PNGPicture: Sendable, Equatable {
    /// The PNG file's bytes.
    public var bytes: [UInt8]
    public var width: Int
    public var height: Int

    public init(bytes: [UInt8], width: Int, height: Int) {
        self.bytes = bytes
        self.width = width
        self.height = height
    }
}
