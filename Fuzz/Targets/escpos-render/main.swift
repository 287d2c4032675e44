import FuzzSupport
import PaperRendering

// The paper-roll renderer of the print preview: text in the CJK font, raster images, QR
// codes and every barcode system, drawn from any stream.
// On 25 cm of roll instead of 4 m: a long stream draws more of the same, and a canvas of
// 18 MB mapped afresh for every input held the target at a hundred inputs a second. The
// roll's end is still crossed, and clipped, as at 4 m.
enum Renderer {
    static let receipt: ReceiptRenderer = {
        var renderer = ReceiptRenderer(paper: .mm80)
        renderer.maximumRows = 2_000
        return renderer
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = Renderer.receipt.render(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
