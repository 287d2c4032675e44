import AsyncHTTPClient
import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("HTTP API end to end over a live port", .timeLimit(.minutes(5)))
struct APIEndToEndTests {
    @Test func kioskWindowAndDisplayBoard() async throws {
        let (hall, _) = try await makeTestHall()
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk1 = try await hall.session("clerk1"), clerk4 = try await hall.session("clerk4")
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }

            // The catalog and the newborn bundle's merged materials.
            try await client.execute(uri: "/api/v1/catalog/bundles", method: .get) { response async throws in
                #expect(try (json(response.body)["bundles"] as? [Any])?.count == 20)
            }
            try await client.execute(uri: "/api/v1/catalog/bundles/newborn", method: .get) { response async throws in
                let merged = try json(response.body)["mergedMaterials"] as? [[String: Any]] ?? []
                let certificates = merged.filter { ($0["material"] as? [String: Any])?["name"] as? String == "出生医学证明" }
                #expect(certificates.count == 1)
                #expect(certificates.first?["disposition"] as? String == "producedInBundle")
            }

            // A citizen takes a ticket for 新生儿出生; an elderly citizen one for the general queue.
            let newborn = try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"bundle": "newborn"}"#) { response async throws in
                #expect(response.status == .created)
                let t = try json(response.body)
                #expect(t["number"] as? String == "B001")
                #expect(t["queue"] as? String == "one-thing")
                #expect(t["state"] as? String == "waiting")
                #expect(t["estimatedWaitMinutes"] as? Int == 0)
                #expect(t["issuedAt"] is String)
                let bring = (t["notice"] as? [String: Any])?["bring"] as? [[String: Any]] ?? []
                #expect(!bring.isEmpty, "the one-time notice comes with the ticket")
                return t
            }
            let elderly = try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general", "priority": "elderly"}"#) {
                #expect($0.status == .created)
                return try json($0.body)
            }
            #expect(elderly["number"] as? String == "A001")

            // The display board is connected before the window calls.
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/board/events")
            request.method = .GET
            let stream = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(stream.headers.first(name: "content-type") == "text/event-stream")
            var board = EventReader(stream)
            try await board.waitUntilConnected()

            try await client.execute(uri: "/api/v1/windows/1/sign-in", method: .post, as: clerk1) {
                #expect($0.status == .noContent)
            }
            // Window 1 calls from general then one-thing: the priority ticket A001 comes first.
            try await client.execute(uri: "/api/v1/windows/1/call-next", method: .post, as: clerk1) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response.body)["number"] as? String == "A001")
            }
            let call = try await board.next(event: "call")
            #expect(call?["ticket"] as? String == "A001")
            #expect(call?["window"] as? String == "1")

            try await client.execute(uri: "/api/v1/windows/1/recall", method: .post, as: clerk1) { #expect($0.status == .ok) }
            let recall = try await board.next(event: "call")
            #expect(recall?["ticket"] as? String == "A001" && recall?["recall"] as? Int == 1)

            for step in ["start", "finish"] {
                try await client.execute(uri: "/api/v1/windows/1/\(step)", method: .post, as: clerk1) { #expect($0.status == .ok) }
            }
            let elderlyID = try #require(elderly["id"] as? String)
            try await client.execute(uri: "/api/v1/tickets/\(elderlyID)", method: .get) { response async throws in
                #expect(try json(response.body)["state"] as? String == "done")
            }
            try await client.execute(uri: "/api/v1/tickets/\(elderlyID)/events", method: .get, as: clerk1) { response async throws in
                let kinds = (try json(response.body)["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
                #expect(kinds == ["issue", "call", "recall", "start", "finish"])
            }

            // Next call at window 1 is the newborn ticket; transfer it to window 4, which then calls it.
            try await client.execute(uri: "/api/v1/windows/1/call-next", method: .post, as: clerk1) { response async throws in
                #expect(try json(response.body)["number"] as? String == "B001")
            }
            try await client.execute(uri: "/api/v1/windows/1/transfer", method: .post, as: clerk1, body: #"{"window": "4"}"#) { response async throws in
                let t = try json(response.body)
                #expect(t["state"] as? String == "waiting" && t["targetWindow"] as? String == "4")
                #expect(t["issuedAt"] as? String == newborn["issuedAt"] as? String)
            }
            try await client.execute(uri: "/api/v1/windows/4/sign-in", method: .post, as: clerk4) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/windows/4/call-next", method: .post, as: clerk4) { response async throws in
                #expect(try json(response.body)["number"] as? String == "B001")
            }
            let transferredCall = try await board.next(event: "call")
            #expect(transferredCall?["ticket"] as? String == "B001")

            try await client.execute(uri: "/metrics", method: .get) { response async throws in
                #expect(String(buffer: response.body).contains("onevisit_tickets_issued_total"))
            }
        }
    }

    @Test func badRequestsGetClearJSONErrors() async throws {
        let (hall, _) = try await makeTestHall()
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk2 = try await hall.session("clerk2", window: "2")
        try await app.test(.live) { client in
            let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status, String, String)] = [
                ("/api/v1/tickets", .post, #"{}"#, .badRequest, "invalid_request", "exactly one of"),
                ("/api/v1/tickets", .post, #"{"queue": "general", "bundle": "newborn"}"#, .badRequest, "invalid_request", "exactly one of"),
                ("/api/v1/tickets", .post, #"{"queue": "#, .badRequest, "invalid_request", "not valid JSON"),
                ("/api/v1/tickets", .post, #"{"queue": 5}"#, .badRequest, "invalid_request", "\"queue\""),
                ("/api/v1/tickets", .post, #"{"queue": "general", "priority": "vip"}"#, .badRequest, "invalid_request", "unknown priority"),
                ("/api/v1/tickets", .post, #"{"queue": "nope"}"#, .notFound, "not_found", "no queue \"nope\""),
                ("/api/v1/tickets", .post, #"{"bundle": "nope"}"#, .notFound, "not_found", "no bundle"),
                ("/api/v1/tickets/does-not-exist", .get, nil, .notFound, "not_found", "no ticket"),
                ("/api/v1/catalog/bundles/nope", .get, nil, .notFound, "not_found", "no bundle"),
                ("/api/v1/windows/99/call-next", .post, nil, .forbidden, "forbidden", "window 99; you are signed in at window 2"),
                ("/api/v1/windows/99/sign-in", .post, nil, .notFound, "not_found", "no window \"99\""),
                ("/api/v1/windows/2/call-next", .post, nil, .conflict, "nothing_waiting", "no ticket is waiting"),
                ("/api/v1/windows/2/finish", .post, nil, .conflict, "no_current_ticket", "no called or serving"),
                ("/api/v1/windows/2/transfer", .post, #"{}"#, .badRequest, "invalid_request", "transfer"),
                ("/api/v1/no-such-route", .get, nil, .notFound, "not_found", "/api/v1/no-such-route"),
                ("/api/v1/tickets", .post, "[1]", .badRequest, "invalid_request", "must be a JSON object"),
            ]
            for (uri, method, body, status, code, fragment) in cases {
                try await client.execute(uri: uri, method: method, as: clerk2, body: body) { response async throws in
                    #expect(response.status == status, "\(method) \(uri) \(body ?? "")")
                    let error = try json(response.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == code, "\(method) \(uri)")
                    #expect((error?["message"] as? String)?.contains(fragment) == true, "\(uri): \(error?["message"] ?? "-")")
                }
            }
            // A refused transition and the no-show rule.
            try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general"}"#) { _ in }
            try await client.execute(uri: "/api/v1/windows/2/call-next", method: .post, as: clerk2) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/windows/2/no-show", method: .post, as: clerk2) { response async throws in
                #expect(response.status == .conflict)
                #expect(try (json(response.body)["error"] as? [String: Any])?["code"] as? String == "no_show_too_early")
            }
            try await client.execute(uri: "/api/v1/windows/2/recall", method: .post, as: clerk2) { _ in }
            try await client.execute(uri: "/api/v1/windows/2/recall", method: .post, as: clerk2) { _ in }
            try await client.execute(uri: "/api/v1/windows/2/no-show", method: .post, as: clerk2) { response async throws in
                #expect(try json(response.body)["state"] as? String == "noShow")
            }
        }
    }
}
