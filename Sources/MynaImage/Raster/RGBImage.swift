/// A picture of 8-bit RGB pixels, row-major from the top left, with drawing primitives for plots.
///
/// Thread-safety: a value type; copies are independent.
public struct RGBImage: Sendable, Equatable {
    /// Pixels across and down.
    public let width: Int
    public let height: Int
    /// `width × height × 3` bytes: red, green, blue of each pixel, rows from the top.
    public private(set) var pixels: [UInt8]

    /// A `width × height` image filled with `background`.
    public init(width: Int, height: Int, background: RGBColor = .white) {
        precondition(width > 0 && height > 0, "image size \(width) × \(height) must be positive")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[3 * index] = background.red
            pixels[3 * index + 1] = background.green
            pixels[3 * index + 2] = background.blue
        }
        self.pixels = pixels
    }

    /// The colour at (`x`, `y`), origin at the top left.
    public subscript(x: Int, y: Int) -> RGBColor {
        let index = 3 * (y * width + x)
        return RGBColor(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
    }

    /// Sets one pixel; points outside the image are ignored (so shapes may be clipped at the edges).
    public mutating func set(_ x: Int, _ y: Int, _ color: RGBColor) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = 3 * (y * width + x)
        pixels[index] = color.red
        pixels[index + 1] = color.green
        pixels[index + 2] = color.blue
    }

    /// Fills the rectangle with top-left corner (`x`, `y`), clipped to the image.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ color: RGBColor) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        pixels.withUnsafeMutableBufferPointer { p in
            for row in y0..<y1 {
                for column in x0..<x1 {
                    let index = 3 * (row * width + column)
                    p[index] = color.red
                    p[index + 1] = color.green
                    p[index + 2] = color.blue
                }
            }
        }
    }

    /// A one-pixel outline of the rectangle.
    public mutating func strokeRectangle(x: Int, y: Int, width w: Int, height h: Int, _ color: RGBColor) {
        fill(x: x, y: y, width: w, height: 1, color)
        fill(x: x, y: y + h - 1, width: w, height: 1, color)
        fill(x: x, y: y, width: 1, height: h, color)
        fill(x: x + w - 1, y: y, width: 1, height: h, color)
    }
}
