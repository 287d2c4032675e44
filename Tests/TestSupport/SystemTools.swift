import Foundation
import PaperRendering
import Printers

/// Runs a program to its end: what it printed (standard output, and standard error unless
/// `errors` is false) and its exit status.
public func runProgram(_ path: String, _ arguments: [String], errors: Bool = true, input: String? = nil,
                       environment: [String: String]? = nil) throws -> (output: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = errors ? pipe : FileHandle.nullDevice
    let stdin = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (output, process.terminationStatus)
}

/// ``runProgram(_:_:errors:input:environment:)`` from async code: the wait for the program
/// blocks a dispatch thread, never one of Swift's shared threads, which the other tests of
/// the run need (on a 2-core machine there are two).
public func runProgram(_ path: String, _ arguments: [String], errors: Bool = true, input: String? = nil,
                       environment: [String: String]? = nil) async throws -> (output: String, status: Int32) {
    try await withCheckedThrowingContinuation { done in
        DispatchQueue.global().async {
            do { done.resume(returning: try runProgram(path, arguments, errors: errors, input: input, environment: environment)) } catch {
                done.resume(throwing: error)
            }
        }
    }
}

/// What zbarimg (zbar-tools) reads in a picture: `QR-Code:…`, `CODE-128:…`.
public func zbar(_ path: String) throws -> [String] {
    try runProgram("/usr/bin/zbarimg", ["-q", path], errors: false).output.split(separator: "\n").map(String.init)
}

/// The real cupsd and raw queues of `scripts/cups-test-queues`.
public enum CupsTestQueues {
    public static let captureDirectory = "/var/spool/onevisit-capture"

    /// Paths of the jobs the capture backend has written so far.
    public static func captured() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: captureDirectory)) ?? []
        return Set(names.filter { $0.hasSuffix(".bin") }.map { captureDirectory + "/" + $0 })
    }
}

/// The text Tesseract (tesseract-ocr, tesseract-ocr-chi-sim) reads in a rendered receipt,
/// upscaled twice first: thermal-printer dots are small for OCR.
public func ocr(png path: String) throws -> String {
    let image = try GrayImage(png: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    var scaled = [UInt8](repeating: 255, count: image.width * image.height * 4)
    for y in 0..<image.height * 2 {
        for x in 0..<image.width * 2 { scaled[y * image.width * 2 + x] = image.pixels[(y / 2) * image.width + x / 2] }
    }
    let big = path + ".ocr.png"
    try Data(GrayImage(width: image.width * 2, height: image.height * 2, pixels: scaled).pngData()).write(to: URL(fileURLWithPath: big))
    defer { try? FileManager.default.removeItem(atPath: big) }
    return try runProgram("/usr/bin/tesseract", [big, "-", "-l", "chi_sim", "--psm", "4"], errors: false).output
}

/// Runs a command under `umockdev-run` with one emulated USB device and a usbmon capture
/// replayed to it (umockdev works by LD_PRELOAD, so it wraps a process of its own).
public func umockdevRun(description: String, sysfs: String, capture: [UInt8], command: [String]) throws -> (output: String, status: Int32) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-usb-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try description.write(toFile: dir + "/device.umockdev", atomically: true, encoding: .utf8)
    try Data(capture).write(to: URL(fileURLWithPath: dir + "/capture.pcap"))
    return try runProgram("/usr/bin/umockdev-run", ["--device", dir + "/device.umockdev", "--pcap", sysfs + "=" + dir + "/capture.pcap", "--"]
                          + command.map { $0.replacingOccurrences(of: "$DIR", with: dir) })
}

/// The `onevisit` CLI built next to the tests.
public var onevisitCLI: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("onevisit").path
}

/// Runs a command under `umockdev-run` with files written to a scratch folder first (device
/// descriptions, evemu event streams, scripts); `$DIR` in the options and the command is
/// that folder.
public func umockdevRun(files: [String: String], options: [String], command: [String]) throws -> (output: String, status: Int32) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-umockdev-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (name, content) in files { try content.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    return try runProgram("/usr/bin/umockdev-run", (options + ["--"] + command).map { $0.replacingOccurrences(of: "$DIR", with: dir) })
}
