import Hummingbird
import IntakeCore

/// `POST /api/v1/tickets` (kiosk) and `GET /api/v1/tickets/{id}` (status page, QR code).
struct TicketRoutes {
    let hall: HallInForce
    let tickets: TicketService
    let printers: HallPrinters
    let readers: HallReaders
    let appointments: any AppointmentBook
    let rateLimit: TicketRateLimiter

    struct IssueRequest: Decodable {
        var queue: String?
        var item: String?
        var bundle: String?
        var priority: String?
        /// The kiosk's printer; default the hall's first kiosk printer.
        var printer: String?
        /// `false`: a ticket without paper (taken on a phone, or at a kiosk whose printer is
        /// down); the citizen keeps its number and status page instead.
        var print: Bool?
        /// The kiosk's ID reader: the card on it makes the ticket a real-name one.
        var reader: String?
    }

    struct PrintRequest: Decodable {
        var printer: String?
    }

    struct TicketDetail: Encodable {
        var ticket: TicketView
        var events: [TicketEvent]
    }

    func register(on routes: HallRoutes) {
        // Public: a ticket without an ID card needs no credential; with `reader`, the card is
        // taken only for the kiosk that owns the reader (checked below). Rate-limited per client.
        routes.anyone.post("/api/v1/tickets", binding: .ownReader) { request, context in
            try rateLimit.admit(context.remoteAddress)
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
            let printer = body.print == false ? nil : try printers.kioskPrinter(body.printer)
            var holder: TicketHolder?
            var appointment: AppointmentMatch?
            var validity: CardValidity?
            if let readerID = body.reader {
                guard let reader = readers.reader(readerID) else { throw APIError.notFound("no ID reader \"\(readerID)\"") }
                try context.require(ReaderAccess.mayTakeCard(from: reader.owner, readerID: readerID, by: context.caller))
                guard let card = await reader.driver.takeCard() else {
                    throw APIError(.conflict, code: "no_card", message: "no ID card read on reader \(readerID): place the card on the reader")
                }
                let today = hall.today
                holder = card.ticketHolder(on: today)
                // An expired card still gets its ticket; the answer says so (CardValidity).
                validity = card.validity(on: hall.civilToday)
                appointment = await appointments.appointment(for: card, on: today)
                // The priority lane by age (seed 001 §二(三)2), unless another reason was chosen.
                priority = hall.layout.priority.reason(chosen: priority, holderAge: card.age(on: today))
            }
            let ticket = try await tickets.issue(target, priority: priority, holder: holder)
            var view = TicketView(ticket, hall: hall, withNotice: true)
            view.appointment = appointment
            view.cardValidity = validity
            if body.print != false {
                view.print = await printers.printTicket(ticket, on: printer, hall: hall, statusURL: statusURL(ticket), reprint: false)
            }
            var response = try JSONCoding.response(view, status: .created)
            response.headers[.location] = "/api/v1/tickets/\(ticket.id)"
            return response
        }
        // Public: the status page behind the ticket's QR code; the id is the ticket's secret.
        routes.anyone.get("/api/v1/tickets/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let ticket = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \"\(id)\"") }
            return try JSONCoding.response(TicketView(ticket, hall: hall, withNotice: true))
        }
        routes.staff(.clerk, .supervisor).get("/api/v1/tickets/{id}/events") { _, context in
            let id = try context.parameters.require("id")
            guard let ticket = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \"\(id)\"") }
            return try JSONCoding.response(TicketDetail(ticket: TicketView(ticket, hall: hall),
                                                        events: try await hall.store.events(ofTicket: id)))
        }
        // Print again: the kiosk's retry after a failed print, or a reprint at a window
        // (marked 补打 on paper once the ticket has come out of a printer before).
        routes.audience(.kioskOrStaff([.clerk])).post("/api/v1/tickets/{id}/print") { request, context in
            let id = try context.parameters.require("id")
            let body = try await JSONCoding.body(PrintRequest.self, of: request)
            guard let ticket = try await hall.store.ticket(id: id) else { throw APIError.notFound("no ticket \"\(id)\"") }
            var printer = try printers.kioskPrinter(body.printer)
            // A clerk reprints on their own window's printer.
            if body.printer == nil, let window = context.caller.staff?.windowID {
                guard hall.layout.window(window) != nil else { throw APIError.notFound("no window \"\(window)\"") }
                printer = printers.windowPrinter(window) ?? printer
            }
            let reprint = (try? await printers.log?.wasPrinted(documentKind: "ticket", documentID: id)) ?? false
            var view = TicketView(ticket, hall: hall)
            view.print = await printers.printTicket(ticket, on: printer, hall: hall, statusURL: statusURL(ticket), reprint: reprint == true)
            return try JSONCoding.response(view)
        }
        routes.staff(.clerk, .supervisor, .technician).get("/api/v1/tickets/{id}/prints") { _, context in
            let id = try context.parameters.require("id")
            guard try await hall.store.ticket(id: id) != nil else { throw APIError.notFound("no ticket \"\(id)\"") }
            let records = try await printers.log?.records(documentKind: "ticket", documentID: id) ?? []
            return try JSONCoding.response(["prints": records])
        }
        // A held ticket (挂起) back into its queue, keeping its issue time: the clerk's decision.
        routes.staff(.clerk).post("/api/v1/tickets/{id}/return") { _, context in
            let id = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await tickets.act(ticket: id, .returnToQueue), hall: hall))
        }
        // Public: the citizen cancels from the status page; the ticket id is the secret.
        routes.anyone.post("/api/v1/tickets/{id}/cancel") { _, context in
            let id = try context.parameters.require("id")
            return try JSONCoding.response(TicketView(try await tickets.act(ticket: id, .cancel), hall: hall))
        }
    }

    private func statusURL(_ ticket: Ticket) -> String { hall.publicURL + "/t/" + ticket.id }
}
