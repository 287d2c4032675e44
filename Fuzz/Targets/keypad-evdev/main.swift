import FuzzSupport
import Keypads

// struct input_event records from /dev/input/eventN, in reads of any size; every key the
// decoder names comes from a whole record.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    var decoder = KeypadDecoder(.evdev(.standard))
    var keys = 0
    for read in fuzzReads(bytes) { keys += decoder.feed(read).keys.count }
    precondition(keys <= max(0, bytes.count - 1) / 24, "more keys than whole records")
    return 0
}

runFuzzer(testOneInput)
