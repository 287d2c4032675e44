import Foundation
import GRDB
import IDCard
import IntakeCore
import IntakeStore
import Logging
import Metrics
import Synchronization

/// The running hall: the current catalog and layout, the store, the display board and the
/// clock. Routes and device services talk to the hall through this one object.
public final class Hall: Sendable {
    public let writer: any DatabaseWriter
    public let board = BoardBroadcaster()
    public let clock: @Sendable () -> Date
    public let logger: Logger
    /// Ticket and window printers (none unless the daemon configures them).
    public let printers: HallPrinters
    /// ID card readers at kiosks and windows (none unless the daemon configures them).
    public let readers: HallReaders
    /// Evaluation keypads at the windows (none unless the daemon configures them).
    public let keypads: HallKeypads
    /// Reviews, keypad armings and bad-review tasks.
    public let reviews: ReviewStore
    /// Cases (办件), their events and documents.
    public let cases: CaseStore
    /// Document cameras at the windows (none unless the daemon configures them).
    public let cameras: HallCameras
    /// Captured pages of the cases' materials, and the archive.
    public let materials: MaterialStore
    /// Reviews as they are stored, for the window screen's reason picker and for tests.
    public let reviewFeed = ReviewFeed()
    /// Bookings the kiosk recognises card holders by.
    public let appointments: any AppointmentBook
    /// Staff accounts, sign-in and sessions; enrolled kiosks; the audit of personal-data reads.
    public let accounts: StaffAccounts
    /// Tickets per client address and minute.
    public let ticketRateLimit: TicketRateLimiter
    /// What `/readyz` checks.
    public let readiness: Readiness
    /// Session cookies carry `Secure` (the daemon serves TLS).
    public let secureCookie: Bool
    private let publicAddress: Mutex<String>
    private let current: Mutex<QueueStore>

    private let ticketsIssued: Counter
    private let ticketsRefused: Counter
    private let calls: Counter
    let reviewsStored: Counter
    let pressesIgnored: Counter

    public init(writer: any DatabaseWriter, catalog: Catalog, layout: HallLayout, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }, printers: HallPrinters = .none, readers: HallReaders = .none,
                keypads: HallKeypads = .none, cameras: HallCameras = .none,
                materialsDirectory: String = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-materials").path,
                appointments: any AppointmentBook = NoAppointments(),
                publicURL: String = "http://127.0.0.1:8080", access: HallAccessSettings = HallAccessSettings(),
                readiness: Readiness = Readiness()) throws(HallSetupError) {
        let calendar = try Self.calendar(for: layout)
        // Metrics made before swift-metrics is bootstrapped would go nowhere.
        _ = HallApplication.metricsRegistry
        ticketsIssued = Counter(label: "onevisit_tickets_issued_total")
        ticketsRefused = Counter(label: "onevisit_tickets_refused_total")
        calls = Counter(label: "onevisit_calls_total")
        self.writer = writer
        self.clock = clock
        self.logger = logger
        self.printers = printers
        self.readers = readers
        self.keypads = keypads
        self.reviews = ReviewStore(writer: writer)
        self.cases = CaseStore(writer: writer)
        self.cameras = cameras
        self.materials = MaterialStore(writer: writer, blobs: BlobStore(directory: materialsDirectory))
        reviewsStored = Counter(label: "onevisit_reviews_total")
        pressesIgnored = Counter(label: "onevisit_keypad_presses_ignored_total")
        self.appointments = appointments
        accounts = StaffAccounts(store: StaffStore(writer: writer), sessions: access.sessionPolicy, throttle: access.throttle, clock: clock)
        ticketRateLimit = TicketRateLimiter(perMinute: access.ticketsPerMinute, clock: clock)
        self.readiness = readiness
        secureCookie = access.secureCookie
        publicAddress = Mutex(publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL)
        self.current = Mutex(QueueStore(writer: writer, layout: layout, catalog: catalog, calendar: calendar))
    }

    /// Today in the hall's time zone, as cards count dates (for ages).
    public var today: CardDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: layout.timeZone) ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: clock())
        return CardDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? CardDate(year: 2000, month: 1, day: 1)!
    }

    /// Where kiosks and phones reach the hall: the QR code on a ticket points here.
    public var publicURL: String { publicAddress.withLock { $0 } }

    /// Set once the port is bound (port 0 picks one).
    public func setPublicURL(_ url: String) {
        publicAddress.withLock { $0 = url.hasSuffix("/") ? String(url.dropLast()) : url }
    }

    /// The store with the catalog and layout in force now.
    public var store: QueueStore { current.withLock { $0 } }
    public var catalog: Catalog { store.catalog }
    public var layout: HallLayout { store.layout }

    /// Swaps in a new catalog and layout after checking they fit together; on any problem the
    /// hall keeps what it has and the error says why.
    public func replace(catalog: Catalog, layout: HallLayout, file: String) throws(HallSetupError) {
        let problems = layout.problems(against: catalog, file: file)
        guard problems.isEmpty else { throw .layout(CatalogError(file: file, issues: problems)) }
        let calendar = try Self.calendar(for: layout)
        current.withLock { $0 = QueueStore(writer: writer, layout: layout, catalog: catalog, calendar: calendar) }
        logger.info("Catalog and hall layout loaded", metadata: [
            "catalog.items": "\(catalog.items.count)", "catalog.bundles": "\(catalog.bundles.count)",
            "hall.queues": "\(layout.queues.count)", "hall.windows": "\(layout.windows.count)"])
    }

    static func calendar(for layout: HallLayout) throws(HallSetupError) -> HallCalendar {
        guard let zone = TimeZone(identifier: layout.timeZone) else { throw .unknownTimeZone(layout.timeZone) }
        return HallCalendar(timeZone: zone)
    }

    // MARK: Operations that also move the board and the metrics

    public func issue(_ target: TicketTarget, priority: PriorityReason?, holder: TicketHolder? = nil) async throws(QueueError) -> Ticket {
        do {
            let ticket = try await store.issue(target, priority: priority, holder: holder, at: clock())
            ticketsIssued.increment()
            logger.info("Ticket issued", metadata: [
                "ticket": "\(ticket.number)", "queue": "\(ticket.queueID)"])
            return ticket
        } catch {
            ticketsRefused.increment()
            throw error
        }
    }

    public func callNext(window: String) async throws(QueueError) -> Ticket {
        let store = self.store
        let now = clock()
        let ticket = try await store.callNext(window: window, at: now)
        announce(ticket, window: window, store: store, at: now)
        await disarmKeypad(window: window)
        return ticket
    }

    public func act(window: String, _ action: TicketAction) async throws(QueueError) -> Ticket {
        let store = self.store
        let now = clock()
        let ticket = try await store.act(window: window, action, at: now)
        if action == .recall { announce(ticket, window: window, store: store, at: now) }
        if action == .finish { await armKeypad(window: window, for: ticket, store: store, at: now) }
        logger.info("Ticket changed at window", metadata: [
            "ticket": "\(ticket.number)", "window": "\(window)", "action": "\(action.kind.rawValue)",
            "state": "\(ticket.state.rawValue)"])
        return ticket
    }

    public func act(ticket id: String, _ action: TicketAction) async throws(QueueError) -> Ticket {
        try await store.act(ticket: id, action, at: clock())
    }

    private func announce(_ ticket: Ticket, window: String, store: QueueStore, at now: Date) {
        calls.increment()
        if let w = store.layout.window(window) { board.publish(ticket: ticket, window: w, at: now) }
    }
}

/// Why the hall could not be set up from its files or configuration.
public enum HallSetupError: Error, Sendable, CustomStringConvertible {
    case catalog(CatalogError)
    case layout(CatalogError)
    case devices(CatalogError)
    case unknownTimeZone(String)
    case unreadable(file: String, reason: String)
    case database(path: String, reason: String)
    case configuration([String])

    public var description: String {
        switch self {
        case .catalog(let e), .layout(let e), .devices(let e): e.description
        case .unknownTimeZone(let zone): "timeZone \"\(zone)\" is not a known IANA time zone (e.g. Asia/Shanghai)"
        case .unreadable(let file, let reason): "cannot read \(file): \(reason)"
        case .database(let path, let reason): "cannot open the hall database \(path): \(reason)"
        case .configuration(let problems): "bad configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}

extension Hall {
    /// Records a read of personal data; a read that cannot be audited is not answered.
    func audit(_ staff: SignedInStaff, caseNumber: String?, what: String, detail: String? = nil) async throws {
        try await accounts.store.audit(AuditEntry(at: clock(), staffID: staff.id, caseNumber: caseNumber, what: what, detail: detail))
    }
}
