import Foundation
import Printers

/// What zbarimg (zbar-tools) reads in a picture: `QR-Code:…`, `CODE-128:…`.
public func zbar(_ path: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
    process.arguments = ["-q", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return output.split(separator: "\n").map(String.init)
}

/// The real cupsd and raw queues of `scripts/cups-test-queues`.
public enum CupsTestQueues {
    public static let captureDirectory = "/var/spool/onevisit-capture"

    /// On CI cupsd must be there (a skip would hide a broken setup); elsewhere when it runs.
    public static var available: Bool {
        ProcessInfo.processInfo.environment["CI"] != nil
            || CupsTransport.destinations().contains { $0.name == "OneVisitCapture" }
    }

    /// Paths of the jobs the capture backend has written so far.
    public static func captured() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: captureDirectory)) ?? []
        return Set(names.filter { $0.hasSuffix(".bin") }.map { captureDirectory + "/" + $0 })
    }
}
