import FuzzSupport
import IDCard

// The SAM reply frame decoder (GA 467-2013 frames: preamble, length, SW1–SW3, data, XOR):
// never traps, and a frame it accepts encodes back to the same reply.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    _ = SAMFrame.expectedLength(bytes)
    if let reply = try? SAMFrame.decodeReply(bytes) {
        precondition((try? SAMFrame.decodeReply(reply.frame)) == reply, "a decoded reply does not survive its own frame")
    }
    return 0
}

runFuzzer(testOneInput)
