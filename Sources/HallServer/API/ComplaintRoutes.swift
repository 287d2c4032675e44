import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// Complaints (投诉, seed 004 §10): citizens file at the kiosk or online and look the result
/// up by number (§10.3) with no personal data; clerks and supervisors enter phone calls,
/// letters and complaints at the window (§10.2); supervisors take the steps and publish the
/// measures (§10.4), and read a complaint in full only on an audited read.
struct ComplaintRoutes {
    let complaints: ComplaintService
    let rateLimit: TicketRateLimiter

    struct FilingRequest: Decodable {
        var type: ComplaintType
        var unit: String?
        var window: String?
        var staffID: String?
        var content: String
        var demand: String
        var name: String?
        var phone: String?

        func filing(_ channel: ComplaintChannel) -> ComplaintFiling {
            ComplaintFiling(channel: channel, type: type, unit: unit, windowID: window, staffID: staffID, content: content, demand: demand,
                            complainant: Complainant(name: name, phone: phone))
        }
    }

    struct StaffFilingRequest: Decodable {
        var channel: ComplaintChannel
        var complaint: FilingRequest

        init(from decoder: any Decoder) throws {
            channel = try decoder.container(keyedBy: CodingKeys.self).decode(ComplaintChannel.self, forKey: .channel)
            complaint = try FilingRequest(from: decoder)
        }

        enum CodingKeys: String, CodingKey { case channel }
    }

    struct AnswerRequest: Decodable {
        var result: String
        var measures: String
        var upheld: Bool
    }

    func register(on routes: HallRoutes) {
        // Public, a decision: a complaint needs no account (§10.2 网上、现场), and the lookup
        // shows the allow-listed public view only. Both are rate-limited per client, so the
        // numbers cannot be walked and the desk not flooded.
        routes.anyone.post("/api/v1/complaints", bodyLimit: 16 * 1024) { request, context in
            try rateLimit.admit(context.remoteAddress)
            let body = try await JSONCoding.body(FilingRequest.self, of: request, context: context)
            let kiosk = context.caller.kiosk
            let c = try await complaints.file(body.filing(kiosk == nil ? .online : .kiosk), byStaff: false,
                                              by: kiosk.map { "kiosk:" + $0.id } ?? "online")
            return try created(c)
        }
        routes.anyone.get("/api/v1/complaints/{number}") { _, context in
            try rateLimit.admit(context.remoteAddress)
            return try JSONCoding.response(try await complaints.publicView(number: try context.parameters.require("number")))
        }
        // Public too, a decision: the complainant rates the result with the number and the
        // rating code they were given (§12.3.6a); once, and rate-limited with the lookups.
        routes.anyone.post("/api/v1/complaints/{number}/rating", bodyLimit: 1024) { request, context in
            try rateLimit.admit(context.remoteAddress)
            struct Rating: Decodable { var satisfied: Bool; var code: String }
            let body = try await JSONCoding.body(Rating.self, of: request, context: context)
            return try JSONCoding.response(try await complaints.rate(number: try context.parameters.require("number"), satisfied: body.satisfied,
                                                                     code: body.code))
        }
        // Phone calls, letters and complaints at the window, entered by the staff who took them.
        routes.staff(.clerk, .supervisor).post("/api/v1/complaints/by-staff", bodyLimit: 16 * 1024) { request, context in
            let staff = try context.staff()
            let body = try await JSONCoding.body(StaffFilingRequest.self, of: request, context: context)
            return try created(try await complaints.file(body.complaint.filing(body.channel), byStaff: true, by: staff.id))
        }
        let supervisor = routes.staff(.supervisor)
        supervisor.get("/api/v1/complaints") { request, _ in
            let list = try await complaints.list(state: try request.queryValue("state", ComplaintState.self),
                                                 from: try request.queryDay("from"), through: try request.queryDay("to"))
            return try JSONCoding.response(["complaints": list.map { ComplaintRow($0, deadline: complaints.deadline(of: $0)) }])
        }
        supervisor.get("/api/v1/complaints/{number}/full") { _, context in
            let c = try await complaints.full(number: try context.parameters.require("number"), for: try context.staff())
            return try JSONCoding.response(ComplaintFullView(complaint: c, deadline: complaints.deadline(of: c)))
        }
        for (path, action) in [("investigate", ComplaintAction.investigate), ("close", .close), ("publish", .publish)] {
            supervisor.post("/api/v1/complaints/{number}/\(path)", bodyLimit: 1024) { _, context in
                try await step(action, context)
            }
        }
        supervisor.post("/api/v1/complaints/{number}/answer", bodyLimit: 16 * 1024) { request, context in
            let body = try await JSONCoding.body(AnswerRequest.self, of: request, context: context)
            return try await step(.answer(ComplaintAnswer(result: body.result, measures: body.measures, upheld: body.upheld)), context)
        }
    }

    private func step(_ action: ComplaintAction, _ context: HallRequestContext) async throws -> Response {
        let c = try await complaints.act(number: try context.parameters.require("number"), action, by: try context.staff())
        // The list's masked row: the step's answer is no read of the complainant's data.
        return try JSONCoding.response(ComplaintRow(c, deadline: complaints.deadline(of: c)))
    }

    /// The public view and, this once, the rating code for the complainant to keep.
    private func created(_ c: Complaint) throws -> Response {
        struct Filed: Encodable {
            var view: ComplaintPublicView
            var ratingCode: String?
            func encode(to encoder: any Encoder) throws {
                try view.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encodeIfPresent(ratingCode, forKey: .ratingCode)
            }
            enum Key: String, CodingKey { case ratingCode }
        }
        var response = try JSONCoding.response(Filed(view: ComplaintPublicView(c), ratingCode: c.ratingCode), status: .created)
        response.headers[.location] = "/api/v1/complaints/\(c.number)"
        return response
    }
}

/// A complaint in the supervisor's list: no content, the complainant masked (the full
/// complaint is an audited read of its own).
struct ComplaintRow: Encodable {
    var number: String
    var channel: ComplaintChannel
    var channelName: String
    var type: ComplaintType
    var typeName: String
    var unit, windowID, staffID, staffName: String?
    var complainant: String?
    var state: ComplaintState
    var stateName: String
    var receivedOn: CivilDay
    var answerDue: CivilDay
    var daysLeft: Int?
    var card: DeadlineCard
    var cardName: String
    var upheld: Bool?
    var published: Bool

    init(_ c: Complaint, deadline: ComplaintDeadline) {
        number = c.number; channel = c.channel; channelName = c.channel.chineseName; type = c.type; typeName = c.type.chineseName
        unit = c.unit; windowID = c.windowID; staffID = c.staffID; staffName = c.staffName; complainant = c.complainant.maskedName
        state = c.state; stateName = c.state.chineseName; receivedOn = c.receivedOn; answerDue = c.answerDue
        daysLeft = deadline.daysLeft; card = deadline.card; cardName = deadline.card.chineseName
        upheld = c.answer?.upheld; published = c.isPublished
    }
}

/// The complaint in full for a supervisor, with its deadline.
struct ComplaintFullView: Encodable {
    var complaint: Complaint
    var deadline: ComplaintDeadline
    var channelName: String
    var typeName: String
    var stateName: String
    var cardName: String

    init(complaint: Complaint, deadline: ComplaintDeadline) {
        // The rating code is the complainant's alone: not even a supervisor reads it back.
        var complaint = complaint
        complaint.ratingCode = nil
        self.complaint = complaint; self.deadline = deadline
        channelName = complaint.channel.chineseName; typeName = complaint.type.chineseName
        stateName = complaint.state.chineseName; cardName = deadline.card.chineseName
    }
}
