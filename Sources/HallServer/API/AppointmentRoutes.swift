import Foundation
import Hummingbird
import IDCard
import IntakeCore
import IntakeStore

/// Appointments (R2; seed 004 §8.2): slots, booking, lookup and cancel for citizens on their
/// phones; check-in at the kiosk by code or by the card on its reader.
struct AppointmentRoutes {
    let hall: HallInForce
    let bookings: AppointmentService
    let printers: HallPrinters
    let readers: HallReaders
    let rateLimit: TicketRateLimiter

    struct BookRequest: Decodable {
        var item: String
        var start: Date
        var idNumber: String
        var name: String
        var phone: String
    }

    struct RescheduleRequest: Decodable {
        var start: Date
    }

    struct CheckInRequest: Decodable {
        var printer: String?
        /// Check-in by card: the kiosk's ID reader.
        var reader: String?
    }

    struct CheckInAnswer: Encodable {
        var booking: BookingView
        var ticket: TicketView
        /// After the late limit the ticket is a normal one; the kiosk says so.
        var late: Bool
        var message: String
    }

    func register(on routes: HallRoutes) {
        // Public: booking is for citizens on their own phones (seed 004 §8.2.1), never required
        // for an offline visit (seed 000 §8.2). Answers carry no personal data beyond the masked
        // name, ID number and phone; every route is rate-limited per client.
        routes.anyone.get("/api/v1/appointments/slots") { request, context in
            try rateLimit.admit(context.remoteAddress)
            let p = request.uri.queryParameters
            guard let item = p.get("item") else { throw APIError.badRequest("give ?item=ID (an item or bundle that can be booked)") }
            guard let date = p.get("date"), let day = CivilDay(date) else { throw APIError.badRequest("give ?date=YYYY-MM-DD") }
            let (offer, name) = try bookings.offer(item)
            let slots = try await mapped { try await bookings.slots(of: offer.id, on: day) }
            return try JSONCoding.response(SlotsAnswer(item: offer.id, name: name, date: day.description, slots: slots))
        }
        routes.anyone.post("/api/v1/appointments", bodyLimit: 4 * 1024) { request, context in
            try rateLimit.admit(context.remoteAddress)
            let body = try await JSONCoding.body(BookRequest.self, of: request, context: context)
            let name = body.name.trimmingCharacters(in: .whitespaces)
            guard (1...40).contains(name.count) else { throw APIError.badRequest("\"name\" is the holder's name, 1–40 characters") }
            // Reminders go by SMS, so the number is a mobile one (core MobilePhone).
            let phone = body.phone.filter { $0 != " " && $0 != "-" }
            guard MobilePhone.isValid(phone) else {
                throw APIError.badRequest("\"phone\" is an 11-digit mainland mobile number, the one a reminder can reach")
            }
            let booking = try await mapped {
                try await bookings.book(offerID: body.item, start: body.start, idNumber: body.idNumber, name: name, phone: phone)
            }
            var response = try JSONCoding.response(view(booking), status: .created)
            response.headers[.location] = "/api/v1/appointments/\(booking.code)"
            return response
        }
        routes.anyone.get("/api/v1/appointments/{code}") { request, context in
            try rateLimit.admit(context.remoteAddress)
            let code = try context.parameters.require("code")
            let booking = try await mapped { try await bookings.booking(code: code, id4: request.uri.queryParameters.get("id4") ?? "") }
            return try JSONCoding.response(view(booking))
        }
        // Cancel before or during the slot (§8.2.5): the place is free again at once.
        routes.anyone.delete("/api/v1/appointments/{code}") { request, context in
            try rateLimit.admit(context.remoteAddress)
            let code = try context.parameters.require("code")
            let booking = try await mapped { try await bookings.cancel(code: code, id4: request.uri.queryParameters.get("id4") ?? "") }
            return try JSONCoding.response(view(booking))
        }
        // Moving keeps the booking (and its code) until the new slot is taken; refused as a booking.
        routes.anyone.post("/api/v1/appointments/{code}/reschedule", bodyLimit: 1024) { request, context in
            try rateLimit.admit(context.remoteAddress)
            let code = try context.parameters.require("code")
            let body = try await JSONCoding.body(RescheduleRequest.self, of: request, context: context)
            let booking = try await mapped {
                try await bookings.reschedule(code: code, id4: request.uri.queryParameters.get("id4") ?? "", to: body.start)
            }
            return try JSONCoding.response(view(booking))
        }
        // The kiosk: the code typed on its pad, or the card on its own reader.
        routes.audience(.kiosk).post("/api/v1/appointments/{code}/check-in") { request, context in
            let code = try context.parameters.require("code")
            let body = try await JSONCoding.body(CheckInRequest.self, of: request, context: context)
            let printer = try printers.kioskPrinter(body.printer)
            return try await checkedIn(try await mapped { try await bookings.checkIn(code: code) }, printer: printer)
        }
        routes.audience(.kiosk).post("/api/v1/appointments/check-in", binding: .ownReader) { request, context in
            let body = try await JSONCoding.body(CheckInRequest.self, of: request, context: context)
            guard let readerID = body.reader else { throw APIError.badRequest("give \"reader\": the kiosk's ID reader") }
            guard let reader = readers.reader(readerID) else { throw APIError.notFound("no ID reader \"\(readerID)\"") }
            try context.require(ReaderAccess.mayTakeCard(from: reader.owner, readerID: readerID, by: context.caller))
            let printer = try printers.kioskPrinter(body.printer)
            guard let card = await reader.driver.takeCard() else {
                throw APIError(.conflict, code: "no_card", message: "no ID card read on reader \(readerID): place the card on the reader")
            }
            return try await checkedIn(try await mapped { try await bookings.checkIn(card: card) }, printer: printer)
        }
        registerClosures(on: routes)
    }

    private func checkedIn(_ result: (Booking, Ticket, CheckInDecision), printer: HallPrinters.Printer?) async throws -> Response {
        let (booking, ticket, decision) = result
        var ticketView = TicketView(ticket, hall: hall, withNotice: true)
        ticketView.print = await printers.printTicket(ticket, on: printer, hall: hall, statusURL: hall.publicURL + "/t/" + ticket.id, reprint: false)
        let late = decision == .walkInTicket
        let message = late ? "已超过预约签到时间，按现场取号排队" : "预约签到成功，请留意叫号"
        return try JSONCoding.response(CheckInAnswer(booking: view(booking), ticket: ticketView, late: late, message: message), status: .created)
    }

    func view(_ booking: Booking) throws -> BookingView {
        BookingView(booking, name: (try? bookings.offer(booking.offerID).name) ?? booking.offerID,
                    start: bookings.instant(of: booking.start), end: bookings.instant(of: booking.end))
    }

    /// Runs a booking operation, answering its refusals with their status and code.
    func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refusal as BookingRefusal {
            throw APIError(refusal)
        } catch let error as AppointmentError {
            throw APIError(error)
        }
    }
}

struct SlotsAnswer: Encodable {
    var item: String
    var name: String
    var date: String
    var slots: [SlotPlaces]
}

/// A booking as the citizen and the kiosk see it: the slot, the state and the masked holder.
struct BookingView: Encodable {
    var code: String
    var item: String
    var name: String
    var date: String
    /// `09:00-09:30`, hall time.
    var slot: String
    var start: Date
    var end: Date
    var state: BookingState
    var stateName: String
    var holder: String
    var idNumber: String
    var phone: String?
    var ticket: String?

    init(_ b: Booking, name: String, start: Date, end: Date) {
        let applicant = b.applicant
        code = b.code; item = b.offerID; self.name = name; date = b.day.description; slot = b.slot.description
        self.start = start; self.end = end; state = b.state; stateName = b.state.chineseName
        holder = applicant.maskedName; idNumber = applicant.maskedNumber; phone = applicant.maskedPhone; ticket = b.ticketID
    }
}

extension APIError {
    /// A refused booking: 422 for an invalid ID number, 409 for the rest.
    init(_ refusal: BookingRefusal) {
        if case .invalidIDNumber = refusal {
            self.init(.unprocessableContent, code: refusal.code, message: refusal.description)
        } else {
            self.init(.conflict, code: refusal.code, message: refusal.description)
        }
    }

    init(_ error: AppointmentError) {
        switch error {
        case .refused(let refusal): self.init(refusal)
        case .unknownCode: self.init(.notFound, code: "not_found", message: error.description)
        case .notActive: self.init(.conflict, code: "not_active", message: error.description)
        case .checkIn(.tooEarly(let from)):
            self.init(.conflict, code: "too_early", message: "签到时间未到，请于 \(TimeBand.clock(from.minute)) 后再来签到 (check-in opens at \(from))")
        case .checkIn(.otherDay(let day)):
            self.init(.conflict, code: "wrong_day", message: "此预约为 \(day)，不是今天 (the booking is for \(day))")
        case .checkIn(.notActive(let state)):
            self.init(.conflict, code: "not_active", message: "此预约\(state.chineseName) (this booking is \(state.rawValue))")
        case .checkIn: self.init(.conflict, code: "not_active", message: error.description)
        case .queue(let e): self.init(e)
        // As every other storage fault: 503, its text kept for the log (JSONErrorMiddleware).
        case .storage(let m): self.init(.serviceUnavailable, code: "storage_unavailable", message: m)
        }
    }
}
