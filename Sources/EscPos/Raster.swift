/// A one-bit image as ESC/POS raster commands carry it (GS v 0): rows of bytes, most
/// significant bit leftmost, 1 = black dot.
public struct Raster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `(width + 7) / 8` bytes per row.
    public private(set) var bits: [UInt8]

    public var bytesPerRow: Int { (width + 7) / 8 }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = [UInt8](repeating: 0, count: ((self.width + 7) / 8) * self.height)
    }

    /// From packed rows; nil when the byte count does not fit the size.
    public init?(width: Int, height: Int, bits: [UInt8]) {
        guard width >= 0, height >= 0, bits.count == ((width + 7) / 8) * height else { return nil }
        self.width = width
        self.height = height
        self.bits = bits
    }

    public subscript(x: Int, y: Int) -> Bool {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return false }
            return bits[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let index = y * bytesPerRow + x / 8
            if newValue { bits[index] |= 0x80 >> UInt8(x % 8) } else { bits[index] &= ~(0x80 >> UInt8(x % 8)) }
        }
    }
}

/// Renders text to a one-bit image: the fallback for characters a printer's font lacks.
/// Implemented with a real font outside this module (PaperRendering's `GlyphFont`).
public protocol TextRasterizer: Sendable {
    /// The text as black dots on white, `height` dots tall; nil when the font lacks a glyph.
    func rasterize(_ text: String, height: Int, bold: Bool) -> Raster?
}
