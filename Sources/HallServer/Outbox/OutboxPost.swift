import AsyncHTTPClient
import Foundation
import NIOCore

/// One JSON `POST` of an outbox entry to a receiver outside the hall (the SMS gateway, the
/// 好差评 platform), with an `Idempotency-Key` header (the entry's id, the same on every
/// attempt) and an optional bearer token. Only a 2xx answer within the timeout counts as
/// delivered; anything else, a refused connection or the time-out is a failure to retry.
struct OutboxPost: Sendable {
    let url: String
    let timeout: TimeAmount
    let client: HTTPClient
    /// What the errors call the receiver: "the gateway", "the platform".
    let receiver: String
    let userAgent: String

    init(url: String, timeoutSeconds: Double, client: HTTPClient, receiver: String, userAgent: String) {
        self.url = url; timeout = .milliseconds(Int64(timeoutSeconds * 1000)); self.client = client
        self.receiver = receiver; self.userAgent = userAgent
    }

    func send(_ body: some Encodable, idempotencyKey: String, bearer: String? = nil) async throws(DeliveryError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.headers.add(name: "User-Agent", value: userAgent)
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer " + bearer) }
        do {
            request.body = .bytes(ByteBuffer(bytes: try JSONCoding.encoder().encode(body)))
            // The deadline bounds the whole exchange, the answer's body included.
            let deadline = NIODeadline.now() + timeout
            let response = try await client.execute(request, deadline: deadline)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else {
                throw DeliveryError("\(receiver) answered HTTP \(response.status.code)")
            }
        } catch let error as DeliveryError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw DeliveryError("no answer from \(receiver) within \(timeout.nanoseconds / 1_000_000) ms")
        } catch {
            throw DeliveryError("cannot reach \(receiver): \(error)")
        }
    }
}
