extension RGBImage {
    /// How text is placed relative to the anchor point.
    public enum TextAnchor: Sendable {
        case topLeft, topCenter, topRight, centerLeft, center, centerRight
    }

    /// Draws `text` in the built-in font, each font pixel a `scale × scale` square; anchors refer to the box of
    /// the capitals, descenders hang below it.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 2, color: RGBColor = .black,
                                  anchor: TextAnchor = .topLeft, font: BitmapFont = .standard) {
        let size = Self.textSize(text, scale: scale, font: font)
        let origin = Self.origin(x: x, y: y, width: size.width, height: size.height, anchor: anchor)
        for (index, character) in text.enumerated() {
            let left = origin.x + index * BitmapFont.advance * scale
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where font.hasInk(character, column: column, row: row) {
                    fill(x: left + column * scale, y: origin.y + row * scale, width: scale, height: scale, color)
                }
            }
        }
    }

    /// Draws `text` turned 90° anticlockwise (reading bottom to top), as a vertical axis title; the anchor refers
    /// to the turned text's bounding box.
    public mutating func drawVerticalText(_ text: String, x: Int, y: Int, scale: Int = 2, color: RGBColor = .black,
                                          anchor: TextAnchor = .center, font: BitmapFont = .standard) {
        let size = Self.textSize(text, scale: scale, font: font)
        let origin = Self.origin(x: x, y: y, width: size.height, height: size.width, anchor: anchor)
        for (index, character) in text.enumerated() {
            // Along the text runs upwards from the bottom of the box; glyph rows run left to right.
            let along = index * BitmapFont.advance * scale
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where font.hasInk(character, column: column, row: row) {
                    let px = origin.x + row * scale
                    let py = origin.y + size.width - along - (column + 1) * scale
                    fill(x: px, y: py, width: scale, height: scale, color)
                }
            }
        }
    }

    /// Width and cap height in pixels of `text` drawn at `scale` (descenders reach `2 · scale` below).
    public static func textSize(_ text: String, scale: Int = 2, font: BitmapFont = .standard) -> (width: Int, height: Int) {
        (font.width(of: text) * scale, BitmapFont.capHeight * scale)
    }

    private static func origin(x: Int, y: Int, width: Int, height: Int, anchor: TextAnchor) -> (x: Int, y: Int) {
        switch anchor {
        case .topLeft: return (x, y)
        case .topCenter: return (x - width / 2, y)
        case .topRight: return (x - width, y)
        case .centerLeft: return (x, y - height / 2)
        case .center: return (x - width / 2, y - height / 2)
        case .centerRight: return (x - width, y - height / 2)
        }
    }
}
