import FuzzSupport
import Keypads

// Vendor HID reports from /dev/hidrawN, with the report map of a typical keypad (report ID
// 1, one bit per key).
enum Map {
    static let hid = HidReportMap(reportLength: 3, reports: [[0x01, 0x10]: 5, [0x01, 0x08]: 4, [0x01, 0x04]: 3, [0x01, 0x02]: 2, [0x01, 0x01]: 1])
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var decoder = KeypadDecoder(.hidraw(Map.hid))
    for read in fuzzReads(fuzzBytes(data, size)) {
        for key in decoder.feed(read).keys { precondition(key.level.map { (1...5).contains($0) } ?? true, "a level outside 1…5") }
    }
    return 0
}

runFuzzer(testOneInput)
