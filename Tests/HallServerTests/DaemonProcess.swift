import Foundation

/// The real `onevisitd` binary started as a child process, as a hall would run it.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let dataDirectory: String
    private(set) var port = 0
    private let stderrPipe = Pipe()
    private var stderrText = ""

    /// The daemon built next to the test bundle (`swift build --build-tests` builds both).
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("onevisitd").path
    }

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    init(dataDirectory: String, extraArguments: [String] = [], environment: [String: String] = [:]) {
        self.dataDirectory = dataDirectory
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--simulate", "--port", "0", "--data-dir", dataDirectory] + extraArguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
    }

    /// Starts the daemon and waits for the line that says where it listens.
    func start() throws {
        try process.run()
        let handle = stderrPipe.fileHandleForReading
        while port == 0 {
            let chunk = handle.availableData
            if chunk.isEmpty { throw TestFailure("onevisitd exited before listening:\n\(stderrText)") }
            stderrText += String(decoding: chunk, as: UTF8.self)
            if let range = stderrText.range(of: #"url=http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                port = Int(stderrText[range].split(separator: ":").last!.dropLast()) ?? 0
            }
        }
        // Keep draining so the daemon never blocks on a full pipe.
        handle.readabilityHandler = { [weak self] h in
            let data = h.availableData
            if !data.isEmpty { self?.append(String(decoding: data, as: UTF8.self)) }
        }
    }

    private let lock = NSLock()
    private func append(_ s: String) { lock.withLock { stderrText += s } }
    var log: String { lock.withLock { stderrText } }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        stderrPipe.fileHandleForReading.readabilityHandler = nil
    }

    /// SIGTERM and wait; returns the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}
