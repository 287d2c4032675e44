import DeviceSupport
import DequeModule
import EscPos
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

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
    /// False: the printer is left to another client (`"drive": false`) and only watched.
    public var drive: Bool

    public init(id: String, paper: PaperWidth = .mm80, queueCapacity: Int = 16, timeoutMilliseconds: Int = 3000,
                statusInterval: Duration = .seconds(10), simulated: Bool = false, drive: Bool = true) {
        self.id = id
        self.paper = paper
        self.queueCapacity = queueCapacity
        self.timeoutMilliseconds = timeoutMilliseconds
        self.statusInterval = statusInterval
        self.simulated = simulated
        self.drive = drive
    }
}

/// Drives one printer: a bounded queue of jobs printed one at a time on a thread of the
/// printer's own, status read before and after each job and polled while idle (every
/// `statusInterval`; while the printer is away, with a ``Backoff`` up to it). A hotplug
/// ``nudge()`` lets go of the device and looks again at once. Submitting never blocks;
/// callers wait for an outcome only as long as they choose.
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
    private let wakeup = DeviceWakeup()
    private let recheck = Atomic<Bool>(false)
    private var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(10))
    private var stopping = false

    private var status: PrinterStatus?
    private var condition = DeviceCondition()
    private var connected: Bool { condition.isReached }
    private var lastContact: Date?
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
        guard settings.drive else { throw .busy("left to another client (\"drive\": false in the devices file)") }
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
            paperWidth: settings.paper.rawValue, driven: settings.drive, connected: settings.drive && connected, state: condition.state.name,
            stateReason: condition.state.reason, bidirectional: transport.isBidirectional,
            status: status, problem: problem, queued: pending.count, printed: printed, failed: failed,
            lastContact: lastContact, lastError: condition.lastError)
    }

    private var problem: String? {
        if !settings.drive { return "left to another client (\"drive\": false)" }
        if !connected { return condition.lastError ?? "not checked yet" }
        if case .degraded(let reason) = condition.state { return reason }
        return nil
    }

    /// A hotplug event may concern this printer: the device is let go and looked at again
    /// at once, so a replugged printer is back (and a pulled one known gone) without waiting
    /// for the next poll or job.
    public nonisolated func nudge() {
        recheck.store(true, ordering: .relaxed)
        wakeup.nudge()
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
        logger.info("Printer ready", metadata: ["printer": "\(settings.id)", "location": "\(transport.location)", "driven": "\(settings.drive)"])
        guard settings.drive else {
            await PresenceWatch.run(path: transport.location, wakeup: wakeup, interval: settings.statusInterval) { condition.observed(present: $0) }
            return
        }
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
                await letGoIfNudged()
                await print(job)
            } else {
                await wakeup.sleep(for: connected ? settings.statusInterval : min(backoff.next(), settings.statusInterval))
                await letGoIfNudged()
                if pending.isEmpty && !stopping { await poll() }
            }
        }
        // Jobs still queued at shutdown are answered, not dropped silently.
        while let job = pending.popFirst() { finish(job, .failed(.io("the daemon is shutting down"))) }
    }

    /// After a hotplug nudge the device held open may be a node that is gone (or one that
    /// went and came back): let go of it, so the next use opens what is there now.
    private func letGoIfNudged() async {
        guard recheck.exchange(false, ordering: .relaxed) else { return }
        let transport = self.transport
        await onDevice { transport.close() }
    }

    /// What one visit to the device found: the last status read, and the error if any.
    private struct Contact: Sendable {
        var status: PrinterStatus?
        var error: PrinterError?
    }

    private func print(_ job: PrintJob) async {
        states[job.id] = .printing
        condition.working()
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
            let notReady: String? = if case .notReady(let reason)? = contact.error { reason } else { nil }
            let now = contact.status ?? status
            if condition.reached(degraded: now?.problem ?? notReady, error: contact.error) == .reconnected {
                logger.notice("Printer connected", metadata: ["printer": "\(settings.id)"])
                backoff.reset()
            }
            if let seen = contact.status, seen.problem != status?.problem {
                logger.notice("Printer status", metadata: ["printer": "\(settings.id)", "problem": "\(seen.problem ?? "none")"])
            }
            if contact.error == nil { condition.clearError() }
            status = now
            lastContact = Date()
        } else if let error = contact.error {
            if connected || condition.lastError != error.description {
                logger.warning("Printer unavailable", metadata: ["printer": "\(settings.id)", "error": "\(error)"])
            }
            condition.failed(error)
            status = nil
        }
    }

    private func wakeUp() { wakeup.nudge() }

    private func onDevice<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in io.async { continuation.resume(returning: work()) } }
    }
}
