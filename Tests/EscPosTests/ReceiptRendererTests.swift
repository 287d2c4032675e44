import EscPos
import Foundation
import PaperRendering
import TestSupport
import Testing

@Suite("Paper preview of ESC/POS", .timeLimit(.minutes(5)))
struct ReceiptRendererTests {
    static let document = PrintDocument([
        .text("示例旗政务服务中心", .heading),
        .text("B001", TextStyle(alignment: .center, bold: true, width: 4, height: 4)),
        .text("一件事一次办 · 新生儿出生", .centered),
        .qrCode("http://127.0.0.1:8080/ticket.html?id=3f9c", moduleSize: 6),
        .code128("B001", height: 60),
        .cut(),
    ])

    @Test func textAndCutsAreTranscribed() throws {
        let bytes = try EscPosEncoder().encode(Self.document).bytes
        let receipt = ReceiptRenderer(paper: .mm80).render(bytes)
        #expect(receipt.problems == [])
        let lines = receipt.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("示例旗政务服务中心"))
        #expect(lines.contains("B001"))
        #expect(lines.contains("一件事一次办 · 新生儿出生"))
        #expect(lines.contains("[QR] http://127.0.0.1:8080/ticket.html?id=3f9c"))
        #expect(lines.contains("[CODE128] B001"))
        #expect(receipt.cuts == 1)
        #expect(receipt.image.width == 576)
    }

    /// The QR code and the barcode in the picture are real: a decoder reads them back.
    @Test(.enabled(if: TestNeed.ocr.wanted, "opted out: ONEVISIT_TEST_WITHOUT=ocr"))
    func picturedCodesDecodeWithZbar() throws {
        let bytes = try EscPosEncoder().encode(Self.document).bytes
        let receipt = ReceiptRenderer(paper: .mm80).render(bytes)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-receipt-\(UUID().uuidString).png")
        try Data(receipt.image.pngData()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let decoded = try zbar(file.path)
        #expect(decoded.contains("QR-Code:http://127.0.0.1:8080/ticket.html?id=3f9c"), "\(decoded)")
        #expect(decoded.contains("CODE-128:B001"), "\(decoded)")
    }

    @Test func pngRoundTripKeepsThePixels() throws {
        let receipt = ReceiptRenderer(paper: .mm58).render(try EscPosEncoder(paper: .mm58).encode(PrintDocument([.text("号")])).bytes)
        let back = try GrayImage(png: receipt.image.pngData())
        #expect(back == receipt.image)
        #expect(back.pixels.contains(0), "the character is drawn in black")
    }

    /// Noise does not compress: its PNG outgrows the first buffer, and the second try keeps every pixel.
    @Test func pngOfAnImageThatDoesNotCompressKeepsThePixels() throws {
        var random = SystemRandomNumberGenerator()
        let image = GrayImage(width: 576, height: 2000, pixels: (0..<(576 * 2000)).map { _ in UInt8.random(in: 0...255, using: &random) })
        let png = try image.pngData()
        #expect(png.count > image.pixels.count, "stored, not compressed")
        #expect(try GrayImage(png: png) == image)
    }

    @Test func brokenStreamStillRendersWhatItCanAndSaysWhere() {
        var bytes: [UInt8] = [0x1B, 0x40, 0x1C, 0x26] + GB18030Bytes.of("窗口") + [0x1C, 0x2E, 0x0A]
        bytes += [0x1D, 0x99, 0x41, 0x0A]                       // unknown GS command
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]  // QR print with nothing stored
        bytes += [0x1D, 0x28, 0x6B, 0xFF, 0x00, 0x31]              // truncated
        let receipt = ReceiptRenderer().render(bytes)
        #expect(receipt.text.contains("窗口"))
        #expect(receipt.problems.map(\.offset) == [11, 15, 23])
        #expect(receipt.problems[0].message == "unknown command GS 0x99")
    }

    /// Found by review: an empty CODE128 with text below used to take a line that was not its own.
    @Test func emptyBarcodeWithTextBelowIsAProblemNotACrash() {
        let receipt = ReceiptRenderer().render([0x1D, 0x48, 0x02, 0x1D, 0x6B, 0x49, 0x02, 0x7B, 0x42])
        #expect(receipt.barcodes == [""])
        let many = ReceiptRenderer().render([0x41, 0x0A] + [0x1D, 0x48, 0x02, 0x1D, 0x6B, 0x49, 0x03, 0x7B, 0x42, 0x31])
        #expect(many.text.contains("A"), "the line before the barcode stays in the transcript")
    }

    @Test func endlessFeedsStopAtAFewMetresOfPaper() {
        let receipt = ReceiptRenderer(paper: .mm58).render(Array(repeating: [0x1B, 0x64, 0xFF], count: 300).flatMap { $0 })
        #expect(receipt.image.height < 33_000)
        #expect(receipt.problems.contains { $0.message.contains("longer than") })
        // A shorter roll (the fuzzer's) stops at its own end, with the text still drawn above.
        var short = ReceiptRenderer(paper: .mm80, font: nil)
        short.maximumRows = 500
        let clipped = short.render(Array("A\n".utf8) + [0x1D, 0x76, 0x30, 0x00, 0x01, 0x00, 0x00, 0x04] + [UInt8](repeating: 0xFF, count: 1024))
        #expect(clipped.image.height == 500 + 8)
        #expect(clipped.problems.contains { $0.message.contains("longer than 500 dots") })
        #expect(clipped.image.pixels[499 * 576] == 0)
    }

    /// Random and mutated streams through the whole preview: it always finishes.
    /// The preview draws runs of dots and skips blank bytes (issue 17, the fuzzer's speed):
    /// every dot of a random image must still land where the printer puts it, and nothing
    /// else turn black, left-aligned, centred, and cut at the paper's edge when too wide.
    @Test(arguments: [(8, 40, Alignment.left), (23, 17, .center), (90, 9, .left)])
    func rasterImagesLandDotForDot(bytesPerRow: Int, height: Int, alignment: Alignment) throws {
        var rng = SeededGenerator()
        let bits = (0..<(bytesPerRow * height)).map { _ -> UInt8 in
            // Blank bytes, full bytes and mixed ones, as glyphs and QR codes have.
            switch Int.random(in: 0..<4, using: &rng) { case 0: 0; case 1: 0xFF; default: UInt8.random(in: 0...255, using: &rng) }
        }
        let image = try #require(Raster(width: bytesPerRow * 8, height: height, bits: bits))
        let stream = [0x1B, 0x61, alignment.rawValue] + EscPosCommand.rasterImage(image)
        let rendered = ReceiptRenderer(paper: .mm80, font: nil).render(stream).image
        let dots = PaperWidth.mm80.dots, left = alignment == .center ? max((dots - image.width) / 2, 0) : 0
        var wrong: [String] = []
        for row in 0..<rendered.height {
            for column in 0..<dots {
                let (sx, sy) = (column - left, row - 8)
                let expected = image[sx, sy]
                if (rendered.pixels[row * dots + column] == 0) != expected { wrong.append("(\(column), \(row))") }
            }
        }
        #expect(wrong.isEmpty, "seed \(rng.seed): \(wrong.count) dots differ, first \(wrong.prefix(5))")
    }

    /// The scaled path of the same blit: a QR code's modules, each `module` × `module` dots,
    /// centred below its quiet zone, and a symbol wider than the paper cut at its edge.
    @Test(arguments: [(5, "http://127.0.0.1:8080/ticket.html?id=0193f2a0-7c1e-7b2a-9d41-5f0e3c2a1b00"), (16, String(repeating: "0123456789", count: 10))])
    func qrModulesLandDotForDot(module: Int, payload: String) throws {
        let data = Array(payload.utf8)
        let symbol = try #require(QRSymbol.modules(for: data, level: .low))
        if module == 16 { #expect(symbol.width * module > PaperWidth.mm80.dots, "the second case is wider than the paper") }
        let stream = [0x1B, 0x61, 0x01] + EscPosCommand.qrModuleSize(module) + EscPosCommand.qrStore(data) + EscPosCommand.qrPrint
        let rendered = ReceiptRenderer(paper: .mm80, font: nil).render(stream).image
        let dots = PaperWidth.mm80.dots
        let left = max((dots - symbol.width * module) / 2, 0), top = 8 + 4 * module
        var wrong = 0
        for row in 0..<rendered.height {
            for column in 0..<dots {
                let (dx, dy) = (column - left, row - top)
                let expected = dx >= 0 && dy >= 0 && symbol[dx / module, dy / module]
                if (rendered.pixels[row * dots + column] == 0) != expected { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(wrong) dots differ for a \(symbol.width)-module symbol at \(module) dots a module")
    }

    @Test func randomStreamsNeverTrapTheRenderer() throws {
        var generator = SplitMix(seed: 7)
        let valid = try EscPosEncoder().encode(Self.document).bytes
        for round in 0..<300 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                for _ in 0..<(1 + Int(generator.next() % 8)) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            let receipt = ReceiptRenderer(font: nil).render(bytes)
            #expect(receipt.image.pixels.count == receipt.image.width * receipt.image.height)
        }
    }

}

enum GB18030Bytes {
    static func of(_ text: String) -> [UInt8] { text.flatMap { GB18030.encode($0) ?? [] } }
}
