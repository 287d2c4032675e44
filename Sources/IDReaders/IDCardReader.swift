import DeviceSupport
import Foundation
import IDCard
import Logging
import ServiceLifecycle

/// Settings of one ID reader.
public struct ReaderSettings: Sendable, Equatable {
    public var id: String
    /// How often to look for a card. A card laid down waits half of it on average before
    /// the read starts, so it is short next to the reply's line time (115 ms at 115200 baud):
    /// 25 ms keeps placed → identity within 1.3 × that line time, at about 40 find-card
    /// frames of 21 bytes a second (issue 16).
    public var pollInterval: Duration
    public static let defaultPollInterval: Duration = .milliseconds(25)
    /// How often to check the SAM (also checked at start and after every reconnect).
    public var samCheckInterval: Duration
    public var timeoutMilliseconds: Int
    /// Read with 30 10 (text, photo and fingerprint) instead of 30 01.
    public var readFingerprint: Bool
    /// How long a read card stays usable (for a ticket, for the window's form). A reader
    /// cannot tell a card still lying on it from one taken away: after a read it answers
    /// "no card" until the card is put down again.
    public var cardValidity: Duration
    public var simulated: Bool
    /// False: the reader is left to another client (`"drive": false`) and only watched.
    public var drive: Bool

    public init(id: String, pollInterval: Duration = ReaderSettings.defaultPollInterval, samCheckInterval: Duration = .seconds(60),
                timeoutMilliseconds: Int = 3000, readFingerprint: Bool = false, cardValidity: Duration = .seconds(60),
                simulated: Bool = false, drive: Bool = true) {
        self.id = id; self.pollInterval = pollInterval; self.samCheckInterval = samCheckInterval
        self.timeoutMilliseconds = timeoutMilliseconds; self.readFingerprint = readFingerprint
        self.cardValidity = cardValidity; self.simulated = simulated; self.drive = drive
    }
}

/// What happened at a reader.
public enum ReaderEvent: Sendable, Equatable {
    case cardRead(Identity)
    /// After a read: the reader no longer finds an unread card (taken away, or read already).
    case cardRemoved
    case failed(ReaderError)
    /// The reader answers again, at start or after it was lost (a replug): its last error is
    /// cleared, so no "connected" stands next to an old "not connected" (issue 17).
    case connected
}

/// A reader as the technician sees it (`onevisit devices`, `GET /api/v1/devices`).
public struct ReaderReport: Sendable, Codable, Equatable {
    public var id: String
    public var location: String
    public var simulated: Bool
    /// False for a reader left to another client (`"drive": false`): watched, never opened.
    public var driven: Bool
    public var connected: Bool
    /// `absent`, `ready`, `busy`, `degraded` or `failed` (``DeviceState``), and why.
    public var state: String
    public var stateReason: String?
    /// The SAM's last answer to a status check.
    public var sam: String?
    /// A card was read in the last `cardValidity` and not used yet.
    public var cardWaiting: Bool
    public var reads: Int
    public var failures: Int
    /// Bytes of noise skipped on the line so far.
    public var skippedBytes: Int
    public var lastError: String?
}

/// Runs one reader: find → select → read → wait for the card to leave (0x80) → again,
/// polling at `pollInterval` on a thread of the reader's own; the SAM checked at start and
/// every `samCheckInterval`. A reader that stops answering is closed and opened again
/// (``ReopenLoop``: at once, then with a backoff a hotplug ``nudge()`` cuts short), so a
/// replugged reader comes back without a restart.
public actor IDCardReader: Service {
    public nonisolated let settings: ReaderSettings
    public nonisolated let transport: any SAMTransport
    private let logger: Logger
    private let io: DispatchQueue

    private var subscribers: [UUID: AsyncStream<ReaderEvent>.Continuation] = [:]
    private var lastCard: (identity: Identity, at: ContinuousClock.Instant)?
    private var sawCard = false
    private var condition = DeviceCondition()
    private var connected: Bool { condition.isReached }
    private let wakeup = DeviceWakeup()
    private var samStatus: SAMStatus?
    private var lastSAMCheck: ContinuousClock.Instant?
    private var reads = 0
    private var failures = 0
    /// Whether the reader took `61 FF 50` (nil: not asked since it connected).
    private var takesMaximumRFFrame: Bool?

    public init(settings: ReaderSettings, transport: any SAMTransport, logger: Logger) {
        self.settings = settings
        self.transport = transport
        self.logger = logger
        io = DispatchQueue(label: "onevisit.reader.\(settings.id)")
    }

    /// The card read last, while it is still valid.
    public var card: Identity? {
        guard let lastCard, ContinuousClock.now - lastCard.at < settings.cardValidity else { return nil }
        return lastCard.identity
    }

    /// The card read last, used up: the next person at the kiosk cannot take a ticket in
    /// this holder's name.
    public func takeCard() -> Identity? {
        defer { lastCard = nil }
        return card
    }

    /// Every event from now on, until the stream is dropped.
    public func events() -> AsyncStream<ReaderEvent> {
        let (stream, continuation) = AsyncStream<ReaderEvent>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    public func report() -> ReaderReport {
        ReaderReport(id: settings.id, location: transport.location, simulated: settings.simulated, driven: settings.drive,
                     connected: settings.drive && connected, state: condition.state.name, stateReason: condition.state.reason,
                     sam: samStatus?.description, cardWaiting: card != nil, reads: reads, failures: failures,
                     skippedBytes: transport.skippedBytes, lastError: condition.lastError)
    }

    /// A hotplug event may concern this reader: a missing one is tried again at once.
    public nonisolated func nudge() { wakeup.nudge() }

    // MARK: The loop

    public func run() async throws {
        logger.info("ID reader ready", metadata: ["reader": "\(settings.id)", "device": "\(transport.location)", "driven": "\(settings.drive)"])
        guard settings.drive else {
            await PresenceWatch.run(path: transport.location, wakeup: wakeup, interval: .seconds(1)) { condition.observed(present: $0) }
            return
        }
        var loop = ReopenLoop(backoff: Backoff(initial: .milliseconds(250), maximum: .seconds(5)), wakeup: wakeup)
        await loop.run { await session() }
        transport.close()
        condition.released()
    }

    /// Polls the reader while it answers; a reader lost after it answered is tried again at
    /// once, one that never answered after the backoff.
    private func session() async -> ReopenLoop.Outcome {
        var answered = false
        while ReopenLoop.isRunning {
            await poll()
            guard connected else { return answered ? .lost : .notOpened }
            answered = true
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.settings.pollInterval) }
        }
        return .lost
    }

    private func poll() async {
        do throws(ReaderError) {
            if !connected || lastSAMCheck.map({ ContinuousClock.now - $0 > settings.samCheckInterval }) ?? true {
                let sam = try await exchange(.samStatus)
                lastSAMCheck = .now
                if sam.status != samStatus { logger.notice("ID reader SAM", metadata: ["reader": "\(settings.id)", "sam": "\(sam.status)"]) }
                samStatus = sam.status
                guard sam.status == .ok else { throw .status(sam.status, during: "the SAM status check") }
                if !connected { try await setMaximumRFFrame() }
            }
            let find: SAMFrame.Reply
            if connected && !sawCard, let checked = lastSAMCheck {
                let watch = IdleCardWatch(transport: transport, pollInterval: settings.pollInterval,
                                          timeoutMilliseconds: settings.timeoutMilliseconds)
                let io = self.io
                let due = checked + settings.samCheckInterval
                // Shutdown cancels the watch, which ends at its next poll.
                find = try await cancelWhenGracefulShutdown { await watch.watch(on: io, until: due) }.get()
            } else {
                find = try await exchange(.findCard)
            }
            markConnected()
            switch find.status {
            case .cardFound:
                condition.working()
                defer { condition.reached() }
                let select = try await exchange(.selectCard)
                guard select.status == .ok else { throw .status(select.status, during: "select card") }
                let command: SAMCommand = settings.readFingerprint ? .readTextWithFingerprint : .readText
                let read = try await exchange(command)
                guard read.status == .ok else { throw .status(read.status, during: "read card") }
                let identity: Identity
                do {
                    identity = try IdentityParser.identity(fromReadData: read.data, withFingerprint: settings.readFingerprint)
                } catch {
                    throw .card(error)
                }
                lastCard = (identity, .now)
                sawCard = true
                reads += 1
                condition.clearError()
                logger.info("ID card read", metadata: [
                    "reader": "\(settings.id)", "card": "\(identity.cardType.rawValue)", "number": "\(identity.maskedNumber)"])
                publish(.cardRead(identity))
            case .noCard:
                if sawCard {
                    sawCard = false
                    publish(.cardRemoved)
                }
            default:
                throw .status(find.status, during: "find card")
            }
        } catch {
            failures += 1
            if condition.lastError != error.description {
                logger.warning("ID reader problem", metadata: ["reader": "\(settings.id)", "error": "\(error)"])
            }
            switch error {
            case .device, .frame:
                // Start afresh: a reader that stopped answering is reopened by the loop.
                if condition.failed(error) == .lost { logger.notice("ID reader lost", metadata: ["reader": "\(settings.id)"]) }
                transport.close()
            case .status, .card:
                if connected { condition.note(error) } else { condition.failed(error) }
            }
            publish(.failed(error))
        }
    }

    /// Asks once per connection for the largest RF frame; a reader that does not know the
    /// command (0x21) is read as it is.
    private func setMaximumRFFrame() async throws(ReaderError) {
        let reply = try await exchange(.setMaximumRFFrame)
        let takes = reply.status == .ok
        if takes != takesMaximumRFFrame && !takes {
            logger.notice("ID reader does not take 61 FF (maximum RF frame); reading without it",
                          metadata: ["reader": "\(settings.id)", "status": "\(reply.status)"])
        }
        takesMaximumRFFrame = takes
    }

    private func markConnected() {
        guard condition.reached() == .reconnected else { return }
        logger.notice("ID reader connected", metadata: ["reader": "\(settings.id)"])
        publish(.connected)
    }

    private func publish(_ event: ReaderEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    private func exchange(_ command: SAMCommand) async throws(ReaderError) -> SAMFrame.Reply {
        let transport = self.transport
        let timeout = settings.timeoutMilliseconds
        let result: Result<SAMFrame.Reply, ReaderError> = await withCheckedContinuation { continuation in
            io.async {
                do throws(ReaderError) {
                    continuation.resume(returning: .success(try transport.exchange(SAMFrame.command(command), timeoutMilliseconds: timeout)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
