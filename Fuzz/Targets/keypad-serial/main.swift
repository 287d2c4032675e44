import FuzzSupport
import Keypads

// Frames on an RS-485 line (header, address, key, XOR), noise and cut frames between them,
// in reads of any size; the standard map and one with a two-byte header and no check.
enum Maps {
    static let all = [SerialKeyMap.standard, SerialKeyMap(header: [0x55, 0xAA], checksum: false, keys: [0x31: 5, 0x32: 4, 0x33: 3, 0x34: 2, 0x35: 1])]
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    for map in Maps.all {
        var decoder = KeypadDecoder(.serial(map))
        var keys = 0
        for read in fuzzReads(bytes) { keys += decoder.feed(read).keys.count }
        precondition(keys <= bytes.count / map.frameLength, "more keys than whole frames")
    }
    return 0
}

runFuzzer(testOneInput)
