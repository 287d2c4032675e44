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
@Suite("A newborn bundle case from ticket to pickup", .timeLimit(.minutes(5)))
struct CaseScenarioTests {
    /// Thursday 2026-09-24, 10:00 in the hall.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    @Test func newbornWithAPledgeThroughDepartmentsToPickup() async throws {
        // The test checks that the papers printed: the hall answers once they have, or after
        // printWait, which on a loaded 2-core machine the default 3 s could pass first.
        let (hall, dir) = try await makeTestHall(clock: { Self.start }, simulatedPrinters: true, printWait: .seconds(20))
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let clerk4 = try await hall.session("clerk4"), clerk7 = try await hall.session("clerk7")
        var sessions: [String: String] = [:]
        for sub in hall.catalog.bundle("newborn")?.items ?? [] {
            if let d = hall.catalog.item(sub)?.department, sessions[d] == nil { sessions[d] = try await hall.session(department: d) }
        }
        let departments = sessions
        let number = try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String? = nil,
                      expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: method, as: token, body: body) { response async throws in
                    #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
                    return try json(response.body)
                }
            }
            // The citizen takes a ticket for 新生儿出生; window 4 calls it.
            let ticket = try await call(.post, "/api/v1/tickets", #"{"bundle": "newborn"}"#, expect: .created)
            _ = try await client.execute(uri: "/api/v1/windows/4/sign-in", method: .post, as: clerk4) { _ in }
            _ = try await call(.post, "/api/v1/windows/4/call-next", as: clerk4)
            _ = try await call(.post, "/api/v1/windows/4/start", as: clerk4)

            // The window opens one bundle case from the ticket; the applicant from her card.
            let opened = try await call(.post, "/api/v1/cases", #"""
                {"ticketID": "\#(ticket["id"] as! String)", "applicant": {"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}}
                """#, as: clerk4, expect: .created)
            let number = try #require(opened["number"] as? String)
            #expect(opened["caseTypeName"] as? String == "联办件" && opened["windowID"] as? String == "4")
            #expect(opened["applicant"] as? String == "李** 4403**********4442")
            #expect((opened["subCases"] as? [Any])?.count == 7)

            // Captured: both ID cards and the marriage certificate. The 民族成份确认书 (not key) is missing.
            _ = try await call(.post, "/api/v1/cases/\(number)/materials", #"""
                {"checks": [{"materialID": "resident-id-card", "status": "present"},
                 {"materialID": "marriage-certificate", "status": "present"},
                 {"materialID": "ethnicity-confirmation", "status": "missing", "note": "未带"}]}
                """#, as: clerk4)
            let refusedAccept = try await call(.post, "/api/v1/cases/\(number)/decision", #"{"decision": "accept"}"#, as: clerk4, expect: .conflict)
            #expect(((refusedAccept["error"] as? [String: Any])?["message"] as? String)?.contains("民族成份确认书") == true)
            let pledged = try await call(.post, "/api/v1/cases/\(number)/decision", #"""
                {"decision": "accept-with-deficiencies", "materialIDs": ["ethnicity-confirmation"], "supplyBy": "2026-10-09",
                 "form": "到窗口递交或邮寄原件", "consequence": "逾期未补齐的，已受理事项终止办理，需重新申请", "pledgeSigned": true}
                """#, as: clerk4)
            #expect(pledged["state"] as? String == "accepted")
            #expect((pledged["deadline"] as? [String: Any])?["promisedDue"] as? String == "2026-10-09")
            #expect((pledged["issued"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["deficiencyNotice", "pledge"])
            #expect((pledged["printed"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "printed" } == true)
            _ = try await call(.post, "/api/v1/windows/4/finish", as: clerk4)

            // The departments, each on its item. Birth registration needs the pledged paper first.
            let subCases = (pledged["subCases"] as? [[String: Any]] ?? []).compactMap { s in
                (s["itemID"] as? String).map { ($0, s["department"] as? String ?? "") }
            }
            let police = try #require(departments[hall.catalog.item("birth-registration")?.department ?? ""])
            _ = try await call(.post, "/api/v1/cases/\(number)/result",
                               #"{"itemID": "birth-registration", "outcome": "granted", "opinion": "准予登记"}"#, as: police, expect: .conflict)
            _ = try await call(.post, "/api/v1/cases/\(number)/supply-deficiencies", as: clerk4)
            // Each item by its own department; another department's item is refused.
            let (firstItem, firstDepartment) = try #require(subCases.first)
            let other = try #require(departments.first { $0.key != firstDepartment }?.value)
            _ = try await call(.post, "/api/v1/cases/\(number)/step", #"{"itemID": "\#(firstItem)", "name": "审核", "opinion": "x"}"#, as: other, expect: .forbidden)
            for (item, department) in subCases {
                let staff = try #require(departments[department])
                _ = try await call(.post, "/api/v1/cases/\(number)/step", #"{"itemID": "\#(item)", "name": "审核", "opinion": "材料齐全，符合条件"}"#, as: staff)
                _ = try await call(.post, "/api/v1/cases/\(number)/result", #"{"itemID": "\#(item)", "outcome": "granted", "opinion": "准予办理"}"#, as: staff)
            }
            let waiting = try await call(.get, "/api/v1/cases/\(number)", as: clerk4)
            #expect(waiting["state"] as? String == "awaitingPickup")

            // The citizen checks progress by number (no name shown), takes a pickup ticket, window 7 hands it out.
            let progress = try await call(.get, "/api/v1/progress/\(number)")
            #expect(progress["stateName"] as? String == "待取件")
            #expect(!String(describing: progress).contains("李"))
            let pickupTicket = try await call(.post, "/api/v1/tickets", #"{"queue": "pickup"}"#, expect: .created)
            _ = try await client.execute(uri: "/api/v1/windows/7/sign-in", method: .post, as: clerk7) { _ in }
            let called = try await call(.post, "/api/v1/windows/7/call-next", as: clerk7)
            #expect(called["number"] as? String == pickupTicket["number"] as? String)
            let handed = try await call(.post, "/api/v1/cases/\(number)/hand-over",
                                        #"{"windowID": "7", "mode": "pickup", "ticketNumber": "\#(called["number"] as! String)"}"#, as: clerk7)
            #expect(handed["state"] as? String == "completed")
            #expect((handed["printed"] as? [[String: Any]])?.first?["printer"] as? String == "window-7")

            let documents = try await call(.get, "/api/v1/cases/\(number)/documents", as: clerk7)["documents"] as? [[String: Any]] ?? []
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
        let (hall, _) = try await makeTestHall(clock: { Self.start })
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk4 = try await hall.session("clerk4", window: "4"), clerk3 = try await hall.session("clerk3", window: "3")
        let clerk7 = try await hall.session("clerk7", window: "7"), supervisor = try await hall.session("supervisor1")
        try await app.test(.router) { client in
            for (body, words) in [(#"{}"#, "itemID or bundleID"), (#"{"itemID": "nope"}"#, "no catalog item"),
                                  (#"{"bundleID": "newborn", "applicant": {"name": "张三", "idNumber": "440307198802294441"}}"#, "check character")] {
                try await client.execute(uri: "/api/v1/cases", method: .post, as: clerk4, body: body) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(String(buffer: response.body).contains(words), "\(body): \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/api/v1/cases/C000000000000/decision", method: .post, as: clerk4, body: #"{"decision": "accept"}"#) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/progress/C20260924000X", method: .get) { #expect($0.status == .badRequest) }

            // The applicant in full only for the clerk at the case's window (and supervisors); masked everywhere else.
            let c = try await client.execute(uri: "/api/v1/cases", method: .post, as: clerk4, body:
                #"{"itemID": "social-security-card-application", "applicant": {"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}}"#) {
                #expect($0.status == .created)
                return String(buffer: $0.body)
            }
            #expect(!c.contains("440307198802294442") && !c.contains("李小红") && !c.contains("13800135678"), "\(c)")
            let number = try #require((try JSONSerialization.jsonObject(with: Data(c.utf8)) as? [String: Any])?["number"] as? String)
            // Anonymous: 401. The clerk at window 3, even naming window 4 in the query: 403.
            try await client.execute(uri: "/api/v1/cases/\(number)/applicant", method: .get, as: nil) { #expect($0.status == .unauthorized) }
            for uri in ["/api/v1/cases/\(number)/applicant", "/api/v1/cases/\(number)/applicant?window=4", "/api/v1/cases/\(number)/form?window=4"] {
                try await client.execute(uri: uri, method: .get, as: clerk3) { #expect($0.status == .forbidden, "\(uri)") }
            }
            for token in [clerk4, supervisor] {
                try await client.execute(uri: "/api/v1/cases/\(number)/applicant", method: .get, as: token) { response in
                    #expect(response.status == .ok && String(buffer: response.body).contains("440307198802294442"))
                }
            }
            // Both reads are in the audit, with who and which case.
            let audit = try await hall.accounts.store.auditEntries(caseNumber: number)
            #expect(Set(audit.map(\.staffID)) == ["clerk4", "supervisor1"] && audit.allSatisfy { $0.what == "applicant" })
            // A hand-over naming a pickup ticket the window has not called is refused.
            try await client.execute(uri: "/api/v1/cases/\(number)/hand-over", method: .post, as: clerk7,
                                     body: #"{"windowID": "7", "ticketNumber": "Q999"}"#) { #expect($0.status == .conflict) }
        }
    }
}

/// The proxy-service ledger over the API, matching the cases.
@Suite("Proxy service ledger", .timeLimit(.minutes(5)))
struct ProxyLedgerTests {
    @Test func ledgerCSVMatchesTheCases() async throws {
        let (hall, _) = try await makeTestHall(clock: { CaseScenarioTests.start })
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk1 = try await hall.session("clerk1", window: "1"), proxy = try await hall.session("proxy1")
        try await app.test(.router) { client in
            var numbers: [String] = []
            for item in ["social-security-card-application", "birth-registration", "social-security-card-application"] {
                let number = try await client.execute(uri: "/api/v1/cases", method: .post, as: clerk1, body: #"""
                    {"itemID": "\#(item)", "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}
                    """#) { try json($0.body)["number"] as? String ?? "" }
                numbers.append(number)
            }
            // Two of the three are proxy cases; the second is escalated and its result pushed back.
            for number in numbers.prefix(2) {
                try await client.execute(uri: "/api/v1/cases/\(number)/delegate", method: .post, as: clerk1, body: #"""
                    {"request": "代为办理，申请人行动不便", "assignedTo": "proxy1", "assignedName": "孙丽"}
                    """#) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                    #expect(String(buffer: response.body).contains("delegationReceipt"))
                }
            }
            // Escalation is the proxy staff's, not the clerk's.
            try await client.execute(uri: "/api/v1/cases/\(numbers[1])/escalate", method: .post, as: clerk1, body: #"{"to": "市级帮办代办中心"}"#) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/cases/\(numbers[1])/escalate", method: .post, as: proxy, body: #"{"to": "市级帮办代办中心"}"#) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/cases/\(numbers[1])/proxy-result", method: .post, as: proxy, body: #"{"result": "市级已受理"}"#) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/proxy-ledger?format=csv", method: .get, as: proxy) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 3, "header and two proxy cases")
                #expect(lines[1].contains(numbers[0]) && lines[2].contains(numbers[1]) && !lines.contains { $0.contains(numbers[2]) })
                #expect(lines[2].contains("市级帮办代办中心") && lines[2].contains("市级已受理") && lines[2].contains("2026-09-24"))
                #expect(lines[1].contains("张** 1506**********123X") && !String(buffer: response.body).contains("15060219500312123X"))
            }
        }
    }
}
