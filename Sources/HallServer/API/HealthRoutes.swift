import Hummingbird
import IntakeStore
import NIOCore
import Prometheus

/// `GET /healthz` (200 when the store takes a write) and `GET /metrics` (Prometheus text).
struct HealthRoutes {
    let hall: Hall
    let registry: PrometheusCollectorRegistry

    func register(on routes: HallRoutes) {
        // Public: liveness, readiness and counters carry no personal data; monitoring scrapes them.
        let router = routes.anyone
        router.get("/healthz") { _, _ in
            guard await HallDatabase.isWritable(hall.writer) else {
                throw APIError(.serviceUnavailable, code: "store_not_writable", message: "the hall database does not accept writes")
            }
            return try JSONCoding.response(["status": "ok"])
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
