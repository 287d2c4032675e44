import EscPos

/// Plays an ESC/POS stream the way a thermal printer would, onto a picture of the paper
/// roll and a plain-text transcript: text in a real CJK font with sizes, bold and
/// alignment, QR codes as real modules, CODE128 bars, raster images and cut marks.
/// Problems in the stream are collected with their offsets; nothing in it can trap.
public struct ReceiptRenderer: Sendable {
    public var paper: PaperWidth
    public var font: GlyphFont?
    /// Dots between text lines beyond the 24-dot cell (ESC 2 default spacing is 30 dots).
    public var lineGap = 6
    /// Where the preview stops: about 4 m of paper, so a broken stream cannot eat memory.
    /// The fuzzer draws on a shorter roll: a longer one only repeats what it exercised.
    public var maximumRows = 32_000

    public init(paper: PaperWidth = .mm80, font: GlyphFont? = GlyphFont.system()) {
        self.paper = paper
        self.font = font
    }

    public func render(_ bytes: [UInt8]) -> RenderedReceipt {
        let parsed = EscPosParser().parse(bytes)
        var press = Press(paper: paper, font: font, lineGap: lineGap, maximumRows: max(maximumRows, 16))
        press.problems = parsed.problems
        for (offset, operation) in parsed.operations { press.apply(operation, at: offset) }
        press.flushLine()
        return press.result()
    }
}

/// A rendered receipt: the paper (white 255, black 0) and what was printed on it.
public struct RenderedReceipt: Sendable {
    public var image: GrayImage
    /// The printed text line by line; QR codes, barcodes, images and cuts as `[…]` lines.
    public var text: String
    public var qrPayloads: [String]
    public var barcodes: [String]
    public var cuts: Int
    public var problems: [StreamProblem]
}

private struct Glyph {
    var character: Character
    var bold: Bool
    var width: Int
    var height: Int
}

/// The printer's state while it plays a stream.
private struct Press {
    let paper: PaperWidth
    let font: GlyphFont?
    let lineGap: Int
    let maximumRows: Int
    var canvas: [UInt8] = []
    var y = 8
    var lines: [String] = []
    var qrPayloads: [String] = []
    var barcodes: [String] = []
    var cuts = 0
    var problems: [StreamProblem] = []

    var alignment: Alignment = .left
    var bold = false
    var width = 1
    var height = 1
    var line: [Glyph] = []
    var lineDots = 0
    var qrModule = 3
    var qrLevel: QRErrorCorrection = .low
    var qrData: [UInt8]?
    var barHeight = 162
    var barModule = 3
    var barTextBelow = false

    init(paper: PaperWidth, font: GlyphFont?, lineGap: Int, maximumRows: Int) {
        self.paper = paper
        self.font = font
        self.lineGap = lineGap
        self.maximumRows = maximumRows
    }

    mutating func apply(_ operation: EscPosOperation, at offset: Int) {
        switch operation {
        case .initialize:
            flushLine()
            alignment = .left; bold = false; width = 1; height = 1
            qrModule = 3; qrLevel = .low; qrData = nil; barHeight = 162; barModule = 3; barTextBelow = false
        case .lineFeed:
            if line.isEmpty { advance(24 * height + lineGap); lines.append("") } else { flushLine() }
        case .text(let text):
            for character in text { add(character) }
        case .align(let a): alignment = a
        case .bold(let on): bold = on
        case .characterSize(let w, let h): width = w; height = h
        case .printMode(let mode):
            bold = mode & 0x08 != 0
            width = mode & 0x20 != 0 ? 2 : 1
            height = mode & 0x10 != 0 ? 2 : 1
        case .chineseMode, .ignored, .statusRequest: break
        case .feed(let n):
            flushLine()
            advance(n * (24 + lineGap))
            lines += Array(repeating: "", count: n)
        case .cut(let partial):
            flushLine()
            cuts += 1
            advance(6)
            drawCutMark()
            lines.append(partial ? "[partial cut]" : "[cut]")
            advance(10)
        case .qrModel(let model):
            if model != 2 { problems.append(StreamProblem(offset: offset, message: "QR model \(model) is not model 2")) }
        case .qrModuleSize(let n): qrModule = min(max(n, 1), 16)
        case .qrErrorCorrection(let level): qrLevel = level
        case .qrStore(let data): qrData = data
        case .qrPrint:
            flushLine()
            guard let data = qrData, let symbol = QRSymbol.modules(for: data, level: qrLevel) else {
                problems.append(StreamProblem(offset: offset, message: "QR print with no stored data (or too much for a QR code)"))
                return
            }
            let quiet = 4 * qrModule
            advance(quiet)
            drawAligned(symbol, scale: qrModule)
            advance(quiet)
            let payload = String(decoding: data, as: UTF8.self)
            qrPayloads.append(payload)
            lines.append("[QR] " + payload)
        case .barcodeHeight(let h): barHeight = max(h, 1)
        case .barcodeModuleWidth(let w): barModule = min(max(w, 1), 6)
        case .barcodeTextPosition(let p): barTextBelow = p == 2 || p == 3 || p == 0x32 || p == 0x33
        case .barcode(let system, let data):
            flushLine()
            do {
                let (name, text, modules) = try BarcodeSystems.encode(system: system, data: data)
                drawBars(modules, text: text)
                barcodes.append(text)
                lines.append("[\(name)] " + text)
            } catch {
                problems.append(StreamProblem(offset: offset, message: error.description))
            }
        case .raster(let image):
            flushLine()
            if image.width > paper.dots {
                problems.append(StreamProblem(offset: offset, message: "raster image \(image.width) dots wide is wider than the paper (\(paper.dots))"))
            }
            drawAligned(image, scale: 1)
            lines.append("[image \(image.width)×\(image.height)]")
        }
    }

    // MARK: Text

    mutating func add(_ character: Character) {
        let glyph = Glyph(character: character, bold: bold, width: width, height: height)
        let dots = DisplayWidth.columns(of: character) * 12 * width
        if lineDots + dots > paper.dots { flushLine() }
        line.append(glyph)
        lineDots += dots
    }

    mutating func flushLine() {
        guard !line.isEmpty else { return }
        let lineHeight = line.map { 24 * $0.height }.max() ?? 24
        var x = startX(for: lineDots)
        for glyph in line {
            let cellWidth = DisplayWidth.columns(of: glyph.character) * 12
            if let font {
                let cell = font.cell(for: glyph.character, bold: glyph.bold)
                blit(cell, x: x, y: y + lineHeight - 24 * glyph.height, scaleX: glyph.width, scaleY: glyph.height)
            }
            x += cellWidth * glyph.width
        }
        let text = String(line.map(\.character))
        let pad = switch alignment {
        case .left: 0
        case .center: (paper.columns - lineDots / 12) / 2
        case .right: paper.columns - lineDots / 12
        }
        lines.append(String(repeating: " ", count: max(pad, 0)) + text)
        advance(lineHeight + lineGap)
        line = []
        lineDots = 0
    }

    func startX(for dots: Int) -> Int {
        switch alignment {
        case .left: 0
        case .center: max((paper.dots - dots) / 2, 0)
        case .right: max(paper.dots - dots, 0)
        }
    }

    // MARK: Drawing

    mutating func advance(_ dots: Int) {
        y += dots
        ensure(rows: y)
    }

    mutating func ensure(rows: Int) {
        let needed = min(rows, maximumRows) * paper.dots
        // Appending `Array(repeating:)` is a memset in any build; a `repeatElement` went element
        // by element in a debug build, seconds for a long roll.
        if canvas.count < needed { canvas += [UInt8](repeating: 255, count: needed - canvas.count) }
    }

    mutating func set(_ x: Int, _ row: Int, _ value: UInt8 = 0) {
        guard x >= 0, x < paper.dots, row >= 0, row < maximumRows else { return }
        ensure(rows: row + 1)
        canvas[row * paper.dots + x] = value
    }

    /// Draws the image's set dots, each `scaleX` × `scaleY`, clipped to the paper: the
    /// canvas is grown once and written in place, a run of set dots at a time, skipping
    /// blank bytes whole (the preview of every simulated print, and the fuzzer's hottest
    /// loop, run through here).
    mutating func blit(_ image: Raster, x: Int, y top: Int, scaleX: Int, scaleY: Int) {
        let dots = paper.dots
        let bottom = min(top + image.height * scaleY, maximumRows)
        guard bottom > max(top, 0), scaleX > 0, scaleY > 0, image.width > 0 else { return }
        ensure(rows: bottom)
        let width = image.width, bytesPerRow = image.bytesPerRow
        image.bits.withUnsafeBufferPointer { bits in
            canvas.withUnsafeMutableBufferPointer { paper in
                for sy in 0..<image.height {
                    let rowTop = max(top + sy * scaleY, 0), rowEnd = min(top + (sy + 1) * scaleY, bottom)
                    guard rowTop < rowEnd else { continue }
                    let row = bits.baseAddress! + sy * bytesPerRow
                    func isSet(_ sx: Int) -> Bool { row[sx >> 3] & (0x80 >> UInt8(sx & 7)) != 0 }
                    var sx = 0
                    while sx < width {
                        if sx & 7 == 0, row[sx >> 3] == 0 { sx += 8; continue }
                        guard isSet(sx) else { sx += 1; continue }
                        var end = sx + 1
                        while end < width, isSet(end) { end += 1 }
                        let left = max(x + sx * scaleX, 0), right = min(x + end * scaleX, dots)
                        if left < right {
                            for line in rowTop..<rowEnd {
                                UnsafeMutableBufferPointer(rebasing: paper[(line * dots + left)..<(line * dots + right)]).update(repeating: 0)
                            }
                        }
                        sx = end
                    }
                }
            }
        }
    }

    mutating func drawAligned(_ image: Raster, scale: Int) {
        blit(image, x: startX(for: image.width * scale), y: y, scaleX: scale, scaleY: scale)
        advance(image.height * scale)
    }

    mutating func drawBars(_ modules: [Bool], text: String) {
        let x0 = startX(for: modules.count * barModule)
        // The bars are the module pattern stretched to the bar height.
        var pattern = Raster(width: modules.count, height: 1)
        for (index, bar) in modules.enumerated() where bar { pattern[index, 0] = true }
        blit(pattern, x: x0, y: y, scaleX: barModule, scaleY: barHeight)
        advance(barHeight + 4)
        if barTextBelow {
            let saved = (alignment, bold, width, height)
            (bold, width, height) = (false, 1, 1)
            let transcript = lines.count
            for character in text { add(character) }
            flushLine()
            (alignment, bold, width, height) = saved
            // The digits under the bars are part of the barcode's own transcript line.
            lines.removeSubrange(transcript...)
        }
    }

    mutating func drawCutMark() {
        for x in stride(from: 0, to: paper.dots, by: 12) {
            for dx in 0..<6 { set(x + dx, y, 128) }
        }
        advance(1)
    }

    /// Hands the canvas over (the press is spent): a long roll is not copied.
    mutating func result() -> RenderedReceipt {
        var problems = self.problems
        if y > maximumRows {
            problems.append(StreamProblem(offset: 0, message: "the job is longer than \(maximumRows) dots of paper; the preview stops there"))
        }
        let rows = max(canvas.count / paper.dots, 1) + 8
        var pixels: [UInt8] = []
        swap(&pixels, &canvas)
        pixels += [UInt8](repeating: 255, count: rows * paper.dots - pixels.count)
        return RenderedReceipt(
            image: GrayImage(width: paper.dots, height: rows, pixels: pixels),
            text: lines.joined(separator: "\n"), qrPayloads: qrPayloads, barcodes: barcodes, cuts: cuts,
            problems: problems.sorted { $0.offset < $1.offset })
    }
}
