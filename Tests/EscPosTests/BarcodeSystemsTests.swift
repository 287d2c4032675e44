import EscPos
import Foundation
import PaperRendering
import TestSupport
import Testing

/// The print preview draws every barcode system of `GS k` (issue 17) so that a scanner reads
/// it back (zbarimg), takes the code-page and character-set commands seen in the wild without
/// calling them problems, and previews python-escpos's own queue ticket with both its codes.
@Suite("Barcode systems in the preview")
struct BarcodeSystemsTests {
    static func render(_ bytes: [UInt8]) throws -> (RenderedReceipt, [String]) {
        let receipt = ReceiptRenderer(paper: .mm80).render(bytes)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-barcodes-\(UUID().uuidString).png")
        try Data(receipt.image.pngData()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return (receipt, try zbar(file.path))
    }

    static func gsK(_ m: UInt8, _ data: String) -> [UInt8] {
        let bytes = Array(data.utf8)
        return m < 65 ? [0x1D, 0x6B, m] + bytes + [0] : [0x1D, 0x6B, m, UInt8(bytes.count)] + bytes
    }

    @Test(.enabled(if: TestNeed.ocr.wanted, "opted out: ONEVISIT_TEST_WITHOUT=ocr"))
    func everySystemIsDrawnSoAScannerReadsIt() throws {
        // Each code on its own line, tall enough, with room between them.
        var bytes: [UInt8] = [0x1B, 0x40, 0x1D, 0x68, 80, 0x1D, 0x77, 2]
        let codes: [(UInt8, String, String)] = [
            (0, "01234567890", "EAN-13:0012345678905"),  // UPC-A: zbar reports it as EAN-13 with a leading 0
            (66, "01234565", "EAN-13:0012345000065"),  // UPC-E, expanded likewise
            (2, "490123456789", "EAN-13:4901234567894"), (68, "9638507", "EAN-8:96385074"),
            (4, "A023", "CODE-39:A023"), (70, "123456", "I2/5:123456"), (71, "A1234B", "Codabar:A1234B"),
            (72, "HELLO", "CODE-93:HELLO"), (73, "{BB001", "CODE-128:B001"),
        ]
        for (m, data, _) in codes { bytes += Self.gsK(m, data) + [0x1B, 0x64, 3] }
        let (receipt, decoded) = try Self.render(bytes)
        #expect(receipt.problems.isEmpty, "\(receipt.problems)")
        for (m, _, expected) in codes { #expect(decoded.contains(expected), "system \(m): \(decoded)") }
        #expect(receipt.text.contains("[EAN8] 96385074") && receipt.text.contains("[ITF] 123456"))
    }

    @Test func codePageAndCharacterSetCommandsAreNoProblem() {
        // ESC R 15 (China), ESC t 0, GS f 0, ESC d 3, then text.
        let bytes: [UInt8] = [0x1B, 0x40, 0x1B, 0x52, 15, 0x1B, 0x74, 0, 0x1D, 0x66, 0, 0x1B, 0x64, 3] + Array("A023\n".utf8)
        let receipt = ReceiptRenderer(paper: .mm80).render(bytes)
        #expect(receipt.problems.isEmpty, "\(receipt.problems)")
        #expect(receipt.text.contains("A023"))
    }

    @Test func badDataIsAProblemNamingTheSystem() {
        let receipt = ReceiptRenderer(paper: .mm80).render(Self.gsK(67, "12AB"))
        #expect(receipt.problems.contains { $0.message.hasPrefix("barcode system 67:") }, "\(receipt.problems)")
    }

    /// A ticket python-escpos 3.1 made with its defaults (Fixtures/make-python-escpos-ticket.py):
    /// the QR code as a raster image and CODE39 below it, both read back from the preview.
    @Test(.enabled(if: TestNeed.ocr.wanted, "opted out: ONEVISIT_TEST_WITHOUT=ocr"))
    func pythonEscposTicketPreviewsWithBothCodes() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/python-escpos-ticket.bin")
        let (receipt, decoded) = try Self.render(Array(try Data(contentsOf: fixture)))
        #expect(decoded.contains("QR-Code:http://127.0.0.1:8080/t/abc"), "\(decoded)")
        #expect(decoded.contains("CODE-39:A023"), "\(decoded)")
        #expect(receipt.text.contains("[CODE39] *A023*"))
    }
}
