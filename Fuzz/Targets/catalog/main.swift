import Foundation
import FuzzSupport
import IntakeCore

// The service catalog file (onevisit-catalog/1): any bytes either load or are refused with
// the file, entry and field named.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? CatalogLoader.load(Data(fuzzBytes(data, size)), file: "catalog.json")
    return 0
}

runFuzzer(testOneInput)
