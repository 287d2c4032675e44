import Foundation
import IntakeCore
import IntakeStore
import Metrics

/// Complaints (seed 004 §10): filed by citizens at the kiosk or online and by staff for
/// phone calls, letters and the window; the supervisor's steps; the lookup by number with the
/// public view only (§10.3), and the full complaint on an audited read. Reads the hall's
/// clock once per request. Logs carry numbers, channels, types and ids, never the
/// complainant nor what they wrote.
public final class ComplaintService: Sendable {
    let hall: HallInForce
    public let store: ComplaintStore
    let accounts: StaffAccounts
    private let filed = Counter(label: "onevisit_complaints_total")

    init(hall: HallInForce, store: ComplaintStore, accounts: StaffAccounts) {
        self.hall = hall; self.store = store; self.accounts = accounts
    }

    var policy: ComplaintPolicy { hall.layout.complaints }

    /// Files a complaint after the core's checks; every field at fault is named in one 400.
    /// - Parameters:
    ///   - byStaff: entered by staff (window, phone, letter).
    ///   - by: the staff ID, `kiosk:ID` or `online`.
    public func file(_ filing: ComplaintFiling, byStaff: Bool, by: String) async throws -> Complaint {
        let f = filing.tidied
        let staff = try await staffMember(f.staffID)
        let problems = f.problems(byStaff: byStaff, windows: Set(hall.layout.windows.map(\.id)), staff: staff)
        guard problems.isEmpty else { throw APIError.badRequest(problems.map(\.description).joined(separator: "; ")) }
        let now = hall.clock()
        let day = day(of: now)
        let c = try await mapped {
            try await store.file(f, day: day, at: now, by: by, staff: staff, policy: policy, calendar: hall.layout.workingCalendar,
                                 ratingCode: Self.newRatingCode())
        }
        filed.increment()
        hall.logger.info("Complaint filed", metadata: ["complaint": "\(ComplaintNumber.masked(c.number))", "channel": "\(c.channel.rawValue)", "type": "\(c.type.rawValue)",
                                                       "window": "\(c.windowID ?? "-")", "staff": "\(c.staffID ?? "-")", "due": "\(c.answerDue)"])
        return c
    }

    /// A supervisor's step on a complaint, decided by the core.
    public func act(number: String, _ action: ComplaintAction, by staff: SignedInStaff) async throws -> Complaint {
        let number = try canonical(number)
        let c = try await mapped { try await store.act(number: number, action, at: hall.clock(), by: staff) }
        hall.logger.info("Complaint changed", metadata: ["complaint": "\(ComplaintNumber.masked(c.number))", "action": "\(action.name)", "state": "\(c.state.rawValue)",
                                                         "by": "\(staff.id)"])
        return c
    }

    /// The complainant's rating of the result, by the number (§12.3.6a): what anyone with
    /// the number sees, now with the rating.
    public func rate(number: String, satisfied: Bool, code: String) async throws -> ComplaintPublicView {
        let number = try canonical(number)
        let c = try await mapped { try await store.rate(number: number, satisfied: satisfied, code: code, at: hall.clock()) }
        hall.logger.info("Complaint result rated", metadata: ["complaint": "\(ComplaintNumber.masked(c.number))", "satisfied": "\(satisfied)"])
        return ComplaintPublicView(c)
    }

    /// What anyone with the number sees.
    public func publicView(number: String) async throws -> ComplaintPublicView {
        ComplaintPublicView(try await complaint(number))
    }

    /// The complaint with the complainant and what they wrote: audited first, and not
    /// answered when the audit cannot be stored.
    public func full(number: String, for staff: SignedInStaff) async throws -> Complaint {
        let c = try await complaint(number)
        try await accounts.audit(staff, caseNumber: nil, what: "complaint", detail: c.number)
        return c
    }

    /// Complaints by state and days received, newest first. With neither a state nor a first
    /// day, the last year's: every list then reads its rows through an index, however many
    /// years the hall has run (a state's list reaches back to the first complaint).
    public func list(state: ComplaintState?, from first: CivilDay?, through last: CivilDay?) async throws -> [Complaint] {
        let first = first ?? (state == nil ? day(of: hall.clock()).adding(days: -Self.unfilteredDays) : nil)
        return try await mapped { try await store.list(state: state, from: first, through: last) }
    }

    static let unfilteredDays = 365

    /// Six random digits: a code to type on the kiosk's number pad, a million to guess at the
    /// lookups' rate limit.
    static func newRatingCode() -> String {
        var random = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &random))
    }

    public func deadline(of c: Complaint) -> ComplaintDeadline {
        ComplaintDeadline.of(c, today: day(of: hall.clock()), policy: policy, calendar: hall.layout.workingCalendar)
    }

    private func complaint(_ number: String) async throws -> Complaint {
        let number = try canonical(number)
        guard let c = try await mapped({ try await store.find(number: number) }) else { throw APIError.notFound("no complaint \(number)") }
        return c
    }

    /// A typed number that fails its check digit is refused, never looked up.
    private func canonical(_ number: String) throws(APIError) -> String {
        guard let n = ComplaintNumber.normalized(number) else {
            throw APIError(.badRequest, code: "invalid_number", message: "\"\(number)\" is not a complaint number (TS, 13 digits and a check digit); check it")
        }
        return n
    }

    private func staffMember(_ id: String?) async throws -> StaffMember? {
        guard let id else { return nil }
        return try await accounts.store.account(id).map { StaffMember(id: $0.id, name: $0.name) }
    }

    private func day(of date: Date) -> CivilDay { CivilDay(hall.store.calendar.serviceDay(of: date))! }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ComplaintStoreError { throw APIError(error) }
    }
}

extension APIError {
    /// Maps a refused complaint operation to its status and code.
    init(_ error: ComplaintStoreError) {
        switch error {
        case .notFound: self.init(.notFound, code: "not_found", message: error.description)
        case .storage: self.init(.serviceUnavailable, code: "storage_unavailable", message: error.description)
        case .refused(let e):
            switch e {
            case .notAllowed: self.init(.conflict, code: "transition_not_allowed", message: e.description)
            case .notSupervisor: self.init(.forbidden, code: "forbidden", message: e.description)
            case .ownComplaint: self.init(.conflict, code: "own_complaint", message: e.description)
            case .emptyText, .tooLong: self.init(.badRequest, code: "invalid_request", message: e.description)
            case .personalData: self.init(.unprocessableContent, code: "personal_data", message: e.description)
            case .alreadyPublished: self.init(.conflict, code: "already_published", message: e.description)
            case .alreadyRated: self.init(.conflict, code: "already_rated", message: e.description)
            case .wrongRatingCode: self.init(.forbidden, code: "wrong_rating_code", message: e.description)
            }
        }
    }
}
