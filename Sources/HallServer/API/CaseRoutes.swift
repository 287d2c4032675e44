import EscPos
import Foundation
import Hummingbird
import IDCard
import IntakeCore
import IntakeStore
import NIOCore
import PaperRendering

/// Cases at the window and in the back office (R4, R5): open from a ticket, check materials,
/// decide (accept, one-time correction notice, accept with deficiencies, refuse), department
/// steps and results, clock stops, pickup and delivery, proxy service, and the documents
/// each decision issues.
struct CaseRoutes {
    let hall: HallInForce
    let intake: CaseService
    let readers: HallReaders
    let accounts: StaffAccounts

    struct OpenRequest: Decodable {
        var ticketID: String?
        var itemID: String?
        var bundleID: String?
        var applicant: ApplicantBody?
        /// Take the applicant from the card on the window's ID reader (shared data first).
        var applicantFromReader: Bool?
        var channel: String?
    }

    struct ApplicantBody: Decodable {
        var name: String
        var idNumber: String
        var phone: String?
        var untrustworthy: Bool?
    }

    func register(on routes: HallRoutes) {
        // A clerk opens a case at the window they are signed in at.
        routes.staff(.clerk).post("/api/v1/cases") { request, context in
            let staff = try context.staff()
            let body = try await JSONCoding.body(OpenRequest.self, of: request)
            let c = try await open(body, by: staff)
            return try JSONCoding.response(try await CaseView(c, intake: intake), status: .created)
        }
        // Cases as the staff see them (applicant masked): a department its own.
        let viewers = routes.staff(.clerk, .department, .proxy, .supervisor)
        viewers.get("/api/v1/cases") { request, context in
            let p = request.uri.queryParameters
            let state = try request.queryValue("state", CaseState.self)
            let staff = try context.staff()
            var list = try await intake.cases.cases(state: state).filter { CaseAccess.maySee($0, by: staff) }.map { CaseSummary($0, intake: intake) }
            if let card = p.get("card") { list = list.filter { $0.deadline.card.rawValue == card } }
            return try JSONCoding.response(["cases": list])
        }
        viewers.get("/api/v1/cases/{number}", binding: .caseSeen) { _, context in
            try JSONCoding.response(try await CaseView(try await find(context, seenBy: context.staff()), intake: intake))
        }
        // The full applicant and form: the clerk at the case's window, its departments and
        // supervisors (the core's CaseAccess), every read audited.
        viewers.get("/api/v1/cases/{number}/applicant", binding: .caseInFull) { _, context in
            let c = try await readInFull(context, what: "applicant")
            guard let applicant = c.applicant else { throw APIError.notFound("case \(c.number) has no applicant recorded") }
            return try JSONCoding.response(ApplicantView(name: applicant.name, idNumber: applicant.idNumber, phone: applicant.phone,
                                                         untrustworthy: applicant.untrustworthy))
        }
        viewers.get("/api/v1/cases/{number}/form", binding: .caseInFull) { _, context in
            let c = try await readInFull(context, what: "form")
            return try JSONCoding.response(["form": c.form])
        }
        viewers.get("/api/v1/cases/{number}/documents", binding: .caseSeen) { _, context in
            let c = try await find(context, seenBy: context.staff())
            return try JSONCoding.response(["documents": try await intake.cases.documents(ofCase: c.id)])
        }
        // A document as the printer gets it (ESC/POS), for a window PC that prints itself.
        viewers.get("/api/v1/cases/{number}/documents/{id}/escpos", binding: .caseSeen) { _, context in
            let document = try await document(context)
            let encoder = EscPosEncoder(paper: .mm80, rasterizer: intake.printers.encoderFont)
            let bytes = try encoder.encode(intake.noticeLayout(of: document).document(paper: .mm80)).bytes
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        registerPreview(on: viewers)
        // A reprint comes out of the printer of the clerk's own window.
        routes.staff(.clerk).post("/api/v1/cases/{number}/documents/{id}/print", binding: .caseSeen) { _, context in
            let document = try await document(context)
            let outcome = await intake.print(document, window: try context.staff().windowID, reprint: true)
            return try JSONCoding.response(outcome)
        }
        // Each action its own typed route, with the audience its kind of work has; the core's
        // CaseAccess then binds the caller to this case (its window, its departments).
        for route in CaseActionRoutes.all { register(route, on: routes) }
        routes.staff(.proxy, .supervisor).get("/api/v1/proxy-ledger") { request, _ in
            let cases = try await intake.cases.cases(proxyOnly: true)
            if request.uri.queryParameters.get("format") == "csv" {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"proxy-ledger.csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: ProxyLedger.csv(cases, deadline: { intake.deadline(of: $0) },
                                                                                            day: { CivilDay(hall.store.calendar.serviceDay(of: $0))! }))))
            }
            return try JSONCoding.response(["cases": cases.map { CaseSummary($0, intake: intake) }])
        }
    }

    private func register<Route: CaseActionRoute>(_ route: Route.Type, on routes: HallRoutes) {
        routes.audience(.staff(Route.roles)).post("/api/v1/cases/{number}/\(Route.name)", binding: .caseAction) { request, context in
            let staff = try context.staff()
            let c = try await find(context)
            try context.require(CaseAccess.mayDo(Route.work, on: c, by: staff))
            let action = try Route.action(try await JSONCoding.body(Route.Body.self, of: request, context: context), by: staff.id, hall: hall)
            return try await perform(action, on: c, context: context)
        }
    }

    /// The transition, its documents printed, the case view.
    private func perform(_ action: CaseAction, on c: ServiceCase, context: HallRequestContext) async throws -> Response {
        let staff = try context.staff()
        try context.require(CaseAccess.mayAct(action, on: c, by: staff))
        if case .handOver(let h) = action, let ticket = h.ticketNumber { try await requirePickupTicket(ticket, at: h.windowID ?? staff.windowID) }
        let (updated, documents, printed) = try await intake.act(onCase: c.number, action, by: staff.id, window: staff.windowID)
        var view = try await CaseView(updated, intake: intake)
        view.issued = documents
        view.printed = printed
        return try JSONCoding.response(view)
    }

    // MARK: Helpers

    private func find(_ context: HallRequestContext) async throws -> ServiceCase {
        let raw = try context.parameters.require("number")
        let number = CaseNumber.normalized(raw) ?? raw
        guard let c = try await intake.cases.find(number: number) else { throw APIError.notFound("no case \(raw)") }
        return c
    }

    /// The case, if it is one this staff member sees at all.
    private func find(_ context: HallRequestContext, seenBy staff: SignedInStaff) async throws -> ServiceCase {
        let c = try await find(context)
        guard CaseAccess.maySee(c, by: staff) else {
            throw APIError(.forbidden, code: "forbidden", message: "case \(c.number) is not one of your department's cases")
        }
        return c
    }

    /// The case for a read of its personal data, allowed by the core and audited.
    private func readInFull(_ context: HallRequestContext, what: String) async throws -> ServiceCase {
        let staff = try context.staff()
        let c = try await find(context)
        try context.require(CaseAccess.mayReadInFull(c, by: staff))
        try await accounts.audit(staff, caseNumber: c.number, what: what)
        return c
    }

    /// A pickup hand-over names the pickup ticket the window has called.
    private func requirePickupTicket(_ number: String, at window: String?) async throws {
        guard let window else { throw APIError.badRequest("a hand-over with a pickup ticket names the window (windowID)") }
        let current = try await hall.store.windowStatus().first { $0.window.id == window }?.current
        guard current?.number == number else {
            throw APIError(.conflict, code: "ticket_not_called", message: "ticket \(number) is not the one window \(window) has called")
        }
    }

    func document(_ context: HallRequestContext) async throws -> CaseDocument {
        let c = try await find(context, seenBy: context.staff())
        let id = try context.parameters.require("id")
        guard let d = try await intake.cases.document(id: id), d.caseID == c.id else { throw APIError.notFound("case \(c.number) has no document \(id)") }
        return d
    }

    private func open(_ body: OpenRequest, by staff: SignedInStaff) async throws -> ServiceCase {
        var ticket: Ticket?
        if let id = body.ticketID {
            guard let t = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \(id)") }
            ticket = t
        }
        // The window is the clerk's own, from the session; a ticket must be at that window.
        guard let window = staff.windowID else {
            throw APIError(.forbidden, code: "forbidden", message: "sign in at a window first (POST /api/v1/windows/{id}/sign-in)")
        }
        if let ticket, let at = ticket.windowID, at != window {
            throw APIError(.forbidden, code: "forbidden", message: "ticket \(ticket.number) is at window \(at), not at your window \(window)")
        }
        var applicant: Applicant?
        if let a = body.applicant {
            guard !a.name.allSatisfy(\.isWhitespace) else { throw APIError.badRequest("applicant.name must not be empty") }
            do { _ = try IDNumber.validate(a.idNumber) } catch { throw APIError.badRequest("applicant.idNumber: \(error)") }
            applicant = Applicant(name: a.name, idNumber: a.idNumber, phone: a.phone, untrustworthy: a.untrustworthy ?? false)
        } else if body.applicantFromReader == true {
            guard let reader = readers.windowReader(window) else {
                throw APIError.badRequest("applicantFromReader needs a window with an ID reader")
            }
            guard let card = await reader.driver.card else {
                throw APIError(.conflict, code: "no_card", message: "no ID card read at window \(window) in the last minute")
            }
            applicant = Applicant(name: card.name, idNumber: card.number)
        }
        let channel: ServiceCase.Channel = body.channel == "online" ? .online : .window
        return try await intake.open(CaseRequest(itemID: body.itemID, bundleID: body.bundleID, ticket: ticket, windowID: window,
                                                   openedBy: staff.id, applicant: applicant, channel: channel,
                                                   applicantFromCard: body.applicant == nil && body.applicantFromReader == true), by: staff.id)
    }
}

/// A case as the window and the supervisor see it: the applicant masked, the deadline and
/// card of today, the history and the documents issued.
struct CaseView: Encodable {
    var number: String
    var state: CaseState
    var stateName: String
    var caseType: CaseType
    var caseTypeName: String
    var title: String
    var ticketNumber: String?
    var windowID: String?
    var leadDepartment: String
    var applicant: String?
    var materials: [CaseMaterial]
    var form: [CaseFormField]
    var subCases: [SubCase]
    var acceptedOn: CivilDay?
    var specialProcedures: [String]
    var clockStops: [ClockStop]
    var deadline: CaseDeadline
    var correction: CorrectionNotice?
    var deficiency: Deficiency?
    var refusal: Refusal?
    var closing: Closing?
    var handOver: HandOver?
    var proxy: ProxyService?
    var history: [CaseEvent]
    var documents: [DocumentRef]
    var issued: [CaseDocument]?
    var printed: [PrintOutcome]?

    /// Personal fields of the form masked (`440***********4442`, `李**`): the full form is `/form`, for the clerk.
    static func masked(_ field: CaseFormField) -> CaseFormField {
        guard field.isPersonal, let v = field.value else { return field }
        var f = field
        f.value = v.count >= 11 ? String(v.prefix(3)) + String(repeating: "*", count: v.count - 7) + String(v.suffix(4))
            : String(v.prefix(1)) + String(repeating: "*", count: max(2, v.count - 1))
        return f
    }

    struct DocumentRef: Encodable { var id: String; var kind: String; var title: String; var number: String; var issuedAt: Date }

    init(_ c: ServiceCase, intake: CaseService) async throws {
        number = c.number; state = c.state; stateName = c.state.chineseName; caseType = c.caseType; caseTypeName = c.caseType.chineseName
        title = c.title; ticketNumber = c.ticketNumber; windowID = c.windowID; leadDepartment = c.leadDepartment
        applicant = c.applicant.map { "\($0.maskedName) \($0.maskedNumber)" }
        materials = c.materials; subCases = c.subCases
        form = c.form.map(Self.masked)
        acceptedOn = c.acceptedOn; specialProcedures = c.specialProcedures
        clockStops = c.clockStops; deadline = intake.deadline(of: c); correction = c.correction; deficiency = c.deficiency
        refusal = c.refusal; closing = c.closing; proxy = c.proxy
        var h = c.handOver
        if let address = h?.address { h?.address = String(address.prefix(min(6, address.count / 2))) + "…" }
        handOver = h
        history = try await intake.cases.events(ofCase: c.id)
        documents = try await intake.cases.documents(ofCase: c.id).map {
            DocumentRef(id: $0.id, kind: $0.kind.rawValue, title: $0.title, number: $0.number, issuedAt: $0.issuedAt)
        }
    }
}

struct CaseSummary: Encodable {
    var number: String
    var title: String
    var state: CaseState
    var stateName: String
    var applicant: String?
    var windowID: String?
    var deadline: CaseDeadline
    var proxy: ProxyService?

    init(_ c: ServiceCase, intake: CaseService) {
        number = c.number; title = c.title; state = c.state; stateName = c.state.chineseName
        applicant = c.applicant.map { "\($0.maskedName) \($0.maskedNumber)" }; windowID = c.windowID
        deadline = intake.deadline(of: c); proxy = c.proxy
    }
}

struct ApplicantView: Encodable {
    var name: String
    var idNumber: String
    var phone: String?
    var untrustworthy: Bool
}
