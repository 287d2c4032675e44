import Foundation
import Hummingbird
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

    public static func router(for hall: Hall) -> Router<BasicRequestContext> {
        let registry = metricsRegistry
        let router = Router(context: BasicRequestContext.self)
        router.addMiddleware {
            MetricsMiddleware()
            JSONErrorMiddleware()
            LogRequestsMiddleware(.debug)
            FileMiddleware(HallFiles.webRoot, searchForIndexHtml: true, logger: hall.logger)
        }
        HealthRoutes(hall: hall, registry: registry).register(on: router)
        CatalogRoutes(hall: hall).register(on: router)
        QueueRoutes(hall: hall).register(on: router)
        TicketRoutes(hall: hall).register(on: router)
        WindowRoutes(hall: hall).register(on: router)
        BoardRoutes(hall: hall).register(on: router)
        DeviceRoutes(hall: hall).register(on: router)
        ApplicantRoutes(hall: hall).register(on: router)
        ReviewRoutes(hall: hall).register(on: router)
        WindowReviewEvents(hall: hall).register(on: router)
        CaseRoutes(hall: hall).register(on: router)
        ProgressRoutes(hall: hall).register(on: router)
        MaterialRoutes(hall: hall).register(on: router)
        PageRoutes().register(on: router)
        return router
    }

    /// - Parameters:
    ///   - onListening: called with the bound port (useful with port 0).
    public static func build(
        hall: Hall, host: String, port: Int, services: [any Service] = [],
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let app = Application(
            router: router(for: hall),
            configuration: .init(address: .hostname(host, port: port), serverName: "OneVisit"),
            services: services,
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                hall.logger.notice("OneVisit hall listening", metadata: ["url": "http://\(host):\(bound)/"])
                await onListening(bound)
            },
            logger: hall.logger)
        return app
    }
}

