import Cameras
import FuzzSupport

// A camera's frame checked by its markers (ITU-T T.81 B.1), then the standard Huffman
// tables inserted when it has none (MJPEG): the patched frame keeps its size.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let frame = try? JPEGFrame(fuzzBytes(data, size)) else { return 0 }
    let patched = frame.withHuffmanTables()
    precondition(patched.width == frame.width && patched.height == frame.height, "the Huffman tables changed the frame's size")
    return 0
}

runFuzzer(testOneInput)
