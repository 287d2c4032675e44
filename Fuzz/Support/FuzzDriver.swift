#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry for one input (LLVM libFuzzer, "LLVMFuzzerTestOneInput"): the bytes and
/// their count; returns 0.
public typealias FuzzEntry = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

// libFuzzer's own driver (LLVM 12+). SwiftPM names the executable's entry point after the
// module, so libFuzzer's main() is never linked; main.swift hands over to the driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                 _ entry: FuzzEntry) -> Int32

/// Runs libFuzzer with the process's arguments (`-runs=`, `-max_total_time=`, corpus
/// directories) on `entry`, and exits with its status.
public func runFuzzer(_ entry: FuzzEntry) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
}

/// The input as an array.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The input cut into reads as a device hands them over: the first byte seeds the read
/// sizes (1…16), so the fuzzer also finds the boundaries that split a record.
public func fuzzReads(_ bytes: [UInt8]) -> [[UInt8]] {
    guard let first = bytes.first else { return [] }
    var reads: [[UInt8]] = []
    var state = UInt32(first) | 1
    var at = 1
    while at < bytes.count {
        state = state &* 1_103_515_245 &+ 12345
        let size = min(bytes.count - at, 1 + Int((state >> 16) % 16))
        reads.append(Array(bytes[at..<(at + size)]))
        at += size
    }
    return reads
}
