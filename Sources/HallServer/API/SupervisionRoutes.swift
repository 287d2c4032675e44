import Hummingbird
import IntakeCore

/// `GET /api/v1/supervision/today`: the supervisor's dashboard (`/supervisor.html`) of today
/// (R7 supervision, seed 004 §12), from ``SupervisionService``.
struct SupervisionRoutes {
    let supervision: SupervisionService

    func register(on routes: HallRoutes) {
        // Supervisors only: the figures name staff at their windows and every department's tasks.
        routes.staff(.supervisor).get("/api/v1/supervision/today") { _, _ in
            try JSONCoding.response(try await supervision.today())
        }
    }
}
