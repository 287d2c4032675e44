import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// The notification outbox for the staff who look after it (seed 004 §8.2.4 reminders):
/// `POST /api/v1/notifications/test` puts a test message to a phone in the outbox, so a
/// technician or admin can check the SMS gateway end to end, and `GET /api/v1/notifications`
/// lists the recent messages with their delivery state, the recipient masked and no text.
struct NotificationRoutes {
    let hall: HallInForce
    let notifications: HallNotifications

    struct TestRequest: Decodable { var phone: String }

    /// One message as staff see it: never the text, the recipient masked.
    struct Listed: Encodable {
        var id, kind, to: String
        var state: NotificationState
        var attempts: Int
        var createdAt: Date
        var nextAttemptAt: Date?
        var sentAt: Date?
        var lastError: String?

        init(_ m: NotificationMessage) {
            id = m.id; kind = m.kind; to = MobilePhone.mask(m.recipient); state = m.state; attempts = m.attempts
            createdAt = m.createdAt; nextAttemptAt = m.sentAt == nil && m.withdrawnAt == nil ? m.nextAttemptAt : nil
            sentAt = m.sentAt; lastError = m.lastError
        }
    }

    func register(on routes: HallRoutes) {
        routes.staff(.technician, .admin).post("/api/v1/notifications/test", bodyLimit: 1024) { request, context in
            let body = try await JSONCoding.body(TestRequest.self, of: request, context: context)
            let phone = body.phone.trimmingCharacters(in: .whitespaces)
            guard MobilePhone.isValid(phone) else {
                throw APIError(.unprocessableContent, code: "invalid_phone",
                               message: "phone must be an 11-digit mainland mobile number (1 then 3–9, e.g. 13800138000)")
            }
            let staff = try context.staff()
            let now = hall.clock()
            let queued = try await notifications.outbox.enqueue(NewNotification(
                dedupeKey: "test:" + UUID().uuidString.lowercased(), kind: "test", recipient: phone,
                text: "【\(hall.layout.hallName)】短信网关测试：收到此条即表示大厅的提醒短信可以送达。",
                payload: ["requestedBy": staff.id], notBefore: now), at: now)
            return try JSONCoding.response(Listed(queued.message), status: .accepted)
        }
        routes.staff(.supervisor, .technician, .admin).get("/api/v1/notifications") { request, _ in
            let text = request.uri.queryParameters.get("limit") ?? "100"
            guard let limit = Int(text), (1...1000).contains(limit) else {
                throw APIError.badRequest("limit must be a number 1–1000, not \"\(text)\"")
            }
            return try JSONCoding.response(["messages": try await notifications.outbox.recent(limit: limit).map(Listed.init)])
        }
    }
}
