import EscPos
import FuzzSupport

// Whatever a program sends a printer: the parser behind the simulated printer and the
// print preview must never trap, and names problems at offsets inside the stream.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    let parsed = EscPosParser().parse(bytes)
    for problem in parsed.problems {
        precondition(problem.offset >= 0 && problem.offset <= bytes.count, "a problem outside the stream")
    }
    return 0
}

runFuzzer(testOneInput)
