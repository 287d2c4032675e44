import Foundation

/// Who works which window in the simulated day: by default every comprehensive and special
/// window of the running hall (the pickup, proxy and 办不成事 windows get no tickets from it),
/// each with its demo clerk, clerkN at window N. A window past the demo's nine gets a clerk
/// account made by the demo admin, through the same staff route an admin uses.
enum StaffedWindows {
    static func serving(at base: String) async throws(CLIFailure) -> [String] {
        struct Windows: Decodable {
            var windows: [Entry]
            struct Entry: Decodable { var window: Window }
            struct Window: Decodable { var id: String; var kind: String }
        }
        let listed = try decode(Windows.self, from: try await HallClient(baseURL: base).get("/api/v1/windows"))
        return listed.windows.map(\.window).filter { $0.kind == "comprehensive" || $0.kind == "special" }.map(\.id)
    }

    static func clerk(of window: String, password: String, newPassword: String, at base: String) async throws(CLIFailure) -> DayAPI {
        let id = "clerk\(window)"
        do { return try await DayAPI.signIn(id, password: password, at: base) } catch {
            guard case .http(401, _, _) = error else { throw error }
        }
        do { return try await DayAPI.signIn(id, password: newPassword, at: base) } catch {
            guard case .http(401, _, _) = error else { throw error }
        }
        let admin = try await DayAPI.signIn("admin1", password: password, at: base)
        let made = try await admin.post("/api/v1/staff", ["id": id, "name": "模拟\(window)号窗口", "roles": ["clerk"], "password": newPassword])
        guard made.ok else { throw CLIFailure.http(status: made.status, reason: "cannot add the clerk \(id)", body: made.data) }
        return try await DayAPI.signIn(id, password: newPassword, at: base)
    }
}
