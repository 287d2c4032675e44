import Foundation
import GRDB
import Logging
import Hummingbird
import IntakeStore
import NIOCore
import Prometheus

/// `GET /healthz` (liveness: the daemon answers), `GET /readyz` (readiness: the store
/// commits and the disk has room) and `GET /metrics` (Prometheus text).
struct HealthRoutes {
    let readiness: Readiness
    let writer: any DatabaseWriter
    let logger: Logger
    let registry: PrometheusCollectorRegistry
    let devices: DeviceGauges

    func register(on routes: HallRoutes) {
        // Public: liveness, readiness and counters carry no personal data; monitoring scrapes them.
        let router = routes.anyone
        router.get("/healthz") { _, _ in
            try JSONCoding.response(["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            let report = await readiness.check(writer)
            if !report.ready { logger.warning("Hall not ready", metadata: ["problems": "\(report.problems.joined(separator: "; "))"]) }
            return try JSONCoding.response(report, status: report.ready ? .ok : .serviceUnavailable)
        }
        let gauges = readiness.dataDirectory.map(DataDirectoryGauges.init(dataDirectory:))
        router.get("/metrics") { _, _ in
            // The wall clock, not the hall's (which a simulated hall runs fast): backups are real.
            gauges?.update(now: Date())
            await devices.update()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
