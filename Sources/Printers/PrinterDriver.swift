import DequeModule
import EscPos
import Foundation
import Logging
import ServiceLifecycle

/// Settings of one printer.
public struct PrinterSettings: Sendable, Equatable {
    public var id: String
    public var paper: PaperWidth
    /// Jobs that may wait; one more is refused at once rather than making a kiosk wait.
    public var queueCapacity: Int
    /// Limit for each device operation (open, write, one status reply).
    public var timeoutMilliseconds: Int
    /// Status poll interval while idle (status is also read before and after every job).
    public var statusInterval: Duration
    public var simulated: Bool

    public init(id: String, paper: PaperWidth = .mm80, queueCapacity: Int = 16, timeoutMilliseconds: Int = 3000,
                statusInterval: Duration = .seconds(10), simulated: Bool = false) {
        self.id = id
        self.paper = paper
        self.queueCapacity = queueCapacity
        self.timeoutMilliseconds = timeoutMilliseconds
        self.statusInterval = statusInterval
        self.simulated = simulated
    }
}

/// Drives one printer: a bounded queue of jobs printed one at a time on a thread of the
/// printer's own, status read before and after each job and polled while idle.
/// Submitting never blocks; callers wait for an outcome only as long as they choose.
public actor PrinterDriver: Service {
    public nonisolated let settings: PrinterSettings
    public nonisolated let transport: any PrinterTransport
    private let logger: Logger
    private let io: DispatchQueue

    private var pending = Deque<PrintJob>()
    private var states: [String: PrintJobState] = [:]
    private var finishedOrder = Deque<String>()
    private var waiters: [String: [(token: Int, continuation: CheckedContinuation<PrintJobState, Never>, timer: Task<Void, Never>?)]] = [:]
    private var nextToken = 0
    private var idleWaiter: (token: Int, continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>?)?
    private var stopping = false

    private var status: PrinterStatus?
    private var connected = false
    private var lastContact: Date?
    private var lastError: PrinterError?
    private var printed = 0
    private var failed = 0

    public init(settings: PrinterSettings, transport: any PrinterTransport, logger: Logger) {
        self.settings = settings
        self.transport = transport
        self.logger = logger
        io = DispatchQueue(label: "onevisit.printer.\(settings.id)")
    }

    // MARK: Jobs

    /// Queues a job; throws `queueFull` at once when the queue is full.
    public func submit(_ job: PrintJob) throws(PrinterError) {
        guard pending.count < settings.queueCapacity else {
            throw .queueFull(capacity: settings.queueCapacity)
        }
        pending.append(job)
        states[job.id] = .queued
        wakeUp()
    }

    /// The job's state once it is finished, or as it is when `limit` has passed.
    public func outcome(of id: String, waitingUpTo limit: Duration) async -> PrintJobState {
        let current = states[id] ?? .unknown
        if current.isFinished { return current }
        nextToken += 1
        let token = nextToken
        return await withCheckedContinuation { continuation in
            let timer = Task { [weak self] in
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                await self?.expire(job: id, token: token)
            }
            waiters[id, default: []].append((token, continuation, timer))
        }
    }

    public func state(of id: String) -> PrintJobState { states[id] ?? .unknown }

    public func report() -> PrinterReport {
        PrinterReport(
            id: settings.id, location: transport.location, simulated: settings.simulated,
            paperWidth: settings.paper.rawValue, connected: connected, bidirectional: transport.isBidirectional,
            status: status, problem: problem, queued: pending.count, printed: printed, failed: failed,
            lastContact: lastContact, lastError: lastError?.description)
    }

    private var problem: String? {
        if !connected { return lastError?.description ?? "not checked yet" }
        if let status, let problem = status.problem { return problem }
        if case .notReady(let reason)? = lastError { return reason }
        return nil
    }

    private func expire(job id: String, token: Int) {
        guard var list = waiters[id], let index = list.firstIndex(where: { $0.token == token }) else { return }
        let waiter = list.remove(at: index)
        waiters[id] = list.isEmpty ? nil : list
        waiter.continuation.resume(returning: states[id] ?? .unknown)
    }

    private func finish(_ job: PrintJob, _ state: PrintJobState) {
        states[job.id] = state
        finishedOrder.append(job.id)
        while finishedOrder.count > 500 { states[finishedOrder.removeFirst()] = nil }
        for waiter in waiters.removeValue(forKey: job.id) ?? [] {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: state)
        }
    }

    // MARK: The loop

    public func run() async throws {
        logger.info("Printer ready", metadata: ["printer": "\(settings.id)", "location": "\(transport.location)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await loop()
            } onGracefulShutdown: {
                Task { await self.stop() }
            }
        } onCancel: {
            Task { await self.stop() }
        }
        transport.close()
    }

    private func stop() {
        stopping = true
        wakeUp()
    }

    private func loop() async {
        await poll()
        while !stopping {
            if let job = pending.popFirst() {
                await print(job)
            } else {
                await idle(for: settings.statusInterval)
                if pending.isEmpty && !stopping { await poll() }
            }
        }
        // Jobs still queued at shutdown are answered, not dropped silently.
        while let job = pending.popFirst() { finish(job, .failed(.transport("the daemon is shutting down"))) }
    }

    /// What one visit to the device found: the last status read, and the error if any.
    private struct Contact: Sendable {
        var status: PrinterStatus?
        var error: PrinterError?
    }

    private func print(_ job: PrintJob) async {
        states[job.id] = .printing
        let transport = self.transport
        let timeout = settings.timeoutMilliseconds
        let contact: Contact = await onDevice {
            var seen: PrinterStatus?
            do throws(PrinterError) {
                seen = try transport.readStatus(timeoutMilliseconds: timeout)
                if let before = seen, !before.canPrint { throw .notReady(before.problem ?? "not ready") }
                try transport.send(job.bytes, timeoutMilliseconds: max(timeout, job.bytes.count / 4))
                seen = try transport.readStatus(timeoutMilliseconds: timeout) ?? seen
                if let after = seen, after.paperOut { throw .notReady("paper ran out during the job") }
                return Contact(status: seen)
            } catch {
                return Contact(status: seen, error: error)
            }
        }
        record(contact)
        if let error = contact.error {
            failed += 1
            finish(job, .failed(error))
            logger.warning("Print failed", metadata: ["printer": "\(settings.id)", "job": "\(job.title)", "error": "\(error)"])
        } else {
            printed += 1
            finish(job, .printed)
            logger.info("Printed", metadata: ["printer": "\(settings.id)", "job": "\(job.title)", "bytes": "\(job.bytes.count)"])
        }
    }

    private func poll() async {
        let transport = self.transport
        let timeout = settings.timeoutMilliseconds
        let contact: Contact = await onDevice {
            do throws(PrinterError) {
                return Contact(status: try transport.probe(timeoutMilliseconds: timeout))
            } catch {
                return Contact(error: error)
            }
        }
        record(contact)
    }

    private func record(_ contact: Contact) {
        let reached: Bool = switch contact.error {
        case nil, .notReady: true
        default: false
        }
        if reached {
            if !connected { logger.notice("Printer connected", metadata: ["printer": "\(settings.id)"]) }
            if let now = contact.status, now.problem != status?.problem {
                logger.notice("Printer status", metadata: ["printer": "\(settings.id)", "problem": "\(now.problem ?? "none")"])
            }
            connected = true
            status = contact.status ?? status
            lastContact = Date()
        } else {
            if connected || lastError != contact.error {
                logger.warning("Printer unavailable", metadata: ["printer": "\(settings.id)", "error": "\(contact.error!)"])
            }
            connected = false
            status = nil
        }
        lastError = contact.error
    }

    // MARK: Waiting

    private func idle(for duration: Duration) async {
        nextToken += 1
        let token = nextToken
        await withCheckedContinuation { continuation in
            let timer = Task { [weak self] in
                guard (try? await Task.sleep(for: duration)) != nil else { return }
                await self?.wakeUp(token: token)
            }
            idleWaiter = (token, continuation, timer)
        }
    }

    private func wakeUp(token: Int? = nil) {
        guard let waiter = idleWaiter, token == nil || waiter.token == token else { return }
        idleWaiter = nil
        waiter.timer?.cancel()
        waiter.continuation.resume()
    }

    private func onDevice<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in io.async { continuation.resume(returning: work()) } }
    }
}
