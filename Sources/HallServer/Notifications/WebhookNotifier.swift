import AsyncHTTPClient
import Foundation
import IntakeStore
import NIOCore

/// Delivers to the SMS gateway the hall configures (`notifications.webhookURL`; seed 004
/// §8.2.4): one `POST` of JSON `{id, kind, to, text, data, createdAt}` per message with an
/// `Idempotency-Key: <message id>` header. Only a 2xx answer within the timeout counts as
/// delivered; anything else, a refused connection or the time-out is a failure to retry.
public struct WebhookNotifier: Notifier {
    public let url: String
    let timeout: TimeAmount
    let client: HTTPClient

    public init(url: String, timeoutSeconds: Double, client: HTTPClient = .shared) {
        self.url = url; timeout = .milliseconds(Int64(timeoutSeconds * 1000)); self.client = client
    }

    struct Body: Encodable {
        var id, kind, to, text: String
        var data: [String: String]
        var createdAt: Date
    }

    public func send(_ message: NotificationMessage) async throws(NotifierError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Idempotency-Key", value: message.id)
        request.headers.add(name: "User-Agent", value: "OneVisit-notifications")
        let body = Body(id: message.id, kind: message.kind, to: message.recipient, text: message.text, data: message.payload,
                        createdAt: message.createdAt)
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encoder().encode(body)))
            // The deadline bounds the whole exchange, the answer's body included.
            let deadline = NIODeadline.now() + timeout
            let response = try await client.execute(request, deadline: deadline)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else {
                throw NotifierError("the gateway answered HTTP \(response.status.code)")
            }
        } catch let error as NotifierError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw NotifierError("no answer from the gateway within \(timeout.nanoseconds / 1_000_000) ms")
        } catch {
            throw NotifierError("cannot reach the gateway: \(error)")
        }
    }
}
