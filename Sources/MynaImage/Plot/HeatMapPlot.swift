/// A heat map of a features × frames matrix with a title, labelled axes and a colour bar: what `myna spectrogram`
/// draws.
///
/// Rows are drawn bottom to top (row 0 at the bottom, like frequency), columns left to right (time). Matrices larger
/// than the plot area are averaged down; smaller ones are enlarged with square pixels.
///
/// Thread-safety: a value type; `render()` may run on any thread.
public struct HeatMapPlot: Sendable {
    /// Row-major `rowCount × columnCount` values (`values[row * columnCount + column]`).
    public var values: [Float]
    /// Rows (features), drawn bottom to top.
    public var rowCount: Int
    /// Columns (frames), drawn left to right.
    public var columnCount: Int
    /// Drawn centred above the plot.
    public var title: String
    public var horizontalAxis: PlotAxis
    public var verticalAxis: PlotAxis
    /// Values at or below the lower bound get the first colour, at or above the upper bound the last.
    public var valueRange: ClosedRange<Float>
    /// The colour bar's title (the unit of the values).
    public var colorBarTitle: String
    public var colorMap: ColorMap = .magma

    public init(values: [Float], rowCount: Int, columnCount: Int, title: String, horizontalAxis: PlotAxis,
                verticalAxis: PlotAxis, valueRange: ClosedRange<Float>, colorBarTitle: String) {
        precondition(rowCount > 0 && columnCount > 0 && values.count == rowCount * columnCount,
                     "\(values.count) values for a \(rowCount) × \(columnCount) heat map")
        self.values = values
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.title = title
        self.horizontalAxis = horizontalAxis
        self.verticalAxis = verticalAxis
        self.valueRange = valueRange
        self.colorBarTitle = colorBarTitle
    }

    // Layout in pixels; text is the 5 × 7 font at scale 2 (12 px per character, 14 px high).
    static let textScale = 2
    static let marginTop = 48, marginBottom = 70, marginLeft = 104, marginRight = 150
    static let tickLength = 6, colorBarGap = 28, colorBarWidth = 20
    static let frameColor = RGBColor(hex: 0x303030), textColor = RGBColor(hex: 0x202020)

    /// Plot-area width: one pixel per column between 640 and 1400 pixels, columns averaged beyond that.
    var plotWidth: Int {
        if columnCount >= 1400 { return 1400 }
        if columnCount >= 640 { return columnCount }
        return columnCount * max(1, 640 / columnCount)
    }

    /// Plot-area height: rows enlarged to about 400 pixels (a whole number of pixels per row when that lands within
    /// 10 %), kept between 400 and 480, or averaged down to 480.
    var plotHeight: Int {
        if rowCount > 480 { return 480 }
        if rowCount >= 400 { return rowCount }
        let whole = rowCount * (400 / rowCount)
        return whole >= 360 ? whole : 400
    }

    /// The colour bar's ticks (none when the range is empty).
    private var colorBarTicks: [PlotAxis.Tick] {
        let lower = Double(valueRange.lowerBound), upper = Double(valueRange.upperBound)
        return upper > lower ? PlotAxis.linearTicks(from: lower, to: upper, targetCount: 6) : []
    }

    /// The widest colour-bar tick label, in pixels.
    private var widestColorBarLabel: Int {
        colorBarTicks.map { RGBImage.textSize($0.label, scale: Self.textScale).width }.max() ?? 0
    }

    /// Where the colour bar's vertical title is centred, from the colour bar's left edge: 20 px past the widest label.
    private var colorBarTitleOffset: Int { Self.colorBarWidth + 10 + widestColorBarLabel + 20 }

    /// `marginRight`, widened when long tick labels (`-0.25`, `-100`) would otherwise push the colour bar's title
    /// into them or off the picture.
    private var rightMargin: Int {
        max(Self.marginRight, Self.colorBarGap + colorBarTitleOffset + 14)
    }

    /// Draws the picture.
    public func render() -> RGBImage {
        let width = Self.marginLeft + plotWidth + rightMargin
        let height = Self.marginTop + plotHeight + Self.marginBottom
        var image = RGBImage(width: width, height: height, background: .white)
        drawCells(into: &image)
        drawAxes(into: &image)
        drawColorBar(into: &image)
        drawTitle(into: &image)
        return image
    }

    private func fraction(_ value: Float) -> Double {
        let span = valueRange.upperBound - valueRange.lowerBound
        guard span > 0 else { return 0.5 }
        return Double((value - valueRange.lowerBound) / span)
    }

    /// Averages the source cells under each plot pixel (or repeats them when enlarging) and colours them.
    private func drawCells(into image: inout RGBImage) {
        let w = plotWidth, h = plotHeight
        let left = Self.marginLeft, top = Self.marginTop
        // Source ranges per output column and row (at least one source cell each).
        let columnRanges = (0..<w).map { x in Self.sourceRange(x, of: w, count: columnCount) }
        let rowRanges = (0..<h).map { y in Self.sourceRange(h - 1 - y, of: h, count: rowCount) }
        values.withUnsafeBufferPointer { v in
            for y in 0..<h {
                let rows = rowRanges[y]
                for x in 0..<w {
                    let columns = columnRanges[x]
                    var sum: Float = 0
                    for row in rows { for column in columns { sum += v[row * columnCount + column] } }
                    let mean = sum / Float(rows.count * columns.count)
                    image.set(left + x, top + y, colorMap.color(fraction(mean)))
                }
            }
        }
    }

    /// The source cells that output pixel `index` of `length` covers.
    static func sourceRange(_ index: Int, of length: Int, count: Int) -> Range<Int> {
        let lower = index * count / length
        let upper = max(lower + 1, (index + 1) * count / length)
        return lower..<min(upper, count)
    }

    private func drawAxes(into image: inout RGBImage) {
        let left = Self.marginLeft, top = Self.marginTop, w = plotWidth, h = plotHeight
        let scale = Self.textScale
        image.strokeRectangle(x: left - 1, y: top - 1, width: w + 2, height: h + 2, Self.frameColor)
        var lastLabelEnd = Int.min
        for tick in horizontalAxis.ticks where (0...1).contains(tick.position) {
            let x = left + Int((tick.position * Double(w - 1)).rounded())
            image.fill(x: x, y: top + h + 1, width: 1, height: Self.tickLength, Self.frameColor)
            let labelWidth = RGBImage.textSize(tick.label, scale: scale).width
            // Skip labels that would overlap the previous one.
            guard x - labelWidth / 2 > lastLabelEnd + 8 else { continue }
            image.drawText(tick.label, x: x, y: top + h + Self.tickLength + 6, scale: scale, color: Self.textColor,
                           anchor: .topCenter)
            lastLabelEnd = x + labelWidth / 2
        }
        image.drawText(horizontalAxis.title, x: left + w / 2, y: top + h + Self.tickLength + 30, scale: scale,
                       color: Self.textColor, anchor: .topCenter)
        var lastLabelTop = Int.max
        for tick in verticalAxis.ticks where (0...1).contains(tick.position) {
            let y = top + h - 1 - Int((tick.position * Double(h - 1)).rounded())
            image.fill(x: left - 1 - Self.tickLength, y: y, width: Self.tickLength, height: 1, Self.frameColor)
            guard y + 7 * scale / 2 < lastLabelTop - 4 else { continue }
            image.drawText(tick.label, x: left - Self.tickLength - 6, y: y, scale: scale, color: Self.textColor,
                           anchor: .centerRight)
            lastLabelTop = y - 7 * scale / 2
        }
        image.drawVerticalText(verticalAxis.title, x: 18, y: top + h / 2, scale: scale, color: Self.textColor)
    }

    private func drawColorBar(into image: inout RGBImage) {
        let top = Self.marginTop, h = plotHeight
        let left = Self.marginLeft + plotWidth + Self.colorBarGap
        for y in 0..<h {
            let color = colorMap.color(Double(h - 1 - y) / Double(max(h - 1, 1)))
            image.fill(x: left, y: top + y, width: Self.colorBarWidth, height: 1, color)
        }
        image.strokeRectangle(x: left - 1, y: top - 1, width: Self.colorBarWidth + 2, height: h + 2, Self.frameColor)
        for tick in colorBarTicks {
            let y = top + h - 1 - Int((tick.position * Double(h - 1)).rounded())
            image.fill(x: left + Self.colorBarWidth + 1, y: y, width: 5, height: 1, Self.frameColor)
            image.drawText(tick.label, x: left + Self.colorBarWidth + 10, y: y, scale: Self.textScale,
                           color: Self.textColor, anchor: .centerLeft)
        }
        // `rightMargin` leaves room for this: the title never needs to be pulled back over the labels.
        let titleX = left + colorBarTitleOffset
        image.drawVerticalText(colorBarTitle, x: titleX, y: top + h / 2, scale: Self.textScale, color: Self.textColor)
    }

    private func drawTitle(into image: inout RGBImage) {
        let scale = Self.textScale
        let maximumCharacters = max(4, (image.width - 20) / (BitmapFont.advance * scale))
        var text = title
        if text.count > maximumCharacters { text = String(text.prefix(maximumCharacters - 3)) + "..." }
        image.drawText(text, x: image.width / 2, y: 16, scale: scale, color: .black, anchor: .topCenter)
    }
}
