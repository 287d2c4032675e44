import Foundation
import IntakeCore
import IntakeStore

/// The supervision reports of a day, month or quarter (seed 004 §12.3.4–§12.3.6): the
/// records of the period from ``SupervisionStore``, the hall's catalog, calendars, windows
/// and staff names, and the core's ``SupervisionReport``. Reads the hall's clock once per
/// report, for the day it is made. Case numbers and staff only: no applicant's data.
public final class ReportService: Sendable {
    let hall: HallInForce
    let store: SupervisionStore
    let accounts: StaffAccounts
    let grants = ReportPrintGrants()

    init(hall: HallInForce, store: SupervisionStore, accounts: StaffAccounts) {
        self.hall = hall; self.store = store; self.accounts = accounts
    }

    public func report(_ period: ReportPeriod) async throws -> SupervisionReport {
        let calendar = hall.store.calendar
        let layout = hall.layout
        let records = try await store.records(period, calendar: calendar)
        let staff = try await accounts.store.accounts()
        let context = SupervisionContext(
            catalog: hall.catalog, calendar: calendar, workingCalendar: layout.workingCalendar,
            windowNames: Dictionary(layout.windows.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            staffNames: Dictionary(staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            naiveMinutesPerPerson: layout.waitEstimate.defaultServiceMinutes)
        return SupervisionReport.compute(records, period: period, today: hall.civilToday, context: context)
    }

    /// A one-time grant for headless Chromium to print the period's report page.
    public func grant(_ period: ReportPeriod, by staffID: String) -> ReportPrintGrant {
        let grant = grants.issue(period, at: hall.realTime())
        hall.logger.info("Report print grant issued", metadata: ["period": "\(period)", "by": "\(staffID)"])
        return grant
    }

    /// The report a grant names, spending the grant; 403 when it is unknown, spent or expired.
    public func report(grant token: String) async throws -> SupervisionReport {
        guard let period = grants.spend(token, at: hall.realTime()) else {
            throw APIError(.forbidden, code: "grant_invalid", message: "this print grant is unknown, used or expired: ask for a new one")
        }
        return try await report(period)
    }
}
