import Foundation
import MynaCore
import MynaImage
import MynaTestSupport
import Testing

@Suite("Pictures: font, colour map, heat map, PNG through libpng")
struct ImageTests {
    @Test("every printable ASCII character has its own glyph")
    func fontCoversASCII() {
        let font = BitmapFont.standard
        var seen: [[Bool]: Character] = [:]
        for code in 33...126 {
            let character = Character(UnicodeScalar(UInt8(code)))
            let ink = (0..<BitmapFont.glyphHeight).flatMap { row in
                (0..<BitmapFont.glyphWidth).map { font.hasInk(character, column: $0, row: row) }
            }
            #expect(ink.contains(true), "\(character) has no ink")
            #expect(seen[ink] == nil, "\(character) looks like \(seen[ink].map(String.init) ?? "")")
            seen[ink] = character
        }
        // Unknown characters get the replacement glyph, never nothing.
        #expect((0..<9).contains { row in (0..<5).contains { font.hasInk("é", column: $0, row: row) } })
    }

    @Test("text is drawn where and as wide as measured")
    func textPlacement() {
        var image = RGBImage(width: 100, height: 40)
        image.drawText("Hz 10", x: 50, y: 20, scale: 2, color: .black, anchor: .center)
        let size = RGBImage.textSize("Hz 10", scale: 2)
        #expect(size.width == (5 * 6 - 1) * 2 && size.height == 14)
        var columns = Set<Int>(), rows = Set<Int>()
        for y in 0..<40 { for x in 0..<100 where image[x, y] == .black { columns.insert(x); rows.insert(y) } }
        #expect(columns.min() == 50 - size.width / 2 && columns.max()! < 50 + size.width / 2)
        #expect(rows.min() == 20 - 7 && rows.max() == 20 + 6)
    }

    @Test("the colour map runs from dark to light")
    func colorMap() {
        func luminance(_ c: RGBColor) -> Double { 0.2126 * Double(c.red) + 0.7152 * Double(c.green) + 0.0722 * Double(c.blue) }
        let steps = (0...20).map { luminance(ColorMap.magma.color(Double($0) / 20)) }
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ColorMap.magma.color(-1) == ColorMap.magma.color(0) && ColorMap.magma.color(.nan) == ColorMap.magma.color(0))
    }

    @Test("a heat map has its plot area, frame and colour bar where the layout puts them")
    func heatMap() {
        let values = (0..<(80 * 300)).map { Float($0 % 300) / 300 }  // brighter to the right
        let plot = HeatMapPlot(values: values, rowCount: 80, columnCount: 300, title: "test.flac",
                               horizontalAxis: PlotAxis(title: "Time (s)", ticks: PlotAxis.linearTicks(from: 0, to: 3)),
                               verticalAxis: PlotAxis(title: "Hz", ticks: []), valueRange: 0...1, colorBarTitle: "dB")
        let image = plot.render()
        // 300 columns are enlarged ×2 to 600 pixels; 80 rows ×5 to 400.
        #expect(image.width == 104 + 600 + 150 && image.height == 48 + 400 + 70)
        #expect(image[104, 48 + 200] == ColorMap.magma.color(0))
        #expect(image[104 + 599, 48 + 200] == ColorMap.magma.color(299.0 / 300))
    }

    @Test("nice tick values")
    func ticks() {
        #expect(PlotAxis.niceValues(from: 0, to: 11, targetCount: 10) == [0, 2, 4, 6, 8, 10])
        #expect(PlotAxis.niceValues(from: 0, to: 8000, targetCount: 8) == [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000])
        #expect(PlotAxis.label(0.5, step: 0.5) == "0.5" && PlotAxis.label(3, step: 1) == "3")
    }

    @Test("PNG: signature, header chunk and CRC as the PNG specification defines them")
    func pngEncoding() throws {
        var image = RGBImage(width: 37, height: 11, background: RGBColor(hex: 0x102030))
        image.set(3, 4, .white)
        let png = try image.pngData()
        PNGChecks.expectValidRGB(png, width: 37, height: 11)
    }

    @Test("writing into a missing folder fails cleanly and leaves nothing behind")
    func atomicWriteFailure() throws {
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("missing/out.png").path
        let error = #expect(throws: OutputFileError.self) { try RGBImage(width: 2, height: 2).writePNG(to: path) }
        #expect(error?.description == "\(path): the folder \(folder.path)/missing does not exist")
        #expect(error?.code == .invalidDestination)
        let good = folder.appendingPathComponent("out.png").path
        try RGBImage(width: 2, height: 2).writePNG(to: good)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.png"])
    }
}

/// Structural checks of PNG bytes (PNG specification, third edition: signature, IHDR, chunk CRC-32).
enum PNGChecks {
    static func expectValidRGB(_ png: [UInt8], width: Int, height: Int,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], sourceLocation: sourceLocation)
        guard png.count > 33 else { Issue.record("PNG of \(png.count) bytes", sourceLocation: sourceLocation); return }
        func u32(_ at: Int) -> Int { Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3]) }
        #expect(u32(8) == 13 && String(decoding: png[12..<16], as: UTF8.self) == "IHDR", sourceLocation: sourceLocation)
        #expect(u32(16) == width && u32(20) == height, sourceLocation: sourceLocation)
        #expect(png[24] == 8 && png[25] == 2, "8-bit RGB", sourceLocation: sourceLocation)
        #expect(UInt32(u32(29)) == crc32(png[12..<29]), "IHDR CRC", sourceLocation: sourceLocation)
        // Walk the chunks to IEND, checking every CRC.
        var offset = 8, names: [String] = []
        while offset + 12 <= png.count {
            let length = u32(offset)
            let name = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard offset + 12 + length <= png.count else { break }
            #expect(UInt32(u32(offset + 8 + length)) == crc32(png[(offset + 4)..<(offset + 8 + length)]),
                    "\(name) CRC", sourceLocation: sourceLocation)
            names.append(name)
            offset += 12 + length
        }
        #expect(names.first == "IHDR" && names.last == "IEND" && names.contains("IDAT") && offset == png.count,
                "chunks \(names)", sourceLocation: sourceLocation)
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
