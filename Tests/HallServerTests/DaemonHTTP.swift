import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// JSON over HTTP to a daemon running as its own process, as a client of the hall does it.
enum DaemonHTTP {
    /// Sends one request; the status and the JSON object of the answer (empty for none).
    static func send(_ method: HTTPMethod, _ url: String, _ body: String? = nil, as token: String? = nil,
                     headers: [(String, String)] = []) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 22)
        let object = data.readableBytes == 0 ? [:] : (try? json(data)) ?? ["body": String(buffer: data)]
        return (Int(response.status.code), object)
    }

    /// Signs in through `POST /api/v1/session` (a demo account's password by default).
    static func signIn(_ daemon: DaemonProcess, _ staffID: String, password: String = "demo") async throws -> String {
        let (status, object) = try await send(.POST, daemon.baseURL + "/api/v1/session",
                                              #"{"staffID": "\#(staffID)", "password": "\#(password)"}"#)
        guard status == 201, let token = object["token"] as? String else { throw TestFailure("sign-in of \(staffID): \(status) \(object)") }
        return token
    }
}

/// Set once the test has killed the daemon: failures after it are expected, before it not.
final class KillSwitch: Sendable {
    private let value = Mutex(false)
    func flip() { value.withLock { $0 = true } }
    var flipped: Bool { value.withLock { $0 } }
}
