import FuzzSupport
import IDCard

// The card's read data (text and photo lengths, UCS-2 text, WLT photo, optional
// fingerprint) into an identity, for every card layout GA 450 / GA 490 know.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    for withFingerprint in [false, true] {
        _ = try? IdentityParser.identity(fromReadData: bytes, withFingerprint: withFingerprint)
    }
    // The text on its own, as the vendor SDKs hand it over.
    _ = try? IdentityParser.identity(text: bytes, photo: [])
    return 0
}

runFuzzer(testOneInput)
