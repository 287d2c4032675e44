import Foundation
import GRDB
import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import NIOCore
import Synchronization
import Testing

/// Staff sign-in over the API (R8): the token and the pages' cookie, wrong passwords slowed
/// and then locked, sessions that end when idle and at their maximum age, sign-out, disabled
/// accounts, and one clerk per window.
@Suite("Staff sessions", .timeLimit(.minutes(5)))
struct SessionTests {
    final class TestClock: Sendable {
        let now = Mutex(ISO8601DateFormatter().date(from: "2026-12-07T01:00:00Z")!)
        func read() -> Date { now.withLock { $0 } }
        func advance(minutes: Double) { now.withLock { $0 += minutes * 60 } }
    }

    static func signIn(_ client: some TestClientProtocol, _ id: String, _ password: String) async throws -> (HTTPResponse.Status, [String: Any], String?) {
        try await client.execute(uri: "/api/v1/session", method: .post, as: nil, body: #"{"staffID": "\#(id)", "password": "\#(password)"}"#) {
            ($0.status, (try? json($0.body)) ?? [:], $0.headers[.setCookie])
        }
    }

    @Test func tokenAndCookieThenSignOut() async throws {
        let clock = TestClock()
        let (hall, _) = try await makeTestHall(clock: { clock.read() })
        _ = try await hall.kioskToken()  // the demo accounts
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        try await app.test(.router) { client async throws in
            let (status, body, cookie) = try await Self.signIn(client, "clerk3", "demo")
            #expect(status == .created)
            let token = try #require(body["token"] as? String)
            let staff = body["staff"] as? [String: Any] ?? [:]
            #expect(staff["id"] as? String == "clerk3" && staff["name"] as? String == "王芳" && staff["roles"] as? [String] == ["clerk"])
            #expect(staff["passwordHash"] == nil && !String(describing: body).contains("$2"))
            #expect(body["expiresAt"] as? String == "2026-12-07T03:00:00Z", "idle for two hours")
            let setCookie = try #require(cookie)
            #expect(setCookie.hasPrefix("onevisit_session=\(token);") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))

            // The cookie serves the pages; a state change on the cookie must say it is JSON.
            let cookieHeader: HTTPFields = [.cookie: "onevisit_session=\(token)"]
            try await client.execute(uri: "/api/v1/session", method: .get, headers: cookieHeader) { response async throws in
                let me = try json(response.body)
                #expect(response.status == .ok && me["id"] as? String == "clerk3")
            }
            try await client.execute(uri: "/api/v1/windows/3/sign-in", method: .post, headers: cookieHeader) {
                #expect($0.status == .unsupportedMediaType, "a cross-site form riding on the cookie is refused")
            }
            // Signed out: the token is dead and the cookie is cleared.
            try await client.execute(uri: "/api/v1/session", method: .delete, as: token) { response async throws in
                #expect(response.status == .noContent && response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/v1/session", method: .get, as: token) { response async throws in
                #expect(response.status == .unauthorized)
                #expect((try json(response.body)["error"] as? [String: Any])?["code"] as? String == "unauthenticated")
            }
        }
    }

    @Test func wrongPasswordsAreSlowedThenLocked() async throws {
        let clock = TestClock()
        var access = HallAccessSettings()
        access.lockAfterFailures = 3
        let (hall, _) = try await makeTestHall(clock: { clock.read() }, access: access)
        _ = try await hall.kioskToken()
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        try await app.test(.router) { client async throws in
            // An unknown id and a wrong password get the same answer.
            for (id, password) in [("nobody", "demo"), ("clerk5", "wrong"), ("clerk5", "wrong")] {
                let (status, body, _) = try await Self.signIn(client, id, password)
                #expect(status == .unauthorized)
                #expect((body["error"] as? [String: Any])?["message"] as? String == "wrong staff id or password")
            }
            let started = ContinuousClock.now
            let (third, lockedBody, _) = try await Self.signIn(client, "clerk5", "wrong")
            #expect(ContinuousClock.now - started >= .milliseconds(900), "the third failure waits 1 s")
            #expect(third == .tooManyRequests && (lockedBody["error"] as? [String: Any])?["code"] as? String == "account_locked")
            // Locked: the right password too, until the lock runs out.
            #expect(try await Self.signIn(client, "clerk5", "demo").0 == .tooManyRequests)
            clock.advance(minutes: 16)
            #expect(try await Self.signIn(client, "clerk5", "demo").0 == .created)
        }
        // The algorithm is bcrypt (cost 12 for accounts the admin adds), never a fast hash.
        let admin = try await hall.session("admin1")
        try await app.test(.router) { client async throws in
            try await client.execute(uri: "/api/v1/staff", method: .post, as: admin,
                                     body: #"{"id": "s9001", "name": "新同事", "roles": ["clerk"], "password": "correct horse"}"#) {
                #expect($0.status == .created)
            }
        }
        let hash = try await hall.writer.read { try String.fetchOne($0, sql: "SELECT passwordHash FROM staffAccount WHERE id = 's9001'") }
        #expect(hash?.hasPrefix("$2b$12$") == true && hash?.contains("correct horse") == false)
    }

    @Test func sessionsEndWhenIdleAndAtTheirMaximumAge() async throws {
        let clock = TestClock()
        let (hall, _) = try await makeTestHall(clock: { clock.read() })
        let idle = try await hall.session("supervisor1"), busy = try await hall.session("technician1")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        try await app.test(.router) { client async throws in
            func status(_ token: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/v1/session", method: .get, as: token) { $0.status }
            }
            // Used every hour, the busy one lives on; the idle one ends after two hours.
            for _ in 0..<3 {
                clock.advance(minutes: 60)
                #expect(try await status(busy) == .ok)
            }
            #expect(try await status(idle) == .unauthorized)
            // However busy, a session ends at its maximum age (12 hours).
            for _ in 0..<9 {
                clock.advance(minutes: 60)
                if clock.read() < ISO8601DateFormatter().date(from: "2026-12-07T13:00:00Z")! { #expect(try await status(busy) == .ok) }
            }
            #expect(try await status(busy) == .unauthorized)
        }
    }

    @Test func oneClerkPerWindowAndDisabledAccounts() async throws {
        let (hall, _) = try await makeTestHall()
        let clerk3 = try await hall.session("clerk3"), clerk4 = try await hall.session("clerk4")
        let supervisor = try await hall.session("supervisor1"), admin = try await hall.session("admin1")
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        try await app.test(.router) { client async throws in
            func post(_ uri: String, as token: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: uri, method: .post, as: token) { ($0.status, String(buffer: $0.body)) }
            }
            #expect(try await post("/api/v1/windows/3/sign-in", as: clerk3).0 == .noContent)
            let taken = try await post("/api/v1/windows/3/sign-in", as: clerk4)
            #expect(taken.0 == .conflict && taken.1.contains("window_occupied") && taken.1.contains("clerk3"))
            // Only the clerk there or a supervisor ends it.
            let refused = try await post("/api/v1/windows/3/sign-out", as: clerk4)
            #expect(refused.0 == .forbidden && refused.1.contains("supervisor"))
            #expect(try await post("/api/v1/windows/3/sign-out", as: supervisor).0 == .noContent)
            #expect(try await post("/api/v1/windows/3/sign-in", as: clerk4).0 == .noContent)
            #expect(try await hall.store.staff(atWindow: "3")?.id == "clerk4")
            // A disabled account's session ends at once, and its window with it.
            #expect(try await post("/api/v1/staff/clerk4/disable", as: admin).0 == .noContent)
            try await client.execute(uri: "/api/v1/windows/3/call-next", method: .post, as: clerk4) { #expect($0.status == .unauthorized) }
            #expect(try await hall.store.staff(atWindow: "3") == nil)
            #expect(try await Self.signIn(client, "clerk4", "demo").0 == .unauthorized)
        }
    }
}
