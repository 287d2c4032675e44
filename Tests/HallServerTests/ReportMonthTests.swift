import Foundation
import GRDB
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import TestSupport
import Testing

/// The month report (seed 004 §12.3.4–§12.3.6; docs/METRICS.md) on a generated month: ten
/// working days of tickets served at three windows (no-shows among them), cases opened from
/// them that are accepted, refused, withdrawn, decided late or on time and handed out or not,
/// keypad reviews with their bad-review tasks, and complaints answered or not — all through
/// the hall's own services on a clock the test moves. Every figure of the report is then
/// recomputed from the raw rows of the database file with the test's own SQL and compared,
/// figure by figure, for the hall and every department, window and staff member.
@Suite("Month report against the raw records", .timeLimit(.minutes(5)))
struct ReportMonthTests {
    static func at(_ day: String, _ minutes: Int) -> Date {
        ISO8601DateFormatter().date(from: "\(day)T00:00:00+08:00")!.addingTimeInterval(Double(minutes * 60))
    }

    @Test func everyFigureMatchesTheRawRows() async throws {
        let clock = ManualClock(Self.at("2026-12-01", 8 * 60))
        let (hall, dir) = try await makeTestHall(clock: { clock.read() })
        var random = SeededGenerator(seed: 7)
        let generated = try await MonthGenerator(hall: hall, clock: clock).run(days: 10, random: &random)
        #expect(generated.cases >= 40 && generated.tickets >= 100)

        let supervisor = try await hall.session("supervisor1")
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let report = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/month?month=2026-12", method: .get, as: supervisor) { response in
                #expect(response.status == .ok)
                return try JSONDecoder().decode(SupervisionReport.self, from: Data(buffer: response.body))
            }
        }
        let raw = try RawMonth(database: dir + "/onevisit.sqlite", today: CivilDay(hall.current.store.calendar.serviceDay(of: clock.read()))!,
                               catalog: hall.catalog)
        #expect(report.madeOn == raw.today)
        #expect(report.archiveHead != nil && report.archiveHead == raw.archiveHead, "the archive's head at the month's end")

        let rows = [report.hall] + report.departments + report.windows + report.staff
        #expect(Set(report.windows.map(\.scope.id)).isSuperset(of: ["1", "2", "3"]))
        for row in rows {
            let key = row.scope.kind == .hall ? nil : row.scope.id
            let label = "\(row.scope.kind.rawValue) \(row.scope.id)"
            let tickets = raw.tickets(row.scope.kind, key)
            #expect(row.service.tickets == tickets.count, "\(label) tickets")
            #expect(row.service.served == tickets.served && row.service.noShows == tickets.noShows, "\(label) served/no-shows")
            expectTimes(row.service.waitingTime, tickets.waits, "\(label) waiting")
            expectTimes(row.service.serviceTime, tickets.services, "\(label) service")
            #expect(row.service.callsPerHour == tickets.callsPerHour, "\(label) calls per hour")

            let cases = raw.cases(row.scope.kind, key)
            let e = row.efficiency
            #expect(e.accepted == cases.accepted && e.immediate == Rate(cases.immediate, of: cases.accepted), "\(label) immediate")
            #expect(e.finished == cases.finished, "\(label) finished")
            #expect(e.onTimePromised == Rate(cases.onTimePromised, of: cases.finished), "\(label) on time (promised)")
            #expect(e.onTimeLegal == Rate(cases.onTimeLegal, of: cases.finished), "\(label) on time (legal)")
            #expect(e.online == Rate(0, of: cases.finished), "\(label) online")
            for (kind, numbers) in cases.deductions {
                #expect(row.deductions[kind.rawValue] == numbers.count, "\(label) \(kind.rawValue)")
            }
            if row.scope.kind == .hall || row.scope.kind == .department {
                #expect(e.concentration == raw.concentration(hall.catalog, key), "\(label) concentration")
            } else {
                #expect(e.concentration == nil)
            }

            let reviews = raw.reviews(row.scope.kind, key)
            #expect(row.reviews.total == reviews.total && row.reviews.bad == reviews.bad, "\(label) reviews")
            #expect(row.reviews.satisfaction == Rate(reviews.total - reviews.bad, of: reviews.total))
            #expect(row.reviews.tasksOpened == reviews.tasks && row.reviews.tasksOpen == reviews.tasks, "\(label) tasks")

            let complaints = raw.complaints(row.scope.kind, key)
            #expect(row.complaints.received == complaints.received && row.complaints.answered == complaints.answered, "\(label) complaints")
            #expect(row.complaints.answeredOnTime.numerator == complaints.onTime && row.complaints.upheld == complaints.upheld)
        }
        // The hall's lists of deducted cases, case by case.
        let hallCases = raw.cases(.hall, nil)
        for deduction in report.deductions {
            #expect(deduction.cases.map(\.caseNumber).sorted() == (hallCases.deductions[deduction.kind] ?? []).sorted(), "\(deduction.kind.rawValue)")
        }
        // The generated month has every kind it was made to have.
        #expect(hallCases.finished > 0 && hallCases.onTimePromised < hallCases.finished)
        #expect(!(hallCases.deductions[.overdue] ?? []).isEmpty && !(hallCases.deductions[.resultNotHandedOut] ?? []).isEmpty)
        #expect(report.hall.reviews.bad > 0 && report.hall.complaints.upheld > 0 && report.hall.service.noShows > 0)

        // The CSV has the hall's row with the same figures.
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/month?month=2026-12&format=csv", method: .get, as: supervisor) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let hallRow = String(buffer: response.body).split(separator: "\r\n")[1]
                #expect(hallRow.hasPrefix("2026-12,全厅,,全厅,") && hallRow.contains(",\(report.hall.efficiency.accepted),\(report.hall.efficiency.finished),"))
            }
        }
    }

    func expectTimes(_ figures: TimeFigures, _ values: [Double], _ label: String) {
        let sorted = values.sorted()
        #expect(figures.count == sorted.count, "\(label) count")
        guard !sorted.isEmpty else { return #expect(figures == .none, "\(label) empty") }
        func rank(_ p: Double) -> Double { sorted[Int((p * Double(sorted.count)).rounded(.up)) - 1] }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        // julianday() in SQLite keeps milliseconds: a hundredth of a second either way.
        #expect(abs((figures.meanSeconds ?? -1) - mean) < 0.01, "\(label) mean")
        #expect(abs((figures.p50Seconds ?? -1) - rank(0.5)) < 0.01, "\(label) p50")
        #expect(abs((figures.p90Seconds ?? -1) - rank(0.9)) < 0.01, "\(label) p90")
    }
}
