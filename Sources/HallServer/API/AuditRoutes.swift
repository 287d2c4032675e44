import Hummingbird
import IntakeCore

/// `GET /api/v1/audit`: who read which citizen's data when (R8), for supervisors.
struct AuditRoutes {
    let accounts: StaffAccounts

    func register(on routes: HallRoutes) {
        routes.staff(.supervisor).get("/api/v1/audit") { request, _ in
            let p = request.uri.queryParameters
            let text = p.get("limit") ?? "500"
            guard let limit = Int(text), (1...10_000).contains(limit) else { throw APIError.badRequest("limit must be a number 1–10000, not \"\(text)\"") }
            let entries = try await accounts.store.auditEntries(
                caseNumber: p.get("case").map { CaseNumber.normalized($0) ?? $0 }, staffID: p.get("staff"), limit: limit)
            return try JSONCoding.response(["entries": entries])
        }
    }
}
