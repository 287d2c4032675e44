import Foundation
import GRDB
import IntakeCore

/// December 2026 worked out from the raw rows of a hall's database file with the test's own
/// SQL and arithmetic (docs/METRICS.md), never through the core's figures: what
/// ``ReportMonthTests`` holds the month report to. Days are Asia/Shanghai (+8 hours, no
/// daylight saving); working days are Monday to Friday (the demo calendar has no holiday in
/// December 2026, which `init` checks), and the generated cases have no clock stops (checked).
struct RawMonth {
    let today: CivilDay
    let ticketRows: [Row], callRows: [Row], caseRows: [Row], reviewRows: [Row], complaintRows: [Row]
    let departments: [String: String]
    /// The archive's last entry before the month's end (2027-01-01 00:00 in the hall is 2026-12-31 16:00 UTC).
    let archiveHead: ArchiveHead?
    static let first = CivilDay("2026-12-01")!, last = CivilDay("2026-12-31")!

    init(database path: String, today: CivilDay, catalog: Catalog) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let db = try DatabaseQueue(path: path, configuration: configuration)
        self.today = today
        departments = Dictionary(catalog.items.map { ($0.id, $0.department) }, uniquingKeysWith: { a, _ in a })
        let days = "BETWEEN '2026-12-01' AND '2026-12-31'"
        archiveHead = try db.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, hash FROM archiveEntry WHERE \"at\" < '2026-12-31 16:00:00' ORDER BY sequence DESC LIMIT 1")
                .map { ArchiveHead(sequence: $0["sequence"], hash: $0["hash"]) }
        }
        (ticketRows, callRows, caseRows, reviewRows, complaintRows) = try db.read { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM serviceCase WHERE clockStops != '[]'") == 0 else {
                throw TestFailure("the generated month has clock stops, which these counts leave out")
            }
            let tickets = try Row.fetchAll(db, sql: """
                SELECT t.id, t.itemID, t.windowID, t.state,
                  COALESCE((SELECT staffID FROM ticketEvent f WHERE f.ticketID = t.id AND f.kind = 'finish' AND f.staffID IS NOT NULL ORDER BY f."at" DESC LIMIT 1),
                           (SELECT staffID FROM ticketEvent c WHERE c.ticketID = t.id AND c.kind = 'call' AND c.staffID IS NOT NULL ORDER BY c."at" DESC LIMIT 1)) AS staff,
                  (julianday((SELECT min("at") FROM ticketEvent e WHERE e.ticketID = t.id AND e.kind = 'call')) - julianday(t.issuedAt)) * 86400 AS wait,
                  (SELECT (julianday(f."at") - julianday((SELECT max(s."at") FROM ticketEvent s WHERE s.ticketID = t.id AND s.kind = 'start' AND s."at" <= f."at"))) * 86400
                     FROM ticketEvent f WHERE f.ticketID = t.id AND f.kind = 'finish' ORDER BY f."at" DESC LIMIT 1) AS service
                FROM ticket t WHERE t.serviceDay \(days)
                """)
            let calls = try Row.fetchAll(db, sql: """
                SELECT e.ticketID, CAST(strftime('%H', e."at", '+8 hours') AS INTEGER) AS hour FROM ticketEvent e
                JOIN ticket t ON t.id = e.ticketID WHERE e.kind = 'call' AND t.serviceDay \(days)
                """)
            let cases = try Row.fetchAll(db, sql: """
                SELECT c.number, c.leadDepartment, c.windowID, c.openedBy, c.caseType, c.channel, c.acceptedOn, c.state, c.closing,
                  (SELECT count(*) FROM json_each(c.refusal, '$.reasons') WHERE trim(value) != '') AS reasons,
                  (SELECT max(json_extract(value, '$.promisedLimitDays')) FROM json_each(c.subCases)) AS promised,
                  (SELECT max(json_extract(value, '$.legalLimitDays')) FROM json_each(c.subCases)) AS legal,
                  (SELECT date(min("at"), '+8 hours') FROM caseEvent e WHERE e.caseID = c.id AND e."to" = 'awaitingPickup') AS finished,
                  (SELECT date(min("at"), '+8 hours') FROM caseEvent e WHERE e.caseID = c.id AND e."to" = 'completed') AS handed,
                  (SELECT date(min("at"), '+8 hours') FROM caseEvent e WHERE e.caseID = c.id AND e."to" IN ('withdrawn', 'lapsed')) AS ended,
                  (SELECT date(min("at"), '+8 hours') FROM caseEvent e WHERE e.caseID = c.id AND e."to" = 'refused') AS refused
                FROM serviceCase c
                """)
            let reviews = try Row.fetchAll(db, sql: """
                SELECT r.department, r.windowID, r.staffID, r.level, (SELECT count(*) FROM rectificationTask k WHERE k.reviewID = r.id) AS tasks
                FROM review r WHERE date(r."at", '+8 hours') \(days)
                """)
            let complaints = try Row.fetchAll(db, sql: """
                SELECT unit, windowID, staffID, answerDue, date(answeredAt, '+8 hours') AS answered, upheld FROM complaint WHERE receivedOn \(days)
                """)
            return (tickets, calls, cases, reviews, complaints)
        }
    }

    /// Whether a row of department, window and staff columns is in the scope.
    static func inScope(_ kind: ReportScope.Kind, _ id: String?, department: String?, window: String?, staff: String?) -> Bool {
        switch kind {
        case .hall: true
        case .department: department == id
        case .window: window == id
        case .staff: staff == id
        }
    }

    struct Tickets { var count = 0, served = 0, noShows = 0; var waits: [Double] = [], services: [Double] = []; var callsPerHour = Array(repeating: 0, count: 24) }

    func tickets(_ kind: ReportScope.Kind, _ id: String?) -> Tickets {
        var result = Tickets()
        var mine = Set<String>()
        for row in ticketRows where Self.inScope(kind, id, department: (row["itemID"] as String?).flatMap { departments[$0] },
                                                 window: row["windowID"], staff: row["staff"]) {
            mine.insert(row["id"]); result.count += 1
            if (row["state"] as String) == "done" { result.served += 1 }
            if (row["state"] as String) == "noShow" { result.noShows += 1 }
            if let wait = row["wait"] as Double? { result.waits.append(wait) }
            if let service = row["service"] as Double? { result.services.append(service) }
        }
        for row in callRows where mine.contains(row["ticketID"]) { result.callsPerHour[row["hour"] as Int] += 1 }
        return result
    }

    struct Cases { var accepted = 0, immediate = 0, finished = 0, onTimePromised = 0, onTimeLegal = 0; var deductions: [DeductionKind: [String]] = [:] }

    func cases(_ kind: ReportScope.Kind, _ id: String?) -> Cases {
        var result = Cases()
        func day(_ row: Row, _ column: String) -> CivilDay? { (row[column] as String?).flatMap(CivilDay.init) }
        func inMonth(_ d: CivilDay?) -> Bool { d.map { Self.first <= $0 && $0 <= Self.last } ?? false }
        for row in caseRows where Self.inScope(kind, id, department: row["leadDepartment"], window: row["windowID"], staff: row["openedBy"]) {
            let number: String = row["number"]
            let accepted = day(row, "acceptedOn"), finished = day(row, "finished"), handed = day(row, "handed"), ended = day(row, "ended")
            if inMonth(accepted) {
                result.accepted += 1
                if (row["caseType"] as String) == "immediate" { result.immediate += 1 }
            }
            let promisedDue = accepted.map { Self.adding(workingDays: row["promised"] ?? 0, to: $0) }
            let legalDue = accepted.map { Self.adding(workingDays: row["legal"] ?? 0, to: $0) }
            if inMonth(finished), let finished {
                result.finished += 1
                if let due = promisedDue, finished <= due { result.onTimePromised += 1 }
                if let due = legalDue, finished <= due { result.onTimeLegal += 1 }
            }
            if (row["state"] as String) == "refused", inMonth(day(row, "refused")), (row["reasons"] as Int) == 0 {
                result.deductions[.refusedWithoutReasons, default: []].append(number)
            }
            if (row["state"] as String) == "withdrawn", accepted != nil, inMonth(ended),
               ((row["closing"] as String?).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["note"] as? String ?? "")
                .allSatisfy(\.isWhitespace) {
                result.deductions[.stoppedWithoutReason, default: []].append(number)
            }
            if let due = promisedDue, inMonth(due), (finished ?? ended).map({ $0 > due }) ?? (due < today) {
                result.deductions[.overdue, default: []].append(number)
            }
            if let finished {
                let limit = Self.adding(workingDays: 10, to: finished)
                if inMonth(limit), handed.map({ $0 > limit }) ?? (limit < today) { result.deductions[.resultNotHandedOut, default: []].append(number) }
            }
        }
        return result
    }

    func concentration(_ catalog: Catalog, _ department: String?) -> Rate {
        let items = catalog.items.filter { department == nil || $0.department == department }
        return Rate(items.filter { $0.acceptedInHall != false }.count, of: items.count)
    }

    struct Reviews { var total = 0, bad = 0, tasks = 0 }

    func reviews(_ kind: ReportScope.Kind, _ id: String?) -> Reviews {
        var result = Reviews()
        for row in reviewRows where Self.inScope(kind, id, department: row["department"], window: row["windowID"], staff: row["staffID"]) {
            result.total += 1
            if (row["level"] as Int) <= 2 { result.bad += 1 }
            result.tasks += row["tasks"] as Int
        }
        return result
    }

    struct Complaints { var received = 0, answered = 0, onTime = 0, upheld = 0 }

    func complaints(_ kind: ReportScope.Kind, _ id: String?) -> Complaints {
        var result = Complaints()
        for row in complaintRows where Self.inScope(kind, id, department: row["unit"], window: row["windowID"], staff: row["staffID"]) {
            result.received += 1
            if let answered = row["answered"] as String? {
                result.answered += 1
                if answered <= (row["answerDue"] as String) { result.onTime += 1 }
            }
            if (row["upheld"] as Bool?) == true { result.upheld += 1 }
        }
        return result
    }

    /// The n-th Monday-to-Friday after a day (the day itself never counts).
    static func adding(workingDays n: Int, to day: CivilDay) -> CivilDay {
        var d = day, left = n
        while left > 0 {
            d = d.adding(days: 1)
            if d.weekday <= 5 { left -= 1 }
        }
        return d
    }
}
