import Hummingbird
import IntakeCore

/// `POST /api/v1/tickets` (kiosk) and `GET /api/v1/tickets/{id}` (status page, QR code).
struct TicketRoutes {
    let hall: Hall

    struct IssueRequest: Decodable {
        var queue: String?
        var item: String?
        var bundle: String?
        var priority: String?
    }

    struct TicketDetail: Encodable {
        var ticket: TicketView
        var events: [TicketEvent]
    }

    func register(on router: some RouterMethods<BasicRequestContext>) {
        router.post("/api/v1/tickets") { request, _ in
            let body = try await JSONCoding.body(IssueRequest.self, of: request)
            let targets: [TicketTarget] = [body.queue.map(TicketTarget.queue), body.item.map(TicketTarget.item),
                                           body.bundle.map(TicketTarget.bundle)].compactMap { $0 }
            guard targets.count == 1, let target = targets.first else {
                throw APIError.badRequest("give exactly one of \"queue\", \"item\" or \"bundle\"")
            }
            var priority: PriorityReason?
            if let reason = body.priority {
                guard let parsed = PriorityReason(rawValue: reason) else {
                    let allowed = PriorityReason.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError.badRequest("unknown priority \"\(reason)\"; one of \(allowed)")
                }
                priority = parsed
            }
            let ticket = try await hall.issue(target, priority: priority)
            var response = try JSONCoding.response(TicketView(ticket, hall: hall, withNotice: true), status: .created)
            response.headers[.location] = "/api/v1/tickets/\(ticket.id)"
            return response
        }
        router.get("/api/v1/tickets/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let ticket = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \"\(id)\"") }
            return try JSONCoding.response(TicketView(ticket, hall: hall, withNotice: true))
        }
        router.get("/api/v1/tickets/{id}/events") { _, context in
            let id = try context.parameters.require("id")
            guard let ticket = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \"\(id)\"") }
            return try JSONCoding.response(TicketDetail(ticket: TicketView(ticket, hall: hall),
                                                        events: try await hall.store.events(ofTicket: id)))
        }
        router.post("/api/v1/tickets/{id}/return") { _, context in
            let id = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await hall.act(ticket: id, .returnToQueue), hall: hall))
        }
        router.post("/api/v1/tickets/{id}/cancel") { _, context in
            let id = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await hall.act(ticket: id, .cancel), hall: hall))
        }
    }
}
