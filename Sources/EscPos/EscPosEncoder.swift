/// Compiles a `PrintDocument` to ESC/POS bytes for one printer's paper width.
///
/// Chinese text goes out as GB18030 between FS & and FS . (escpos-php `textChinese`).
/// A line holding a character outside the printer's double-byte font (a rare character
/// in a citizen's name) is sent as a raster image of that line (GS v 0) drawn with a real
/// font; with no font at hand the character is replaced by a visible `[U+XXXXX]`, and the
/// replacement is reported, so a name is never silently shortened.
public struct EscPosEncoder: Sendable {
    public var paper: PaperWidth
    public var rasterizer: (any TextRasterizer)?

    public init(paper: PaperWidth = .mm80, rasterizer: (any TextRasterizer)? = nil) {
        self.paper = paper
        self.rasterizer = rasterizer
    }

    /// The bytes of a document and what had to be done about characters the font lacks.
    public struct Output: Sendable, Equatable {
        public var bytes: [UInt8]
        /// Lines sent as raster images because of a character outside double-byte GB18030.
        public var rasterizedLines: [String] = []
        /// Characters printed as `[U+XXXXX]` because no rasterizer could draw them.
        public var substituted: [Character] = []
    }

    public func encode(_ document: PrintDocument) throws(EncodingError) -> Output {
        var out = Output(bytes: EscPosCommand.initialize)
        for element in document.elements {
            try append(element, to: &out)
        }
        return out
    }

    private func append(_ element: PrintElement, to out: inout Output) throws(EncodingError) {
        switch element {
        case .text(let text, let style):
            setStyle(style, &out)
            for line in DisplayWidth.wrap(text, columns: paper.columns / style.width) {
                appendLine(line, style: style, to: &out)
            }
            resetStyle(style, &out)
        case .pair(let left, let right, let style):
            setStyle(style, &out)
            let limit = paper.columns / style.width
            let used = DisplayWidth.columns(of: left) + DisplayWidth.columns(of: right)
            if used + 1 <= limit {
                appendLine(left + String(repeating: " ", count: limit - used) + right, style: style, to: &out)
            } else {
                for line in DisplayWidth.wrap(left, columns: limit) { appendLine(line, style: style, to: &out) }
                out.bytes += EscPosCommand.align(.right)
                for line in DisplayWidth.wrap(right, columns: limit) { appendLine(line, style: style, to: &out) }
                out.bytes += EscPosCommand.align(.left)
            }
            resetStyle(style, &out)
        case .rule(let character):
            let width = max(DisplayWidth.columns(of: character), 1)
            appendLine(String(repeating: character, count: paper.columns / width), style: TextStyle(), to: &out)
        case .qrCode(let payload, let moduleSize, let level):
            let data = Array(payload.utf8)
            guard !data.isEmpty, data.count <= 7089 else { throw .qrDataLength(data.count) }
            out.bytes += EscPosCommand.align(.center)
            out.bytes += EscPosCommand.qrModel2 + EscPosCommand.qrModuleSize(moduleSize)
                + EscPosCommand.qrErrorCorrection(level) + EscPosCommand.qrStore(data) + EscPosCommand.qrPrint
            out.bytes += EscPosCommand.lineFeed + EscPosCommand.align(.left)
        case .code128(let payload, let height, let moduleWidth):
            guard !payload.isEmpty, payload.count <= 253,
                  payload.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
                throw .barcodeData(payload)
            }
            out.bytes += EscPosCommand.align(.center)
            out.bytes += EscPosCommand.barcodeHeight(height) + EscPosCommand.barcodeModuleWidth(moduleWidth)
                + EscPosCommand.barcodeTextBelow + EscPosCommand.code128(Array(payload.utf8))
            out.bytes += EscPosCommand.lineFeed + EscPosCommand.align(.left)
        case .image(let raster):
            guard raster.width <= paper.dots, raster.height <= 0xFFFF else { throw .imageTooLarge(width: raster.width, height: raster.height) }
            out.bytes += EscPosCommand.rasterImage(raster)
        case .feed(let lines):
            out.bytes += EscPosCommand.feed(lines: lines)
        case .cut(let partial):
            out.bytes += EscPosCommand.feed(lines: 3) + EscPosCommand.cut(partial: partial)
        }
    }

    private func setStyle(_ style: TextStyle, _ out: inout Output) {
        if style.alignment != .left { out.bytes += EscPosCommand.align(style.alignment) }
        if style.bold { out.bytes += EscPosCommand.bold(true) }
        if style.width != 1 || style.height != 1 { out.bytes += EscPosCommand.characterSize(width: style.width, height: style.height) }
    }

    private func resetStyle(_ style: TextStyle, _ out: inout Output) {
        if style.width != 1 || style.height != 1 { out.bytes += EscPosCommand.characterSize(width: 1, height: 1) }
        if style.bold { out.bytes += EscPosCommand.bold(false) }
        if style.alignment != .left { out.bytes += EscPosCommand.align(.left) }
    }

    private func appendLine(_ line: String, style: TextStyle, to out: inout Output) {
        let codes = GB18030.codes(of: line)
        if codes.allSatisfy({ GB18030.isPrintable(code: $0.bytes) }) {
            out.bytes += Self.textBytes(codes)
            out.bytes += EscPosCommand.lineFeed
            return
        }
        if let rasterizer, let image = rasterizer.rasterize(line, height: 24 * style.height, bold: style.bold),
           image.width <= paper.dots {
            out.rasterizedLines.append(line)
            out.bytes += EscPosCommand.rasterImage(image)
            return
        }
        var visible = ""
        for (character, bytes) in codes {
            if GB18030.isPrintable(code: bytes) {
                visible.append(character)
            } else {
                out.substituted.append(character)
                visible += character.unicodeScalars.map { "[U+" + String($0.value, radix: 16, uppercase: true) + "]" }.joined()
            }
        }
        out.bytes += Self.textBytes(GB18030.codes(of: visible))
        out.bytes += EscPosCommand.lineFeed
    }

    /// ASCII as is; anything else in Chinese mode.
    static func textBytes(_ codes: [(character: Character, bytes: [UInt8]?)]) -> [UInt8] {
        if codes.allSatisfy({ $0.character.isASCII }) { return codes.flatMap { Array(String($0.character).utf8) } }
        var bytes = EscPosCommand.chineseModeOn
        for code in codes { bytes += code.bytes ?? [0x3F] }
        return bytes + EscPosCommand.chineseModeOff
    }
}

/// A document that cannot be put into ESC/POS.
public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    case qrDataLength(Int)
    case barcodeData(String)
    case imageTooLarge(width: Int, height: Int)

    public var description: String {
        switch self {
        case .qrDataLength(let n): "a QR code holds 1 to 7089 bytes, not \(n)"
        case .barcodeData(let s): "CODE128 (code set B) takes 1 to 253 printable ASCII characters, not \"\(s)\""
        case .imageTooLarge(let w, let h): "an image of \(w)×\(h) dots does not fit the paper"
        }
    }
}
