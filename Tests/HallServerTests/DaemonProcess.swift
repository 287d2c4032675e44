import Foundation

/// The real `onevisitd` binary started as a child process, as a hall would run it.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let dataDirectory: String
    private let stderrPipe = Pipe()
    private var stderrText = ""

    /// The daemon built next to the test bundle (`swift build --build-tests` builds both).
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("onevisitd").path
    }

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Tests that start the daemon run when it is built; on CI they always run (and fail
    /// loudly if the binary is missing) so that a skipped crash test can never pass.
    static var runnable: Bool { binaryExists || ProcessInfo.processInfo.environment["CI"] != nil }

    /// The daemon as a hall runs it: without `--simulate` unless asked, with a configuration
    /// file of its own (never the machine's /etc/onevisit), and a clean environment (no
    /// `ONEVISIT_*` or `NOTIFY_SOCKET` of the test run leaks in).
    init(dataDirectory: String, simulate: Bool = true, extraArguments: [String] = [], environment: [String: String] = [:]) {
        self.dataDirectory = dataDirectory
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let config = dataDirectory + "/onevisit.yaml"
        if !FileManager.default.fileExists(atPath: config) {
            _ = FileManager.default.createFile(atPath: config, contents: Data("log:\n  level: info\n".utf8))
        }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = (simulate ? ["--simulate"] : []) + ["--config", config, "--port", "0", "--data-dir", dataDirectory] + extraArguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dataDirectory, "LANG": "C.UTF-8"].merging(environment) { $1 }
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
    }

    /// Starts the daemon and waits (a minute at most) for the line that says where it listens.
    func start(timeout: TimeInterval = 60) throws {
        let listening = DispatchSemaphore(value: 0)
        // Drains the pipe from the start so the daemon never blocks on a full pipe.
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            if data.isEmpty {
                handle.readabilityHandler = nil
                listening.signal()
                return
            }
            if self.append(String(decoding: data, as: UTF8.self)) { listening.signal() }
        }
        try process.run()
        if listening.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw TestFailure("onevisitd did not say where it listens within \(Int(timeout)) s:\n\(log)")
        }
        if port == 0 { throw TestFailure("onevisitd exited before listening:\n\(log)") }
    }

    private let lock = NSLock()
    private var foundPort = 0

    /// Adds daemon output; true when this output revealed the port.
    private func append(_ s: String) -> Bool {
        lock.withLock {
            stderrText += s
            guard foundPort == 0,
                  let range = stderrText.range(of: #"url=http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else { return false }
            foundPort = Int(stderrText[range].split(separator: ":").last!.dropLast()) ?? 0
            return foundPort != 0
        }
    }

    var port: Int { lock.withLock { foundPort } }
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
