import DeviceSupport
import EscPos
import Foundation
import Glibc
import PaperRendering
import Synchronization

/// A thermal printer simulated behind a pseudo-terminal: the driver reaches it through
/// `DeviceFileTransport` exactly as it reaches a usblp or serial printer. It answers
/// DLE EOT from its state (paper out, cover open…), cuts the stream into jobs at each
/// cut command, and keeps every job as `.bin`, `.png` and `.txt` in its output folder.
/// Like a real printer it answers DLE EOT at once while a job is still being drawn: the
/// preview is rendered after, in order, off the line (a real printer's drawing costs the
/// host nothing, so neither does the rig's on the hall's print path).
/// Unplugging closes the pseudo-terminal and removes the device link; plugging makes a
/// new one at the same link path, as udev does for a real printer (`/dev/onevisit/…`).
public final class SimulatedPrinter: Sendable {
    public let id: String
    public let paper: PaperWidth
    /// The stable path the driver opens: a symbolic link to the current pseudo-terminal.
    public var devicePath: String { line.devicePath }
    public let outputDirectory: String
    private let renderer: ReceiptRenderer
    private let line: PseudoTerminalPeer
    private let state: Mutex<State>
    /// Draws the jobs' previews one after another, in the order they were cut.
    private let drawing: DispatchQueue

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
        var status = PrinterStatus.ready
        var responding = true
        var pending: [UInt8] = []
        var answered = 0
        var jobs: [Job] = []
        /// Jobs cut off the roll, drawn or not yet: the next one's number is this plus one.
        var cut = 0
        var waiters: [(token: UUID, count: Int, continuation: CheckedContinuation<[Job], Never>)] = []
        /// Bytes the host has sent since the printer was made, jobs and status requests alike.
        var bytesReceived = 0
    }

    /// The line's rate in bytes a second (nil: at once): a ticket then takes its line time.
    public let bytesPerSecond: Int?

    /// - Parameter baud: the serial line the printer stands for (8N1: baud / 10 bytes a
    ///   second); nil for a line with no time of its own.
    public init(id: String, paper: PaperWidth = .mm80, devicePath: String, outputDirectory: String,
                font: GlyphFont? = GlyphFont.system(), baud: Int? = nil) {
        self.id = id
        bytesPerSecond = baud.map { max(1, $0 / 10) }
        self.paper = paper
        line = PseudoTerminalPeer(devicePath: devicePath, label: "printer.\(id)")
        self.outputDirectory = outputDirectory
        renderer = ReceiptRenderer(paper: paper, font: font)
        state = Mutex(State())
        drawing = DispatchQueue(label: "printer.\(id).preview")
    }

    // MARK: The technician's and the tests' controls

    public var isPlugged: Bool { line.isPlugged }
    /// Every byte the host has sent so far: a printer left to another client has had none from the daemon.
    public var bytesReceived: Int { state.withLock { $0.bytesReceived } }
    public var status: PrinterStatus { state.withLock { $0.status } }
    /// The jobs drawn so far (``waitForJobs(count:limit:)`` waits for more).
    public var jobs: [Job] { state.withLock { $0.jobs } }
    /// The jobs cut off the roll, drawn or not yet: what "nothing came out" is checked on.
    public var jobsCut: Int { state.withLock { $0.cut } }

    public func setStatus(_ status: PrinterStatus) { state.withLock { $0.status = status } }

    /// A hung printer reads what it is sent and answers nothing.
    public var isResponding: Bool { state.withLock { $0.responding } }
    public func setResponding(_ responding: Bool) { state.withLock { $0.responding = responding } }

    /// Connects the printer: a new pseudo-terminal behind `devicePath`.
    public func plug() throws {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        state.withLock {
            $0.pending = []
            $0.answered = 0
        }
        try line.plug(bytesPerSecond: bytesPerSecond) { [weak self] bytes, master in self?.received(bytes, on: master) }
    }

    /// Pulls the cable: the driver's open device fails and the link is gone.
    public func unplug() { line.unplug() }

    /// Returns once at least `count` jobs have come off the roll and are drawn (at once if
    /// they are), or the jobs there are when `limit` has passed.
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

    private func received(_ bytes: [UInt8], on master: Int32) {
        state.withLock {
            $0.pending += bytes
            $0.bytesReceived += bytes.count
        }
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
        let number = state.withLock { s in
            s.cut += 1
            return s.cut
        }
        drawing.async { self.draw(bytes, number: number, printed: printed, receivedAt: receivedAt) }
    }

    private func draw(_ bytes: [UInt8], number: Int, printed: Bool, receivedAt: ContinuousClock.Instant) {
        let receipt = renderer.render(bytes)
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
