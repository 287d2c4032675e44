import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// Reviews (好差评) and the rectification of bad ones, for the window screen, the kiosk,
/// online channels and the supervisor (R6; seed 004 §12, seed 001 §二(四)4).
struct ReviewRoutes {
    let hall: HallInForce
    let reviews: ReviewStore
    let reviewDesk: ReviewDesk
    let cases: CaseStore

    struct NewReview: Decodable {
        /// `kiosk` (a ticket not rated at the window) or `online` (a case, 一事一评).
        var channel: String
        var level: Int
        var ticketID: String?
        var caseNumber: String?
        /// Online: the last four characters of the applicant's ID number (``OnlineReviewAccess``).
        var idLast4: String?
    }

    struct Reasons: Decodable { var reasons: [String] }

    struct Stored: Encodable {
        var review: Review
        var task: ReviewTaskRoutes.TaskView?
    }

    func register(on routes: HallRoutes) {
        // Public: the window's rating screen shows the levels and the reasons to pick.
        routes.anyone.get("/api/v1/reviews/policy") { _, _ in
            let policy = hall.layout.reviews
            return try JSONCoding.response(ReviewPolicyView(
                levels: ReviewLevel.allCases.reversed().map { .init(level: $0.rawValue, name: $0.chineseName, bad: $0.isBad) },
                badReasons: policy.badReasons, keypadSeconds: policy.keypadSeconds, rectificationDays: policy.rectificationDays))
        }
        let readers = routes.staff(.supervisor, .department)
        readers.get("/api/v1/reviews") { request, _ in
            let found = try await reviews.reviews(try filter(request))
            if request.uri.queryParameters.get("format") == "csv" {
                return Response.csv(ReviewCSV.render(found, day: reviewDesk.reviewRules.day), name: "reviews.csv")
            }
            return try JSONCoding.response(["reviews": found])
        }
        readers.get("/api/v1/reviews/summary") { request, _ in
            let by = request.uri.queryParameters.get("by") ?? "window"
            guard let grouping = ReviewSummary.Grouping(rawValue: by) else {
                throw APIError.badRequest("by must be window, staff, item or day, not \"\(by)\"")
            }
            let found = try await reviews.reviews(try filter(request))
            let day = reviewDesk.reviewRules.day
            let all = ReviewSummary.group(found, by: .day) { _ in "all" }.first
            return try JSONCoding.response(SummaryView(
                by: by, groups: ReviewSummary.group(found, by: grouping) { day($0.at).description },
                total: all?.total ?? 0, bad: all?.bad ?? 0, satisfactionRate: all?.satisfactionRate,
                ignoredPresses: try await reviews.ignoredPresses()))
        }
        readers.get("/api/v1/reviews/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let review = try await reviews.review(id: id) else { throw APIError.notFound("no review \(id)") }
            return try JSONCoding.response(Stored(review: review, task: try await ReviewTaskRoutes.view(reviews.task(forReview: id), hall: hall, reviews: reviews)))
        }
        // Public: a citizen rates at the kiosk (a served ticket) or online (a finished case);
        // everything but the level comes from the hall's own records.
        routes.anyone.post("/api/v1/reviews") { request, context in
            let body = try await JSONCoding.body(NewReview.self, of: request)
            return try JSONCoding.response(try await add(body, context), status: .created)
        }
        // Public: the citizen picks the reasons of a bad review on the window's screen.
        routes.anyone.post("/api/v1/reviews/{id}/reasons") { request, context in
            let id = try context.parameters.require("id")
            let body = try await JSONCoding.body(Reasons.self, of: request)
            let review = try await reviews.setReasons(review: id, reasons: body.reasons, allowed: hall.layout.reviews.badReasons)
            return try JSONCoding.response(Stored(review: review, task: try await ReviewTaskRoutes.view(reviews.task(forReview: id), hall: hall, reviews: reviews)))
        }
    }

    private func filter(_ request: Request) throws -> ReviewFilter {
        let p = request.uri.queryParameters
        var filter = ReviewFilter(window: p.get("window"), staff: p.get("staff"), item: p.get("item"), badOnly: p.get("bad") == "true")
        if let c = p.get("channel") {
            guard let channel = ReviewChannel(rawValue: c) else { throw APIError.badRequest("channel must be keypad, kiosk or online") }
            filter.channel = channel
        }
        let calendar = hall.store.calendar
        for (key, isFrom) in [("from", true), ("to", false)] {
            guard let text = p.get(key) else { continue }
            guard let day = CivilDay(text) else { throw APIError.badRequest("\(key) must be a date YYYY-MM-DD, not \"\(text)\"") }
            // Whole hall-local days: from its first instant, to the end of the day given.
            let noon = ISO8601DateFormatter().date(from: "\(day)T12:00:00Z") ?? Date()
            let start = calendar.instant(day: noon, minuteOfDay: 0)
            if isFrom { filter.from = start } else { filter.to = start.addingTimeInterval(86_400) }
        }
        return filter
    }

    private func add(_ body: NewReview, _ context: HallRequestContext) async throws -> Stored {
        guard let level = ReviewLevel(rawValue: body.level) else { throw APIError.badRequest("level must be 1 (非常不满意) to 5 (非常满意)") }
        let store = hall.store
        let subject: ReviewSubject
        let channel: ReviewChannel
        switch body.channel {
        case "kiosk":
            guard let id = body.ticketID else { throw APIError.badRequest("a kiosk review names the ticket: ticketID") }
            guard let ticket = try await store.ticket(id: id) else { throw APIError.notFound("no ticket \(id)") }
            guard ticket.state == .done else { throw APIError(.conflict, code: "not_served", message: "ticket \(ticket.number) has not been served yet") }
            var s = ReviewSubject.of(ticket, catalog: store.catalog, queueName: store.layout.queue(ticket.queueID)?.name,
                                     hallName: store.layout.hallName)
            if let window = ticket.windowID, let staff = try? await store.staff(atWindow: window) { s.staffID = staff.id; s.staffName = staff.name }
            let found = try await cases.find(ticketID: ticket.id)
            s.caseNumber = found?.number
            s.rater = s.rater ?? found?.applicant.map(ReviewRater.init(applicant:))
            subject = s
            channel = .kiosk
        case "online":
            guard let raw = body.caseNumber, !raw.isEmpty else { throw APIError.badRequest("an online review names the case: caseNumber") }
            // Everything but the level comes from the case itself, never from the client.
            guard let c = try await cases.find(number: CaseNumber.normalized(raw) ?? raw) else { throw APIError.notFound("no case \(raw)") }
            try context.require(OnlineReviewAccess.mayReview(c, idLast4: body.idLast4))
            guard c.state.isFinal || c.state == .awaitingPickup else {
                throw APIError(.conflict, code: "not_finished", message: "case \(c.number) is still \(c.state.chineseName): it is rated when it is done")
            }
            let item = c.itemID.flatMap { store.catalog.item($0) }
            subject = ReviewSubject(ticketID: c.ticketID, ticketNumber: c.ticketNumber, caseNumber: c.number, itemCode: item?.basicCode ?? c.bundleID,
                                    itemName: c.title, department: c.leadDepartment, windowID: c.windowID, staffID: c.openedBy,
                                    realName: c.applicant != nil, rater: c.applicant.map(ReviewRater.init(applicant:)))
            channel = .online
        default:
            throw APIError.badRequest("channel must be kiosk or online (keypad reviews come from the keypads)")
        }
        let result = try await reviews.add(subject, channel: channel, level: level, at: hall.clock(), hall: reviewDesk.reviewRules)
        guard let review = result.review else { throw APIError.internalError("review not stored") }
        return Stored(review: review, task: try await ReviewTaskRoutes.view(result.task, hall: hall, reviews: reviews))
    }
}

struct ReviewPolicyView: Encodable {
    struct Level: Encodable { var level: Int; var name: String; var bad: Bool }
    var levels: [Level]
    var badReasons: [String]
    var keypadSeconds: Int
    var rectificationDays: Int
}

struct SummaryView: Encodable {
    var by: String
    var groups: [ReviewSummary]
    var total: Int
    var bad: Int
    var satisfactionRate: Double?
    var ignoredPresses: [IgnoredPressCount]
}
