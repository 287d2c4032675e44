import Foundation
import Hummingbird

/// `GET /api/v1/storage`: the data directory for the technician's page (issue 17): free bytes
/// on the data disk, the database and its WAL, and the last backup with its age.
struct StorageRoutes {
    let dataDirectory: String?

    func register(on routes: HallRoutes) {
        // Technicians and supervisors: sizes and a backup's file name, nothing of a citizen.
        routes.staff(.technician, .supervisor).get("/api/v1/storage") { _, _ in
            guard let dataDirectory else { throw APIError.notFound("this hall keeps no data directory") }
            return try JSONCoding.response(DataDirectoryStatus.read(dataDirectory, now: Date()))
        }
    }
}
