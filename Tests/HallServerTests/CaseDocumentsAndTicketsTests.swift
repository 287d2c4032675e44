import Foundation
@testable import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Paths a clerk and a citizen take that nothing else covers: a captured page's image (read
/// in full, audited), a case document as ESC/POS for the window PC and reprinted on the
/// window's printer, the case's progress page, a ticket cancelled by its citizen and a missed
/// held ticket returned to its queue by the clerk.
@Suite("Case documents, page images and ticket changes", .timeLimit(.minutes(5)))
struct CaseDocumentsAndTicketsTests {
    @Test func pageImageDocumentsAndProgressPage() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true, simulatedCameras: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let clerk = try await hall.session("clerk3", window: "3"), supervisor = try await hall.session("supervisor1")
        try await app.test(.live) { client in
            let number = try await client.execute(uri: "/api/v1/cases", method: .post, as: clerk, body:
                #"{"itemID": "social-security-card-application", "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}"#) {
                #expect($0.status == .created)
                return try json($0.body)["number"] as? String ?? ""
            }
            // A page of the ID card off the window's camera, then its image as the clerk sees it.
            let page = try await client.execute(uri: "/api/v1/cases/\(number)/pages", method: .post, as: clerk,
                                                body: #"{"material": "resident-id-card"}"#) { response async throws in
                #expect(response.status == .created)
                return (try json(response.body)["page"] as? [String: Any])?["id"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/pages/\(page)/image", method: .get, as: clerk) {
                #expect($0.status == .ok && $0.headers[.contentType] == "image/jpeg")
                #expect(Array($0.body.readableBytesView.prefix(2)) == [0xFF, 0xD8], "a JPEG")
            }
            try await client.execute(uri: "/api/v1/audit?case=\(number)", method: .get, as: supervisor) { response async throws in
                let entries = try json(response.body)["entries"] as? [[String: Any]] ?? []
                #expect(entries.contains { $0["what"] as? String == "page-image" && $0["staffID"] as? String == "clerk3" })
            }

            // Accepted: the acceptance notice is issued and printed at window 3.
            for (path, body) in [("materials", #"{"checks": [{"materialID": "resident-id-card", "status": "present"}]}"#),
                                 ("decision", #"{"decision": "accept"}"#)] {
                try await client.execute(uri: "/api/v1/cases/\(number)/\(path)", method: .post, as: clerk, body: body) { #expect($0.status == .ok) }
            }
            let document = try await client.execute(uri: "/api/v1/cases/\(number)/documents", method: .get, as: clerk) { response async throws in
                try #require((try json(response.body)["documents"] as? [[String: Any]])?.first?["id"] as? String)
            }
            // The same document as ESC/POS bytes, for a window PC that prints itself: it starts
            // with the printer's reset and carries the case number.
            try await client.execute(uri: "/api/v1/cases/\(number)/documents/\(document)/escpos", method: .get, as: clerk) {
                #expect($0.status == .ok && $0.headers[.contentType] == "application/octet-stream")
                let bytes = Array($0.body.readableBytesView)
                #expect(bytes.prefix(2) == [0x1B, 0x40])
                #expect(String(decoding: bytes, as: UTF8.self).contains(number))
            }
            // A reprint comes out of the clerk's own window printer, marked as a reprint.
            try await client.execute(uri: "/api/v1/cases/\(number)/documents/\(document)/print", method: .post, as: clerk) { response async throws in
                #expect(response.status == .ok)
                let outcome = try json(response.body)
                #expect(outcome["printer"] as? String == "window-3" && outcome["state"] as? String == "printed", "\(outcome)")
            }
            // The citizen's progress page for the number on the notice.
            try await client.execute(uri: "/c/\(number)", method: .get, as: nil) {
                #expect($0.status == .ok && $0.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            try await client.execute(uri: "/api/v1/progress/\(number)", method: .get, as: nil) { response async throws in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains("已受理") && !text.contains("张建国") && !text.contains("15060219500312123X"), "\(text)")
            }
        }
    }

    @Test func aCitizenCancelsAndAClerkReturnsAHeldTicket() async throws {
        let (hall, _) = try await makeTestHall()
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let clerk = try await hall.session("clerk3", window: "3")
        try await app.test(.router) { client in
            func take() async throws -> String {
                try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general"}"#) {
                    #expect($0.status == .created)
                    return try json($0.body)["id"] as? String ?? ""
                }
            }
            // The citizen cancels from the status page; a second cancel is refused.
            let first = try await take()
            try await client.execute(uri: "/api/v1/tickets/\(first)/cancel", method: .post, as: nil) { response async throws in
                let state = try json(response.body)["state"] as? String
                #expect(response.status == .ok && state == "cancelled")
            }
            try await client.execute(uri: "/api/v1/tickets/\(first)/cancel", method: .post, as: nil) {
                #expect($0.status == .conflict)
            }
            // The next ticket is called, served and held (挂起); the clerk puts it back in its queue by its id.
            let second = try await take()
            for step in ["call-next", "start", "hold"] {
                try await client.execute(uri: "/api/v1/windows/3/\(step)", method: .post, as: clerk) {
                    #expect($0.status == .ok, "\(step): \(String(buffer: $0.body))")
                }
            }
            try await client.execute(uri: "/api/v1/tickets/\(second)", method: .get, as: nil) { response async throws in
                let state = try json(response.body)["state"] as? String
                #expect(state == "held")
            }
            try await client.execute(uri: "/api/v1/tickets/\(second)/return", method: .post, as: clerk) { response async throws in
                let state = try json(response.body)["state"] as? String
                #expect(response.status == .ok && state == "waiting", "\(String(buffer: response.body))")
            }
            // Not the citizen's to do: an anonymous return is refused.
            try await client.execute(uri: "/api/v1/tickets/\(second)/return", method: .post, as: nil) { #expect($0.status == .unauthorized) }
        }
    }
}
