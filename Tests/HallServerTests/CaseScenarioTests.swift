import Foundation
import GRDB
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import NIOCore
import Testing

/// 新生儿出生 from the kiosk to the pickup window over the API, with the simulated printers
/// of the windows taking every document the case issues.
@Suite("A newborn bundle case from ticket to pickup")
struct CaseScenarioTests {
    /// Thursday 2026-09-24, 10:00 in the hall.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func newbornWithAPledgeThroughDepartmentsToPickup() async throws {
        let (hall, dir) = try makeTestHall(clock: { Self.start }, simulatedPrinters: true)
        let app = HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, services: hall.printers.services)
        let number = try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String = "{}", expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: method, body: Self.body(body)) { response async throws in
                    #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
                    return try json(response.body)
                }
            }
            // The citizen takes a ticket for 新生儿出生; window 4 calls it.
            let ticket = try await call(.post, "/api/v1/tickets", #"{"bundle": "newborn"}"#, expect: .created)
            _ = try await client.execute(uri: "/api/v1/windows/4/sign-in", method: .post, body: Self.body(#"{"staffID": "s004", "staffName": "王芳"}"#)) { _ in }
            _ = try await call(.post, "/api/v1/windows/4/call-next")
            _ = try await call(.post, "/api/v1/windows/4/start")

            // The window opens one bundle case from the ticket; the applicant from her card.
            let opened = try await call(.post, "/api/v1/cases", #"""
                {"ticketID": "\#(ticket["id"] as! String)", "applicant": {"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}}
                """#, expect: .created)
            let number = try #require(opened["number"] as? String)
            #expect(opened["caseTypeName"] as? String == "联办件" && opened["windowID"] as? String == "4")
            #expect(opened["applicant"] as? String == "李** 4403**********4442")
            #expect((opened["subCases"] as? [Any])?.count == 7)

            // Captured: both ID cards and the marriage certificate. The 民族成份确认书 (not key) is missing.
            _ = try await call(.post, "/api/v1/cases/\(number)/materials", #"""
                {"by": "s004", "checks": [{"materialID": "resident-id-card", "status": "present"},
                 {"materialID": "marriage-certificate", "status": "present"},
                 {"materialID": "ethnicity-confirmation", "status": "missing", "note": "未带"}]}
                """#)
            let refusedAccept = try await call(.post, "/api/v1/cases/\(number)/decision", #"{"by": "s004", "decision": "accept"}"#, expect: .conflict)
            #expect(((refusedAccept["error"] as? [String: Any])?["message"] as? String)?.contains("民族成份确认书") == true)
            let pledged = try await call(.post, "/api/v1/cases/\(number)/decision", #"""
                {"by": "s004", "decision": "accept-with-deficiencies", "materialIDs": ["ethnicity-confirmation"], "supplyBy": "2026-10-09",
                 "form": "到窗口递交或邮寄原件", "consequence": "逾期未补齐的，已受理事项终止办理，需重新申请", "pledgeSigned": true}
                """#)
            #expect(pledged["state"] as? String == "accepted")
            #expect((pledged["deadline"] as? [String: Any])?["promisedDue"] as? String == "2026-10-09")
            #expect((pledged["issued"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["deficiencyNotice", "pledge"])
            #expect((pledged["printed"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "printed" } == true)
            _ = try await call(.post, "/api/v1/windows/4/finish")

            // The departments, each on its item. Birth registration needs the pledged paper first.
            let items = (pledged["subCases"] as? [[String: Any]] ?? []).compactMap { $0["itemID"] as? String }
            _ = try await call(.post, "/api/v1/cases/\(number)/result",
                               #"{"by": "d-police", "itemID": "birth-registration", "outcome": "granted", "opinion": "准予登记"}"#, expect: .conflict)
            _ = try await call(.post, "/api/v1/cases/\(number)/supply-deficiencies", #"{"by": "s004"}"#)
            for item in items {
                _ = try await call(.post, "/api/v1/cases/\(number)/step", #"{"by": "d-\#(item.prefix(6))", "itemID": "\#(item)", "name": "审核", "opinion": "材料齐全，符合条件"}"#)
                _ = try await call(.post, "/api/v1/cases/\(number)/result", #"{"by": "d-\#(item.prefix(6))", "itemID": "\#(item)", "outcome": "granted", "opinion": "准予办理"}"#)
            }
            let waiting = try await call(.get, "/api/v1/cases/\(number)")
            #expect(waiting["state"] as? String == "awaitingPickup")

            // The citizen checks progress by number (no name shown), takes a pickup ticket, window 7 hands it out.
            let progress = try await call(.get, "/api/v1/progress/\(number)")
            #expect(progress["stateName"] as? String == "待取件")
            #expect(!String(describing: progress).contains("李"))
            let pickupTicket = try await call(.post, "/api/v1/tickets", #"{"queue": "pickup"}"#, expect: .created)
            _ = try await client.execute(uri: "/api/v1/windows/7/sign-in", method: .post, body: Self.body(#"{"staffID": "s007", "staffName": "赵强"}"#)) { _ in }
            let called = try await call(.post, "/api/v1/windows/7/call-next")
            #expect(called["number"] as? String == pickupTicket["number"] as? String)
            let handed = try await call(.post, "/api/v1/cases/\(number)/hand-over",
                                        #"{"by": "s007", "windowID": "7", "mode": "pickup", "ticketNumber": "\#(called["number"] as! String)"}"#)
            #expect(handed["state"] as? String == "completed")
            #expect((handed["printed"] as? [[String: Any]])?.first?["printer"] as? String == "window-7")

            let documents = try await call(.get, "/api/v1/cases/\(number)/documents")["documents"] as? [[String: Any]] ?? []
            #expect(documents.map { $0["kind"] as? String } == ["deficiencyNotice", "pledge", "resultNotice", "pickupSlip"])
            let history = (handed["history"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(history.first == "open" && history.last == "hand-over" && history.contains("accept-with-deficiencies"))
            return number
        }

        // Every document printed is in the simulated printers' output (window 4 and window 7).
        var printed: [String] = []
        for window in ["window-4", "window-7"] {
            let simulator = try #require(hall.printers.printer(window)?.simulator)
            printed += await simulator.waitForJobs(count: window == "window-4" ? 3 : 1).map(\.text)
        }
        for title in ["容缺受理通知书", "容缺受理承诺书", "办结通知", "领取凭证"] {
            #expect(printed.contains { $0.contains(title) && $0.contains(number) }, "\(title) printed")
        }
        #expect(printed.allSatisfy { !$0.contains("440307198802294442") && !$0.contains("李小红") })

        // A restart keeps everything: a new hall on the same database file.
        let reopened = try HallDatabase.open(path: dir + "/onevisit.sqlite")
        let again = try #require(try await CaseStore(writer: reopened).find(number: number))
        #expect(again.state == .completed && again.handOver?.windowID == "7" && again.deficiency?.suppliedOn != nil)
    }

    @Test func badRequestsAreNamed() async throws {
        let (hall, _) = try makeTestHall(clock: { Self.start })
        let app = HallApplication.build(hall: hall, host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            for (body, words) in [(#"{"by": "s1"}"#, "itemID or bundleID"), (#"{"by": "s1", "itemID": "nope"}"#, "no catalog item"),
                                  (#"{"by": "s1", "bundleID": "newborn", "applicant": {"name": "张三", "idNumber": "440307198802294441"}}"#, "check character"),
                                  (#"{"itemID": "birth-registration"}"#, "by")] {
                try await client.execute(uri: "/api/v1/cases", method: .post, body: Self.body(body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(String(buffer: response.body).contains(words), "\(body): \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/api/v1/cases/C000000000000/decision", method: .post, body: Self.body(#"{"by": "s1", "decision": "accept"}"#)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/progress/C20260924000X", method: .get) { #expect($0.status == .badRequest) }

            // The applicant in full only for the clerk at the case's window; masked everywhere else.
            let c = try await client.execute(uri: "/api/v1/cases", method: .post, body: Self.body(
                #"{"by": "s4", "windowID": "4", "itemID": "social-security-card-application", "applicant": {"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}}"#)) {
                #expect($0.status == .created)
                return String(buffer: $0.body)
            }
            #expect(!c.contains("440307198802294442") && !c.contains("李小红") && !c.contains("13800135678"), "\(c)")
            let number = try #require((try JSONSerialization.jsonObject(with: Data(c.utf8)) as? [String: Any])?["number"] as? String)
            for uri in ["/api/v1/cases/\(number)/applicant", "/api/v1/cases/\(number)/applicant?window=4", "/api/v1/cases/\(number)/form?window=3"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .forbidden, "\(uri)") }
            }
            try await client.execute(uri: "/api/v1/windows/4/sign-in", method: .post, body: Self.body(#"{"staffID": "s4", "staffName": "王芳"}"#)) { _ in }
            try await client.execute(uri: "/api/v1/cases/\(number)/applicant?window=4", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("440307198802294442"))
            }
            // A hand-over naming a pickup ticket the window has not called is refused.
            try await client.execute(uri: "/api/v1/cases/\(number)/hand-over", method: .post,
                                     body: Self.body(#"{"by": "s7", "windowID": "7", "ticketNumber": "Q999"}"#)) { #expect($0.status == .conflict) }
        }
    }
}

/// The proxy-service ledger over the API, matching the cases.
@Suite("Proxy service ledger")
struct ProxyLedgerTests {
    @Test func ledgerCSVMatchesTheCases() async throws {
        let (hall, _) = try makeTestHall(clock: { CaseScenarioTests.start })
        let app = HallApplication.build(hall: hall, host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            var numbers: [String] = []
            for (i, item) in ["social-security-card-application", "birth-registration", "social-security-card-application"].enumerated() {
                let number = try await client.execute(uri: "/api/v1/cases", method: .post, body: ByteBuffer(string: #"""
                    {"by": "p0\#(i)", "itemID": "\#(item)", "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}
                    """#)) { try json($0.body)["number"] as? String ?? "" }
                numbers.append(number)
            }
            // Two of the three are proxy cases; the second is escalated and its result pushed back.
            for number in numbers.prefix(2) {
                try await client.execute(uri: "/api/v1/cases/\(number)/delegate", method: .post, body: ByteBuffer(string: #"""
                    {"by": "p01", "request": "代为办理，申请人行动不便", "assignedTo": "p01", "assignedName": "赵代办"}
                    """#)) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    #expect(String(buffer: response.body).contains("delegationReceipt"))
                }
            }
            try await client.execute(uri: "/api/v1/cases/\(numbers[1])/escalate", method: .post, body: ByteBuffer(string: #"{"by": "p01", "to": "市级帮办代办中心"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/cases/\(numbers[1])/proxy-result", method: .post, body: ByteBuffer(string: #"{"by": "p01", "result": "市级已受理"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/proxy-ledger?format=csv", method: .get) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 3, "header and two proxy cases")
                #expect(lines[1].contains(numbers[0]) && lines[2].contains(numbers[1]) && !lines.contains { $0.contains(numbers[2]) })
                #expect(lines[2].contains("市级帮办代办中心") && lines[2].contains("市级已受理") && lines[2].contains("2026-09-24"))
                #expect(lines[1].contains("张** 1506**********123X") && !String(buffer: response.body).contains("15060219500312123X"))
            }
        }
    }
}
