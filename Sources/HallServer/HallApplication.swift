import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import IntakeStore
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// Builds the HTTP side of the hall: API routes, display board stream, web pages, metrics.
public enum HallApplication {
    /// One Prometheus registry per process; swift-metrics can be bootstrapped only once.
    public static let metricsRegistry: PrometheusCollectorRegistry = {
        let factory = PrometheusMetricsFactory()
        MetricsSystem.bootstrap(factory)
        return factory.registry
    }()

    /// The hall's routes, one group per audience (see each controller), behind the
    /// authenticating middleware. `simulator` registers the simulated devices' controls
    /// (`--simulate` only: without it they answer 404 before a body is read).
    public static func router(for hall: Hall, simulator: Bool, table: RouteTable = RouteTable()) -> Router<HallRequestContext> {
        let registry = metricsRegistry
        let router = Router(context: HallRequestContext.self)
        router.addMiddleware {
            MetricsMiddleware()
            PageHeadersMiddleware()
            JSONErrorMiddleware()
            LogRequestsMiddleware(.debug)
            RequestGuardMiddleware()
            FileMiddleware(HallFiles.webRoot, searchForIndexHtml: true, logger: hall.logger)
            CallerAuthenticator(accounts: hall.accounts)
        }
        let routes = HallRoutes(router: router, table: table, simulator: simulator)
        // Each controller gets the hall in force and its own feature's service, stores and devices.
        let now = hall.current
        HealthRoutes(readiness: hall.readiness, writer: hall.writer, logger: now.logger, registry: registry,
                     devices: DeviceGauges(printers: hall.printers, readers: hall.readers, keypads: hall.keypads, cameras: hall.cameras)).register(on: routes)
        APIDocumentRoutes().register(on: routes)
        StorageRoutes(dataDirectory: hall.readiness.dataDirectory).register(on: routes)
        SessionRoutes(hall: now, accounts: hall.accounts, secureCookie: hall.secureCookie).register(on: routes)
        StaffRoutes(hall: now, accounts: hall.accounts).register(on: routes)
        CatalogRoutes(hall: now).register(on: routes)
        NoticeRoutes(hall: now, printers: hall.printers).register(on: routes)
        QueueRoutes(hall: now).register(on: routes)
        TicketRoutes(hall: now, tickets: hall.tickets, printers: hall.printers, readers: hall.readers, appointments: hall.appointments,
                     rateLimit: hall.ticketRateLimit).register(on: routes)
        WindowRoutes(hall: now, windows: hall.windows).register(on: routes)
        BoardRoutes(board: hall.board, voice: hall.voice).register(on: routes)
        DeviceRoutes(logger: now.logger, printers: hall.printers, readers: hall.readers, keypads: hall.keypads, cameras: hall.cameras)
            .register(on: routes)
        DeviceTestRoutes(bench: DeviceTestBench(hall: now, printers: hall.printers, readers: hall.readers, keypads: hall.keypads,
                                                cameras: hall.cameras, reviews: hall.reviews)).register(on: routes)
        ApplicantRoutes(hall: now, readers: hall.readers, accounts: hall.accounts).register(on: routes)
        ReviewRoutes(hall: now, reviews: hall.reviews, reviewDesk: hall.reviewDesk, cases: hall.cases).register(on: routes)
        ReviewTaskRoutes(hall: now, reviews: hall.reviews).register(on: routes)
        SupervisionRoutes(supervision: SupervisionService(hall: now, reviews: hall.reviews, reviewDesk: hall.reviewDesk, intake: hall.intake,
                                                             uploads: hall.reviewUploads))
            .register(on: routes)
        ReportRoutes(reports: ReportService(hall: now, store: SupervisionStore(writer: hall.writer), accounts: hall.accounts))
            .register(on: routes)
        WindowReviewEvents(hall: now, feed: hall.reviewDesk.feed).register(on: routes)
        CaseRoutes(hall: now, intake: hall.intake, readers: hall.readers, accounts: hall.accounts).register(on: routes)
        FeeRoutes(intake: hall.intake, fees: FeeStore(writer: hall.writer)).register(on: routes)
        ProgressRoutes(hall: now, intake: hall.intake, readers: hall.readers).register(on: routes)
        MaterialRoutes(hall: now, materials: hall.materials, cases: hall.cases, cameras: hall.cameras, accounts: hall.accounts).register(on: routes)
        AuditRoutes(accounts: hall.accounts).register(on: routes)
        AppointmentRoutes(hall: now, bookings: hall.bookings, printers: hall.printers, readers: hall.readers,
                          rateLimit: hall.bookingRateLimit).register(on: routes)
        AppointmentDayRoutes(bookings: hall.bookings, accounts: hall.accounts).register(on: routes)
        AppointmentOfferRoutes(bookings: hall.bookings).register(on: routes)
        NotificationRoutes(hall: now, notifications: hall.notifications).register(on: routes)
        ComplaintRoutes(complaints: hall.complaints, rateLimit: hall.complaintRateLimit).register(on: routes)
        PageRoutes().register(on: routes)
        return router
    }

    /// - Parameters:
    ///   - limits: the idle (and header-read) timeout and the cap on open connections, so a
    ///     half-sent request or a flood of idle sockets cannot tie the hall up.
    ///   - tls: serve HTTPS with this (``HallTLS``), plain HTTP when nil.
    ///   - onListening: called with the bound port (useful with port 0).
    public static func build(
        hall: Hall, host: String, port: Int, simulator: Bool, services: [any Service] = [],
        limits: ConnectionLimits = ConnectionLimits(), tls: TLSConfiguration? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds))))
        let server = try tls.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: $0) } ?? http1
        let scheme = tls == nil ? "http" : "https"
        let app = Application(
            router: router(for: hall, simulator: simulator),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "OneVisit",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: hall.logger)),
            services: services,
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                hall.logger.notice("OneVisit hall listening", metadata: ["url": "\(scheme)://\(host):\(bound)/"])
                await onListening(bound)
            },
            logger: hall.logger)
        return app
    }
}


/// How long a connection may sit idle, or take to send its request, before it is closed,
/// and how many may be open at once (`http.idleTimeoutSeconds`, `http.maxConnections`).
/// Open board and window streams are answers in progress, never idle.
public struct ConnectionLimits: Sendable, Equatable {
    public var idleTimeoutSeconds = 30
    public var maxConnections = 1000

    public init(idleTimeoutSeconds: Int = 30, maxConnections: Int = 1000) {
        self.idleTimeoutSeconds = idleTimeoutSeconds; self.maxConnections = maxConnections
    }
}
