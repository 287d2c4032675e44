import FuzzSupport
import PaperRendering

// The paper-roll renderer of the print preview: text in the CJK font, raster images, QR
// codes and every barcode system, drawn from any stream.
enum Renderer {
    static let receipt = ReceiptRenderer(paper: .mm80)
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = Renderer.receipt.render(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
