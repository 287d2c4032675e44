/// What a printed slip says, independent of bytes: the layouts (queue ticket, notices)
/// build one, `EscPosEncoder` turns it into ESC/POS for a given paper width.
public struct PrintDocument: Sendable, Equatable {
    public var elements: [PrintElement]

    public init(_ elements: [PrintElement] = []) { self.elements = elements }

    public mutating func append(_ element: PrintElement) { elements.append(element) }
}

public enum PrintElement: Sendable, Equatable {
    /// A paragraph, wrapped to the paper by display width.
    case text(String, TextStyle = TextStyle())
    /// A label on the left and a value on the right of one line (wrapped when too long).
    case pair(String, String, TextStyle = TextStyle())
    /// A line of the given character across the paper.
    case rule(Character = "-")
    case qrCode(String, moduleSize: Int = 6, errorCorrection: QRErrorCorrection = .medium)
    case code128(String, height: Int = 64, moduleWidth: Int = 2)
    case image(Raster)
    case feed(Int)
    case cut(partial: Bool = true)
}

public struct TextStyle: Sendable, Equatable {
    public var alignment: Alignment
    public var bold: Bool
    /// Character scale, 1…8 each way (GS !).
    public var width: Int
    public var height: Int

    public init(alignment: Alignment = .left, bold: Bool = false, width: Int = 1, height: Int = 1) {
        self.alignment = alignment
        self.bold = bold
        self.width = min(max(width, 1), 8)
        self.height = min(max(height, 1), 8)
    }

    public static let centered = TextStyle(alignment: .center)
    public static let heading = TextStyle(alignment: .center, bold: true, width: 2, height: 2)
}

/// Paper roll widths of hall printers; dots at 203 dpi, columns of Font A (12 dots).
public enum PaperWidth: Int, Sendable, Codable, Equatable, CaseIterable {
    case mm58 = 58, mm80 = 80

    public var dots: Int { self == .mm58 ? 384 : 576 }
    public var columns: Int { dots / 12 }
}
