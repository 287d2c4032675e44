import Foundation
import GRDB
import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Synchronization
import Testing

/// Flat cost over years of history, proved structurally (issue 16): every statement the hall
/// runs on its hot paths — a ticket issued, called, finished; a case opened and decided; a
/// keypad press; the board's, the queues' and the windows' views; the supervisor's day; a
/// complaint filed, looked up, listed and taken up — is
/// planned by SQLite with `EXPLAIN QUERY PLAN`, and none may scan a table that grows with
/// history. Only tables listed in `bounded` (configuration-sized) may be scanned.
@Suite("Hot-path queries read their own rows, never the whole history", .timeLimit(.minutes(5)))
struct QueryPlanTests {
    /// Tables whose size is set by the hall's configuration, not by the days it has run.
    static let bounded: Set<String> = ["windowSession", "healthProbe", "keypadArming", "staffAccount", "staffRole",
                                       "enrolledDevice", "grdb_migrations", "appointmentOffer", "appointmentClosure"]
    /// Thursday 2026-09-24, 10:00 in the hall.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    @Test func hotPathsUseIndexes() async throws {
        let seen = Mutex<[String]>([])
        let (hall, _) = try await makeTestHall(clock: { Self.start }, statementObserver: { sql in seen.withLock { $0.append(sql) } })
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: [])
        let clerk = try await hall.session("clerk4"), supervisor = try await hall.session("supervisor1")
        let kiosk = try await hall.kioskToken()
        seen.withLock { $0.removeAll() }  // the setup's statements are not the hot path

        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String? = nil) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: method, as: token, body: body) { response async throws in
                    #expect(response.status.code < 300, "\(uri): \(String(buffer: response.body))")
                    return response.body.readableBytes == 0 ? [:] : try json(response.body)
                }
            }
            let ticket = try await call(.post, "/api/v1/tickets", #"{"bundle": "newborn"}"#, as: kiosk)
            let id = try #require(ticket["id"] as? String)
            _ = try await call(.get, "/api/v1/tickets/\(id)")
            _ = try await call(.get, "/api/v1/queues")
            _ = try await call(.get, "/api/v1/board")
            _ = try await call(.get, "/api/v1/windows", as: supervisor)
            _ = try await call(.post, "/api/v1/windows/4/sign-in", as: clerk)
            _ = try await call(.post, "/api/v1/windows/4/call-next", as: clerk)
            _ = try await call(.post, "/api/v1/windows/4/start", as: clerk)
            let opened = try await call(.post, "/api/v1/cases", #"""
                {"ticketID": "\#(id)", "applicant": {"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}}
                """#, as: clerk)
            let number = try #require(opened["number"] as? String)
            _ = try await call(.post, "/api/v1/cases/\(number)/materials", #"""
                {"checks": [{"materialID": "resident-id-card", "status": "present"}, {"materialID": "marriage-certificate", "status": "present"},
                 {"materialID": "ethnicity-confirmation", "status": "present"}]}
                """#, as: clerk)
            _ = try await call(.post, "/api/v1/cases/\(number)/decision", #"{"decision": "accept"}"#, as: clerk)
            _ = try await call(.get, "/api/v1/cases/\(number)", as: clerk)
            _ = try await call(.post, "/api/v1/windows/4/finish", as: clerk)
            _ = await hall.reviewDesk.keypadPressed(window: "4", level: 5)
            _ = try await call(.get, "/api/v1/supervision/today", as: supervisor)
            let complaint = try await call(.post, "/api/v1/complaints", #"""
                {"type": "attitude", "window": "4", "content": "态度不好", "demand": "道歉"}
                """#, as: kiosk)
            let complaintNumber = try #require(complaint["number"] as? String)
            _ = try await call(.get, "/api/v1/complaints/\(complaintNumber)")
            _ = try await call(.get, "/api/v1/complaints", as: supervisor)
            _ = try await call(.post, "/api/v1/complaints/\(complaintNumber)/investigate", as: supervisor)
        }
        // A queue with a time-band cap (R1), counted on the same database.
        var layout = hall.layout
        let band = TimeBand(start: 0, end: 24 * 60 - 1)
        layout.queues = layout.queues.map { q in var q = q; q.bandCaps = [BandCap(band: band, cap: 1000)]; return q }
        let capped = QueueStore(writer: hall.writer, layout: layout, catalog: hall.catalog, calendar: hall.current.store.calendar)
        _ = try await capped.issue(.queue("pickup"), at: Self.start)

        let statements = Set(seen.withLock { $0 }).filter(Self.isQuery)
        #expect(statements.count > 20, "the hot paths ran their queries: \(statements.count)")
        let scans = try await hall.writer.read { db in try statements.flatMap { try Self.scansOfGrowingTables(in: $0, db) } }
        #expect(scans.isEmpty, "full scans of growing tables:\n\(scans.joined(separator: "\n"))")
    }

    /// A statement whose plan matters (not a transaction or a pragma).
    static func isQuery(_ sql: String) -> Bool {
        let head = sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(7).uppercased()
        return ["SELECT", "UPDATE", "DELETE", "INSERT", "WITH", "REPLACE"].contains { head.hasPrefix($0) }
    }

    /// "SCAN t" lines of the statement's plan whose table (or alias of one) is not bounded.
    static func scansOfGrowingTables(in sql: String, _ db: Database) throws -> [String] {
        let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
        statement.setUncheckedArguments([])
        let details = try Row.fetchAll(statement).map { $0["detail"] as String }
        let aliases = Self.aliases(in: sql)
        // A walk in key order that stops at its LIMIT (the archive's newest entry) reads its
        // few rows only: no WHERE to skip rows by, no temporary B-tree to sort them all.
        let upper = sql.uppercased()
        if upper.contains(" LIMIT "), !upper.contains(" WHERE "), !details.contains(where: { $0.contains("TEMP B-TREE") }) { return [] }
        return details.compactMap { detail in
            guard detail.hasPrefix("SCAN ") else { return nil }
            let name = String(detail.dropFirst(5).split(separator: " ").first ?? "")
            let table = aliases[name] ?? name
            // pragma_* are the connection's own virtual tables (the archive asks which file it is on).
            if Self.bounded.contains(table) || name == "CONSTANT" || name.hasPrefix("json_") || name.hasPrefix("pragma_")
                || name.hasPrefix("(") { return nil }
            return "\(detail)  ←  \(sql.replacingOccurrences(of: "\n", with: " "))"
        }
    }

    /// `FROM ticketEvent f` / `JOIN "ticket" AS t`: alias → table.
    static func aliases(in sql: String) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"(?i)\b(?:FROM|JOIN)\s+"?(\w+)"?\s+(?:AS\s+)?"?(\w+)"?"#)
        var map: [String: String] = [:]
        let range = NSRange(sql.startIndex..., in: sql)
        for match in pattern.matches(in: sql, range: range) {
            guard let table = Range(match.range(at: 1), in: sql), let alias = Range(match.range(at: 2), in: sql) else { continue }
            map[String(sql[alias])] = String(sql[table])
        }
        return map
    }
}
