import CLinuxIO
import EscPos
import Foundation
import Glibc
import PaperRendering
import Synchronization

/// A thermal printer simulated behind a pseudo-terminal: the driver reaches it through
/// `DeviceFileTransport` exactly as it reaches a usblp or serial printer. It answers
/// DLE EOT from its state (paper out, cover open…), cuts the stream into jobs at each
/// cut command, and keeps every job as `.bin`, `.png` and `.txt` in its output folder.
/// Unplugging closes the pseudo-terminal and removes the device link; plugging makes a
/// new one at the same link path, as udev does for a real printer (`/dev/onevisit/…`).
public final class SimulatedPrinter: Sendable {
    public let id: String
    public let paper: PaperWidth
    /// The stable path the driver opens: a symbolic link to the current pseudo-terminal.
    public let devicePath: String
    public let outputDirectory: String
    private let renderer: ReceiptRenderer
    private let state: Mutex<State>
    private let queue: DispatchQueue

    /// One job the simulated printer has cut off the roll.
    public struct Job: Sendable, Equatable {
        public var number: Int
        public var bytes: [UInt8]
        public var text: String
        public var qrPayloads: [String]
        public var problems: [StreamProblem]
        /// `…/job-0001` (+ `.bin`, `.png`, `.txt`).
        public var basePath: String
        /// False when the job arrived while the printer could not print (paper out…).
        public var printed: Bool
        /// When its last byte arrived (before rendering), for latency figures.
        public var receivedAt: ContinuousClock.Instant
    }

    private struct State: ~Copyable {
        var master: Int32 = -1
        var keepalive: Int32 = -1
        var source: ReadSource?
        var status = PrinterStatus.ready
        var responding = true
        var pending: [UInt8] = []
        var answered = 0
        var jobs: [Job] = []
        var waiters: [(token: UUID, count: Int, continuation: CheckedContinuation<[Job], Never>)] = []
    }

    public init(id: String, paper: PaperWidth = .mm80, devicePath: String, outputDirectory: String,
                font: GlyphFont? = GlyphFont.system()) {
        self.id = id
        self.paper = paper
        self.devicePath = devicePath
        self.outputDirectory = outputDirectory
        renderer = ReceiptRenderer(paper: paper, font: font)
        state = Mutex(State())
        queue = DispatchQueue(label: "onevisit.simulated-printer.\(id)")
    }

    deinit { unplug() }

    // MARK: The technician's and the tests' controls

    public var isPlugged: Bool { state.withLock { $0.master >= 0 } }
    public var status: PrinterStatus { state.withLock { $0.status } }
    public var jobs: [Job] { state.withLock { $0.jobs } }

    public func setStatus(_ status: PrinterStatus) { state.withLock { $0.status = status } }

    /// A hung printer reads what it is sent and answers nothing.
    public var isResponding: Bool { state.withLock { $0.responding } }
    public func setResponding(_ responding: Bool) { state.withLock { $0.responding = responding } }

    /// Connects the printer: a new pseudo-terminal behind `devicePath`.
    public func plug() throws {
        unplug()
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: (devicePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var name = [CChar](repeating: 0, count: 128)
        let master = clinuxio_open_pty(&name, name.count)
        guard master >= 0 else {
            throw SimulatorError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Hold the far end open and raw, so the line discipline never rewrites job bytes.
        let keepalive = Glibc.open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard keepalive >= 0 else {
            Glibc.close(master)
            throw SimulatorError("cannot open \(slavePath): \(String(cString: strerror(errno)))")
        }
        var settings = termios()
        tcgetattr(keepalive, &settings)
        cfmakeraw(&settings)
        tcsetattr(keepalive, TCSANOW, &settings)
        try? FileManager.default.removeItem(atPath: devicePath)
        do {
            try FileManager.default.createSymbolicLink(atPath: devicePath, withDestinationPath: slavePath)
        } catch {
            Glibc.close(master)
            Glibc.close(keepalive)
            throw error
        }

        let source = DispatchSource.makeReadSource(fileDescriptor: master, queue: queue)
        source.setEventHandler { [weak self] in self?.readAvailable(from: master) }
        state.withLock {
            $0.master = master
            $0.keepalive = keepalive
            $0.source = ReadSource(source: source)
            $0.pending = []
            $0.answered = 0
        }
        source.resume()
    }

    /// Pulls the cable: the driver's open device fails and the link is gone.
    public func unplug() {
        let (source, master, keepalive) = state.withLock { s in
            defer { s.source = nil; s.master = -1; s.keepalive = -1 }
            return (s.source, s.master, s.keepalive)
        }
        guard master >= 0 else { return }
        try? FileManager.default.removeItem(atPath: devicePath)
        source?.source.setCancelHandler {
            Glibc.close(master)
            if keepalive >= 0 { Glibc.close(keepalive) }
        }
        source?.source.cancel()
    }

    /// Returns once at least `count` jobs have come off the roll (at once if they have), or
    /// the jobs there are when `limit` has passed.
    public func waitForJobs(count: Int, limit: Duration = .seconds(60)) async -> [Job] {
        let token = UUID()
        return await withCheckedContinuation { continuation in
            let ready: [Job]? = state.withLock { s in
                if s.jobs.count >= count { return s.jobs }
                s.waiters.append((token, count, continuation))
                return nil
            }
            if let ready { return continuation.resume(returning: ready) }
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                self?.expire(token)
            }
        }
    }

    private func expire(_ token: UUID) {
        let expired: (CheckedContinuation<[Job], Never>, [Job])? = state.withLock { s in
            guard let index = s.waiters.firstIndex(where: { $0.token == token }) else { return nil }
            return (s.waiters.remove(at: index).continuation, s.jobs)
        }
        if let (continuation, jobs) = expired { continuation.resume(returning: jobs) }
    }

    // MARK: The printer's side of the line

    private func readAvailable(from master: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = Glibc.read(master, &buffer, buffer.count)
        guard n > 0 else { return }
        state.withLock { $0.pending += buffer.prefix(n) }
        process(master)
    }

    /// Answers new status requests and files every finished job.
    private func process(_ master: Int32) {
        while true {
            let (pending, answered, status, responding) = state.withLock { ($0.pending, $0.answered, $0.status, $0.responding) }
            let operations = EscPosParser().parse(pending).operations
            var requests = 0
            var cutEnd: Int?
            for (offset, operation) in operations {
                switch operation {
                case .statusRequest(let kind):
                    requests += 1
                    if requests > answered && responding {
                        var reply = status.reply(to: kind)
                        _ = Glibc.write(master, &reply, 1)
                    }
                case .cut:
                    if cutEnd == nil { cutEnd = offset + (pending.count > offset + 2 && pending[offset + 2] >= 0x41 ? 4 : 3) }
                default: break
                }
                if cutEnd != nil { break }
            }
            state.withLock { $0.answered = max($0.answered, requests) }
            // Status requests between jobs are conversation, not paper: drop them.
            var lead = 0
            while pending.count >= lead + 3, pending[lead] == 0x10, pending[lead + 1] == 0x04 { lead += 3 }
            if lead > 0 && (cutEnd == nil || lead < cutEnd!) {
                state.withLock { s in
                    s.pending.removeFirst(lead)
                    s.answered = max(0, s.answered - lead / 3)
                }
                continue
            }
            guard let end = cutEnd else { return }
            let jobBytes = Array(pending[..<end])
            state.withLock { s in
                s.pending.removeFirst(end)
                s.answered = 0
            }
            file(jobBytes, printed: status.canPrint)
        }
    }

    private func file(_ bytes: [UInt8], printed: Bool) {
        let receivedAt = ContinuousClock.now
        let receipt = renderer.render(bytes)
        let number = state.withLock { $0.jobs.count + 1 }
        let base = outputDirectory + "/job-" + String(format: "%04d", number)
        // The job is kept in memory whatever the disk says; the files are for people to look at.
        _ = FileManager.default.createFile(atPath: base + ".bin", contents: Data(bytes))
        if let png = try? receipt.image.pngData() { _ = FileManager.default.createFile(atPath: base + ".png", contents: Data(png)) }
        let problems = receipt.problems.map { "problem at \($0)" }.joined(separator: "\n")
        _ = FileManager.default.createFile(atPath: base + ".txt", contents: Data((receipt.text + "\n" + problems).utf8))
        let job = Job(number: number, bytes: bytes, text: receipt.text, qrPayloads: receipt.qrPayloads,
                      problems: receipt.problems, basePath: base, printed: printed, receivedAt: receivedAt)
        let ready: [(CheckedContinuation<[Job], Never>, [Job])] = state.withLock { s in
            s.jobs.append(job)
            let (done, waiting) = (s.waiters.filter { $0.count <= s.jobs.count }, s.waiters.filter { $0.count > s.jobs.count })
            s.waiters = waiting
            return done.map { ($0.continuation, s.jobs) }
        }
        for (continuation, jobs) in ready { continuation.resume(returning: jobs) }
    }
}

public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Dispatch sources are thread-safe; the wrapper lets one live in the printer's locked state.
private struct ReadSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}
