/// Myna's built-in pixel font for labels on pictures (no font files, no FreeType).
///
/// Each glyph is five columns by nine rows: seven for capitals and digits, two more for descenders. Text advances
/// six columns per character (one column of space). Characters outside printable ASCII are drawn as a question
/// mark in a box.
///
/// Thread-safety: immutable and `Sendable`.
public struct BitmapFont: Sendable {
    /// Glyph cell width and height in font pixels (including the descender rows).
    public static let glyphWidth = 5
    public static let glyphHeight = 9
    /// Height of capitals and digits: what text is aligned by.
    public static let capHeight = 7
    /// Horizontal advance per character in font pixels.
    public static let advance = 6

    /// Ink bits per glyph: row `r`, column `c` is bit `r * 5 + c`.
    private let bitmaps: [Character: UInt64]
    private let replacement: UInt64

    /// The shared font.
    public static let standard = BitmapFont()

    private init() {
        var bitmaps: [Character: UInt64] = [:]
        for (character, rows) in Self.glyphRows {
            let cells = rows.filter { $0 == "#" || $0 == "." }
            precondition(cells.count == Self.glyphWidth * Self.glyphHeight, "glyph \(character) is not 5 × 9")
            var bits: UInt64 = 0
            for (index, cell) in cells.enumerated() where cell == "#" { bits |= 1 << UInt64(index) }
            bitmaps[character] = bits
        }
        self.bitmaps = bitmaps
        replacement = bitmaps["\u{FFFD}"]!
    }

    /// Whether the glyph of `character` has ink at (`column`, `row`), origin at the top left.
    public func hasInk(_ character: Character, column: Int, row: Int) -> Bool {
        guard (0..<Self.glyphWidth).contains(column), (0..<Self.glyphHeight).contains(row) else { return false }
        let bits = bitmaps[character] ?? replacement
        return bits & (1 << UInt64(row * Self.glyphWidth + column)) != 0
    }

    /// Width in font pixels of `text` (without the trailing space column).
    public func width(of text: String) -> Int {
        text.isEmpty ? 0 : text.count * Self.advance - 1
    }
}
