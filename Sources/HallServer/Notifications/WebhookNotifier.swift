import AsyncHTTPClient
import Foundation
import IntakeStore

/// Delivers to the SMS gateway the hall configures (`notifications.webhookURL`; seed 004
/// §8.2.4): one `POST` of JSON `{id, kind, to, text, data, createdAt}` per message with an
/// `Idempotency-Key: <message id>` header (``OutboxPost``).
public struct WebhookNotifier: Notifier {
    public var url: String { post.url }
    let post: OutboxPost

    public init(url: String, timeoutSeconds: Double, client: HTTPClient = .shared) {
        post = OutboxPost(url: url, timeoutSeconds: timeoutSeconds, client: client, receiver: "the gateway",
                          userAgent: "OneVisit-notifications")
    }

    struct Body: Encodable {
        var id, kind, to, text: String
        var data: [String: String]
        var createdAt: Date
    }

    public func send(_ message: NotificationMessage) async throws(NotifierError) {
        try await post.send(Body(id: message.id, kind: message.kind, to: message.recipient, text: message.text, data: message.payload,
                                 createdAt: message.createdAt), idempotencyKey: message.id)
    }
}
