import Foundation
import Hummingbird
import IntakeCore

/// The supervision reports (seed 004 §12.3; docs/METRICS.md): `GET /api/v1/reports/day?date=`,
/// `/month?month=` and `/quarter?quarter=`, as JSON or with `format=csv` as the supervisor's
/// spreadsheet. The printable page `/report.html` reads the same JSON; for a PDF, a
/// supervisor asks for a one-time print grant that headless Chromium uses on the page.
struct ReportRoutes {
    let reports: ReportService

    func register(on routes: HallRoutes) {
        // Supervisors only: the figures name every window's staff and every department's
        // deductions. Case numbers only, never an applicant.
        let supervisor = routes.staff(.supervisor)
        let kinds: [(path: String, query: String, hint: String, parse: @Sendable (String) -> ReportPeriod?)] = [
            ("day", "date", "give ?date=YYYY-MM-DD", { CivilDay($0).map(ReportPeriod.day) }),
            ("month", "month", "give ?month=YYYY-MM", ReportPeriod.month),
            ("quarter", "quarter", "give ?quarter=YYYY-Q1 … YYYY-Q4", ReportPeriod.quarter),
        ]
        for kind in kinds {
            supervisor.get("/api/v1/reports/\(kind.path)") { request, _ in
                guard let period = kind.parse(String(request.uri.queryParameters.get(kind.query) ?? "")) else { throw APIError.badRequest(kind.hint) }
                return try await answer(period, request)
            }
        }
        supervisor.post("/api/v1/reports/grants", bodyLimit: 1024) { request, context in
            let body = try await JSONCoding.body(GrantRequest.self, of: request, context: context)
            guard let period = ReportPeriod.parse(body.period) else {
                throw APIError.badRequest("period must be YYYY-MM-DD, YYYY-MM or YYYY-Qn")
            }
            let grant = reports.grant(period, by: try context.staff().id)
            return try JSONCoding.response(GrantView(grant: grant.token, expiresAt: grant.expiresAt, page: grant.pagePath), status: .created)
        }
        // Public, a decision: the one-time grant is the credential (256 random bits, one
        // report, two minutes, spent on first read), so headless Chromium prints the page
        // without a session. Anything else is refused.
        routes.anyone.get("/api/v1/reports/printable") { request, _ in
            guard let token = request.uri.queryParameters.get("grant"), !token.isEmpty else {
                throw APIError.badRequest("give ?grant= from POST /api/v1/reports/grants")
            }
            return try JSONCoding.response(try await reports.report(grant: String(token)))
        }
    }

    struct GrantRequest: Decodable { var period: String }
    struct GrantView: Encodable { var grant: String; var expiresAt: Date; var page: String }

    private func answer(_ period: ReportPeriod, _ request: Request) async throws -> Response {
        let format = request.uri.queryParameters.get("format").map { String($0) }
        guard format == nil || format == "json" || format == "csv" else { throw APIError.badRequest("format must be json or csv") }
        let report = try await reports.report(period)
        if format == "csv" { return .csv(SupervisionReportCSV.render(report), name: "report-\(report.label).csv") }
        return try JSONCoding.response(report)
    }
}
