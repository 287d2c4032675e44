import EscPos
import PaperRendering
import Testing

@Suite("ESC/POS encoder", .timeLimit(.minutes(5)))
struct EscPosEncoderTests {
    @Test func chineseTextIsGB18030InsideChineseMode() throws {
        let out = try EscPosEncoder(paper: .mm58).encode(PrintDocument([.text("张A")]))
        #expect(out.bytes == [0x1B, 0x40, 0x1C, 0x26, 0xD5, 0xC5, 0x41, 0x1C, 0x2E, 0x0A])
        let ascii = try EscPosEncoder().encode(PrintDocument([.text("A001", .heading)]))
        #expect(ascii.bytes == [0x1B, 0x40, 0x1B, 0x61, 0x01, 0x1B, 0x45, 0x01, 0x1D, 0x21, 0x11,
                                0x41, 0x30, 0x30, 0x31, 0x0A, 0x1D, 0x21, 0x00, 0x1B, 0x45, 0x00, 0x1B, 0x61, 0x00])
    }

    @Test func wrapsByDisplayWidth() {
        let han = String(repeating: "政", count: 20)
        #expect(DisplayWidth.wrap(han, columns: 32).map(\.count) == [16, 4], "a Han character takes two of 32 columns")
        #expect(DisplayWidth.wrap("居民身份证 ID card", columns: 12) == ["居民身份证", "ID card"])
        #expect(DisplayWidth.wrap("a\nb", columns: 10) == ["a", "b"])
        #expect(DisplayWidth.columns(of: "新生儿出生 B001") == 15)
    }

    @Test func doubleWidthTextWrapsAtHalfTheColumns() throws {
        let out = try EscPosEncoder(paper: .mm58).encode(PrintDocument([.text(String(repeating: "号", count: 10), TextStyle(width: 2, height: 2))]))
        let parsed = EscPosParser().parse(out.bytes)
        let texts = parsed.operations.compactMap { if case .text(let t) = $0.operation { t } else { nil } }
        #expect(texts == [String(repeating: "号", count: 8), "号号"])
    }

    @Test func rareCharacterWithoutAFontIsSubstitutedVisiblyAndReported() throws {
        let out = try EscPosEncoder().encode(PrintDocument([.text("姓名：王𠮷")]))
        #expect(out.substituted == ["𠮷"])
        let text = EscPosParser().parse(out.bytes).operations.compactMap { if case .text(let t) = $0.operation { t } else { nil } }
        #expect(text == ["姓名：王[U+20BB7]"])
    }

    @Test func rareCharacterWithAFontBecomesARasterLine() throws {
        let font = try #require(GlyphFont.system(), "fonts-noto-cjk is installed by scripts/system-packages")
        let out = try EscPosEncoder(rasterizer: font).encode(PrintDocument([.text("姓名：王𠮷"), .text("A001")]))
        #expect(out.rasterizedLines == ["姓名：王𠮷"])
        #expect(out.substituted.isEmpty)
        let operations = EscPosParser().parse(out.bytes).operations.map(\.operation)
        guard case .raster(let image) = operations[1] else {
            Issue.record("expected a raster line, got \(operations)")
            return
        }
        #expect(image.height == 24)
        #expect(image.width == 5 * 24, "姓, 名, ：, 王 and 𠮷: five cells of 24 dots")
        #expect(image.bits.contains { $0 != 0 }, "the glyphs are drawn")
    }

    @Test func malformedElementsAreRefused() {
        #expect(throws: EncodingError.barcodeData("号码")) { try EscPosEncoder().encode(PrintDocument([.code128("号码")])) }
        #expect(throws: EncodingError.qrDataLength(0)) { try EscPosEncoder().encode(PrintDocument([.qrCode("")])) }
        #expect(throws: EncodingError.imageTooLarge(width: 600, height: 1)) {
            try EscPosEncoder().encode(PrintDocument([.image(Raster(width: 600, height: 1))]))
        }
    }

    @Test func pairPutsTheValueAtTheRightEdge() throws {
        let out = try EscPosEncoder(paper: .mm58).encode(PrintDocument([.pair("前面还有", "3 人")]))
        let text = EscPosParser().parse(out.bytes).operations.compactMap { if case .text(let t) = $0.operation { t } else { nil } }
        #expect(text.first.map { DisplayWidth.columns(of: $0) } == 32)
        #expect(text.first?.hasSuffix(" 3 人") == true)
    }
}
