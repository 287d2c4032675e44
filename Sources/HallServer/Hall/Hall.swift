import Foundation
import GRDB
import IDCard
import IntakeCore
import IntakeStore
import Logging
import Metrics

/// The hall put together: the hall in force, one small service per feature (tickets,
/// windows, cases, reviews), the stores and devices they are made of, accounts and the
/// readiness check. Routes get only the service or store of their feature
/// (``HallApplication/router(for:simulator:table:)``); the daemon, CLI, benchmarks and tests
/// assemble the hall here.
public final class Hall: Sendable {
    /// The catalog and layout in force, the clock, the log, the public address.
    public let current: HallInForce
    public let tickets: TicketService
    public let windows: WindowService
    /// Case intake and the back office.
    public let intake: CaseService
    /// Keypad reviews and their feed.
    public let reviewDesk: ReviewDesk

    public let writer: any DatabaseWriter
    public let board = BoardBroadcaster()
    /// The board's voice: each call rendered to speech once.
    public let voice = AnnouncementVoice()
    /// Ticket and window printers (none unless the daemon configures them).
    public let printers: HallPrinters
    /// ID card readers at kiosks and windows (none unless the daemon configures them).
    public let readers: HallReaders
    /// Evaluation keypads at the windows (none unless the daemon configures them).
    public let keypads: HallKeypads
    /// Document cameras at the windows (none unless the daemon configures them).
    public let cameras: HallCameras
    /// Reviews, keypad armings and bad-review tasks.
    public let reviews: ReviewStore
    /// The reviews' upload outbox to the 好差评 platform and its uploader's wake-up.
    public let reviewUploads: ReviewUploads
    /// Cases (办件), their events and documents.
    public let cases: CaseStore
    /// Captured pages of the cases' materials, and the archive.
    public let materials: MaterialStore
    /// Bookings the kiosk recognises card holders by (the store-backed ``bookings`` unless a
    /// test gives another).
    public let appointments: any AppointmentBook
    /// Appointments: slots, bookings, check-in.
    public let bookings: AppointmentService
    /// The notification outbox (reminders, close-day notices) and its dispatcher's wake-up.
    public let notifications: HallNotifications
    /// Complaints: filing, the supervisor's steps, the public lookup (seed 004 §10).
    public let complaints: ComplaintService
    /// Staff accounts, sign-in and sessions; enrolled kiosks; the audit of personal-data reads.
    public let accounts: StaffAccounts
    /// Tickets per client address and minute.
    public let ticketRateLimit: TicketRateLimiter
    /// Booking, lookup and cancel requests per client address and minute.
    public let bookingRateLimit: TicketRateLimiter
    /// Complaints filed and looked up per client address and minute.
    public let complaintRateLimit: TicketRateLimiter
    /// What `/readyz` checks.
    public let readiness: Readiness
    /// Session cookies carry `Secure` (the daemon serves TLS).
    public let secureCookie: Bool

    public init(writer: any DatabaseWriter, catalog: Catalog, layout: HallLayout, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }, clockSpeed: Double = 1, printers: HallPrinters = .none, readers: HallReaders = .none,
                keypads: HallKeypads = .none, cameras: HallCameras = .none,
                materialsDirectory: String = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-materials").path,
                appointments: (any AppointmentBook)? = nil,
                publicURL: String = "http://127.0.0.1:8080", access: HallAccessSettings = HallAccessSettings(),
                readiness: Readiness = Readiness()) throws(HallSetupError) {
        // Metrics made before swift-metrics is bootstrapped would go nowhere.
        _ = HallApplication.metricsRegistry
        current = try HallInForce(writer: writer, catalog: catalog, layout: layout, logger: logger, clock: HallClock(now: clock, speed: clockSpeed), publicURL: publicURL)
        self.writer = writer
        self.printers = printers
        self.readers = readers
        self.keypads = keypads
        self.cameras = cameras
        let inForce = current
        reviewUploads = ReviewUploads(writer: writer) { inForce.store.calendar.instant(day: $0, minuteOfDay: 0) }
        // The hall's own upload outbox, so a stored review wakes the uploader when it commits.
        reviews = ReviewStore(writer: writer, uploads: reviewUploads.outbox)
        cases = CaseStore(writer: writer)
        materials = MaterialStore(writer: writer, blobs: BlobStore(directory: materialsDirectory))
        notifications = HallNotifications(writer: writer)
        // The hall's own outbox, so a booking's reminders wake the dispatcher when they commit.
        bookings = AppointmentService(hall: current, store: AppointmentStore(writer: writer, outbox: notifications.outbox))
        self.appointments = appointments ?? bookings
        accounts = StaffAccounts(store: StaffStore(writer: writer), sessions: access.sessionPolicy, throttle: access.throttle, clock: clock,
                                sessionClock: current.realTime)
        ticketRateLimit = TicketRateLimiter(perMinute: access.ticketsPerMinute, clock: clock)
        bookingRateLimit = TicketRateLimiter(perMinute: access.bookingsPerMinute, clock: clock, what: "booking requests")
        complaintRateLimit = TicketRateLimiter(perMinute: access.complaintsPerMinute, clock: clock, what: "complaint requests")
        complaints = ComplaintService(hall: current, store: ComplaintStore(writer: writer), accounts: accounts)
        self.readiness = readiness
        secureCookie = access.secureCookie
        tickets = TicketService(hall: current)
        reviewDesk = ReviewDesk(hall: current, reviews: reviews, cases: cases, keypads: keypads)
        windows = WindowService(hall: current, board: board, reviewDesk: reviewDesk)
        intake = CaseService(hall: current, cases: cases, printers: printers)
    }

    // The hall in force, for the CLI, benchmarks and tests that assemble a hall.
    public var clock: @Sendable () -> Date { current.clock }
    public var logger: Logger { current.logger }
    public var store: QueueStore { current.store }
    public var catalog: Catalog { current.catalog }
    public var layout: HallLayout { current.layout }
    public var publicURL: String { current.publicURL }
    public var civilToday: CivilDay { current.civilToday }
    public func setPublicURL(_ url: String) { current.setPublicURL(url) }
    public func replace(catalog: Catalog, layout: HallLayout, file: String) throws(HallSetupError) {
        try current.replace(catalog: catalog, layout: layout, file: file)
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
