import CFreeType
import EscPos
import Synchronization

/// A real outline font (FreeType) drawn as a thermal printer draws its bitmap font: a
/// 24-dot cell for a Chinese character, 12 for ASCII, scaled by whole dots. Used by the
/// paper preview and as the raster fallback for characters a printer's font lacks.
public final class GlyphFont: TextRasterizer, Sendable {
    /// Fonts tried when none is configured: Noto Sans CJK (Debian fonts-noto-cjk), face 2
    /// of the collection is the Simplified Chinese one.
    public static let defaultCandidates: [(path: String, face: Int)] = [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ]

    public static let cellHeight = 24

    public let path: String
    private let state: Mutex<FaceHandle>
    /// Cells already drawn: the kiosk encoder and every simulated printer's preview share
    /// one font, and FreeType under its lock for every character made them wait on each other.
    private let drawn = Mutex<[CellKey: Raster]>([:])
    /// Enough for every character a hall prints; a stream of random characters stops filling it here.
    static let drawnLimit = 8192

    private struct CellKey: Hashable {
        var scalar: UInt32
        var width: Int
        var bold: Bool
    }

    /// Opens a font file; nil when FreeType cannot read it.
    public init?(path: String, face: Int = 0) {
        guard let handle = FaceHandle(path: path, face: face) else { return nil }
        self.path = path
        state = Mutex(handle)
    }

    /// The first default font present on this machine.
    public static func system() -> GlyphFont? {
        for candidate in defaultCandidates {
            if let font = GlyphFont(path: candidate.path, face: candidate.face) { return font }
        }
        return nil
    }

    public var familyName: String { state.withLock { $0.familyName } }

    public func hasGlyph(for character: Character) -> Bool {
        state.withLock { handle in character.unicodeScalars.allSatisfy { handle.hasGlyph($0) } }
    }

    /// The character in its cell (24 dots high; 12 or 24 wide), black = true.
    public func cell(for character: Character, bold: Bool) -> Raster {
        let width = DisplayWidth.columns(of: character) * Self.cellHeight / 2
        var cell = Raster(width: width, height: Self.cellHeight)
        guard let scalar = character.unicodeScalars.first else { return cell }
        let key = CellKey(scalar: scalar.value, width: width, bold: bold)
        if let known = drawn.withLock({ $0[key] }) { return known }
        state.withLock { $0.draw(scalar, into: &cell, bold: bold) }
        drawn.withLock { if $0.count < Self.drawnLimit { $0[key] = cell } }
        return cell
    }

    public func rasterize(_ text: String, height: Int, bold: Bool) -> Raster? {
        guard text.allSatisfy({ $0 == " " || hasGlyph(for: $0) }) else { return nil }
        let scale = max(1, height / Self.cellHeight)
        let cells = text.map { cell(for: $0, bold: bold) }
        var image = Raster(width: cells.reduce(0) { $0 + $1.width } * scale, height: Self.cellHeight * scale)
        var x0 = 0
        for cell in cells {
            image.blit(cell, x: x0, y: 0, scaleX: scale, scaleY: scale)
            x0 += cell.width * scale
        }
        return image
    }
}

/// The FreeType library and face; used only under the font's lock.
private struct FaceHandle: ~Copyable {
    let library: FT_Library
    let face: FT_Face
    let baseline: Int

    init?(path: String, face index: Int) {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        var face: FT_Face?
        guard FT_New_Face(library, path, FT_Long(index), &face) == 0, let face else {
            FT_Done_FreeType(library)
            return nil
        }
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(GlyphFont.cellHeight - 2))
        self.library = library
        self.face = face
        let ascender = Int(face.pointee.size.pointee.metrics.ascender >> 6)
        baseline = min(max(ascender + 1, 16), GlyphFont.cellHeight - 2)
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    var familyName: String { face.pointee.family_name.map { String(cString: $0) } ?? "" }

    func hasGlyph(_ scalar: Unicode.Scalar) -> Bool { FT_Get_Char_Index(face, FT_ULong(scalar.value)) != 0 }

    func draw(_ scalar: Unicode.Scalar, into cell: inout Raster, bold: Bool) {
        guard hasGlyph(scalar), FT_Load_Char(face, FT_ULong(scalar.value), FT_Int32(FT_LOAD_RENDER)) == 0,
              let slot = face.pointee.glyph else { return }
        let bitmap = slot.pointee.bitmap
        guard let buffer = bitmap.buffer else { return }
        let advance = Int(slot.pointee.advance.x >> 6)
        // Centre the glyph's advance in its cell, as fixed-pitch printer fonts are.
        let left = (cell.width - advance) / 2 + Int(slot.pointee.bitmap_left)
        let top = baseline - Int(slot.pointee.bitmap_top)
        let mono = bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_MONO.rawValue)
        guard mono || bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_GRAY.rawValue) else { return }
        for row in 0..<Int(bitmap.rows) {
            for column in 0..<Int(bitmap.width) {
                let black = mono
                    ? buffer[row * Int(bitmap.pitch) + column / 8] & (0x80 >> UInt8(column % 8)) != 0
                    : buffer[row * Int(bitmap.pitch) + column] >= 128
                guard black else { continue }
                cell[left + column, top + row] = true
                if bold { cell[left + column + 1, top + row] = true }
            }
        }
    }
}

extension Raster {
    /// Copies another image in, each dot scaled to a block; black dots only (an overlay).
    public mutating func blit(_ source: Raster, x: Int, y: Int, scaleX: Int = 1, scaleY: Int = 1) {
        for sy in 0..<source.height {
            for sx in 0..<source.width where source[sx, sy] {
                for dy in 0..<scaleY {
                    for dx in 0..<scaleX { self[x + sx * scaleX + dx, y + sy * scaleY + dy] = true }
                }
            }
        }
    }
}
