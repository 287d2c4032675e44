import Foundation
import HallServer
import TestSupport

/// The real `onevisitd` binary started as a child process, as a hall would run it.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let dataDirectory: String
    let simulate: Bool
    let staff: [String]
    private let stderrPipe = Pipe()
    private var stderrText = ""

    /// The daemon built next to the test bundle (`swift build --build-tests` builds both).
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("onevisitd").path
    }



    /// The daemon as a hall runs it: without `--simulate` unless asked, with a configuration
    /// file of its own (never the machine's /etc/onevisit), and a clean environment (no
    /// `ONEVISIT_*` or `NOTIFY_SOCKET` of the test run leaks in).
    ///   - staff: accounts added offline before the start (`onevisit staff add`), named like
    ///     the demo accounts (`clerk3`, `department1`…) with the demo's roles, for a hall
    ///     without `--simulate` (which has no demo accounts); their passwords are ``password(of:)``.
    ///   - wrapper: a program the daemon runs under (`umockdev-wrapper … testbed.py --`), which
    ///     gets the daemon's command line after its own.
    init(dataDirectory: String, simulate: Bool = false, staff: [String] = [], extraArguments: [String] = [], environment: [String: String] = [:],
         wrapper: [String] = []) {
        self.dataDirectory = dataDirectory
        self.simulate = simulate
        self.staff = staff
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let config = dataDirectory + "/onevisit.yaml"
        if !FileManager.default.fileExists(atPath: config) {
            _ = FileManager.default.createFile(atPath: config, contents: Data("log:\n  level: info\n".utf8))
        }
        let arguments = (simulate ? ["--simulate"] : []) + ["--config", config, "--port", "0", "--data-dir", dataDirectory] + extraArguments
        process.executableURL = URL(fileURLWithPath: wrapper.first ?? Self.binary)
        process.arguments = wrapper.isEmpty ? arguments : Array(wrapper.dropFirst()) + [Self.binary] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": dataDirectory, "LANG": "C.UTF-8"].merging(environment) { $1 }
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            self.ended.withLock { self.hasEnded = true; self.ended.broadcast() }
        }
    }

    // The end is awaited on the termination handler, not `waitUntilExit()`: that spins the
    // calling thread's run loop, and a test process once died there (signal 11) when a `defer`
    // of an async test called it on one of Swift's shared threads.
    private let ended = NSCondition()
    private var hasEnded = false

    /// Blocks until the daemon has exited; returns at once when it never ran.
    private func awaitEnd() {
        ended.lock()
        defer { ended.unlock() }
        while !hasEnded && process.processIdentifier != 0 && process.isRunning {
            _ = ended.wait(until: Date().addingTimeInterval(0.5))
        }
    }

    /// ``start(timeout:)`` off Swift's shared threads: the wait blocks a thread of its own.
    func start(timeout: TimeInterval = 60) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do { try self.start(timeout: timeout); done.resume() } catch { done.resume(throwing: error) }
            }
        }
    }

    /// ``waitForLog(_:count:timeout:)`` off Swift's shared threads.
    func waitForLog(_ text: String, count: Int = 1, timeout: TimeInterval = 30) async -> Bool {
        await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: self.waitForLog(text, count: count, timeout: timeout)) }
        }
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
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TestFailure("no daemon at \(Self.binary): build it with swift build --build-tests (or opt out: ONEVISIT_TEST_WITHOUT=daemon)")
        }
        for id in staff { try addStaff(id) }
        try process.run()
        if listening.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw TestFailure("onevisitd did not say where it listens within \(Int(timeout)) s:\n\(log)")
        }
        if port == 0 { throw TestFailure("onevisitd exited before listening:\n\(log)") }
    }

    private let lock = NSCondition()
    private var foundPort = 0
    private var scheme = "http"

    /// Adds daemon output; true when this output revealed the port.
    private func append(_ s: String) -> Bool {
        lock.withLock {
            stderrText += s
            lock.broadcast()
            guard foundPort == 0,
                  let range = stderrText.range(of: #"url=https?://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else { return false }
            scheme = stderrText[range].hasPrefix("url=https") ? "https" : "http"
            foundPort = Int(stderrText[range].split(separator: ":").last!.dropLast()) ?? 0
            return foundPort != 0
        }
    }

    /// The password a test signs in with: the demo's under `--simulate`, else the one
    /// ``addStaff(_:)`` gave.
    func password(of id: String) -> String { simulate ? "demo" : "hall-\(id)-pass" }

    /// Adds an account offline as a technician does, with the role its name says.
    private func addStaff(_ id: String) throws {
        let role = id.prefix { $0.isLetter }
        var arguments = ["staff", "add", id, "--name", "职员\(id.filter(\.isNumber))", "--role", String(role),
                         "--password-stdin", "--data-dir", dataDirectory]
        if role == "department" { arguments += ["--department", HallAssembly.demoDepartment] }
        let (output, status) = try runProgram(CLIUser.binary, arguments, input: password(of: id) + "\n", environment: ["HOME": dataDirectory])
        guard status == 0 else { throw TestFailure("onevisit staff add \(id): \(output)") }
    }

    /// Waits (bounded) until the daemon's log holds `text` `count` times; false on time-out.
    func waitForLog(_ text: String, count: Int = 1, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while stderrText.components(separatedBy: text).count - 1 < count {
            guard lock.wait(until: deadline) else { return false }
        }
        return true
    }

    var port: Int { lock.withLock { foundPort } }
    var log: String { lock.withLock { stderrText } }

    var baseURL: String { lock.withLock { "\(scheme)://127.0.0.1:\(foundPort)" } }

    /// SIGKILL and wait, as a power cut does.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        awaitEnd()
        stderrPipe.fileHandleForReading.readabilityHandler = nil
    }

    /// SIGTERM and wait; returns the exit status. For `defer`; async code uses ``stopped()``.
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        return exitStatus()
    }

    /// Asks the daemon to stop and returns at once, for a test's `defer`, which cannot await:
    /// ``terminate()`` there would hold one of Swift's shared threads for the daemon's shutdown
    /// (2 s, longer under load), and with two of them on a 2-core machine, two tests ending
    /// together stalled every other test of the run.
    func stopWithoutWaiting() {
        if process.isRunning { process.terminate() }
    }

    /// The exit status, once the daemon has ended on its own.
    func exitStatus() -> Int32 {
        awaitEnd()
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    /// ``terminate()`` from async code: the wait blocks a dispatch thread, never one of
    /// Swift's shared threads.
    func stopped() async -> Int32 {
        if process.isRunning { process.terminate() }
        return await exited()
    }

    /// ``kill9()`` from async code.
    func killed() async {
        kill(process.processIdentifier, SIGKILL)
        _ = await exited()
    }

    /// ``exitStatus()`` from async code.
    func exited() async -> Int32 {
        await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: self.exitStatus()) }
        }
    }
}
