import Foundation
import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeCore
import GRDB
import IntakeStore
import NIOCore
import Testing

/// 统一收费 over the API (seed 004 §9.6; issue 15): the ID card's 工本费 is taken at intake and
/// acceptance waits for it; a wrong amount, a card payment with no reference and a fee on an
/// item that charges none are refused; the real-estate registration's fee is taken before the
/// hand-over, which waits for it; a correction and a refund keep the original with the
/// reason; every payment has its receipt document; the archive holds them and verifies.
@Suite("Fees at the window", .timeLimit(.minutes(3)))
struct FeeAPITests {
    @Test func feesAreTakenAsTheCatalogSaysAndKeptWhenCorrectedOrRefunded() async throws {
        let (hall, dir) = try await makeTestHall()
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let clerk4 = try await hall.session("clerk4", window: "4"), clerk7 = try await hall.session("clerk7", window: "7")
        let supervisor = try await hall.session("supervisor1")
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String?, expect status: HTTPResponse.Status = .ok,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
                try await client.call(method, uri, body, as: token, expect: status, sourceLocation: sourceLocation)
            }
            func message(_ answer: [String: Any]) -> String { (answer["error"] as? [String: Any])?["message"] as? String ?? "" }
            func open(_ item: String) async throws -> String {
                let opened = try await call(.post, "/api/v1/cases", #"{"itemID": "\#(item)", "applicant": {"name": "测试", "idNumber": "11010519491231002X"}}"#,
                                            as: clerk4, expect: .created)
                let number = try #require(opened["number"] as? String)
                let checks = (opened["materials"] as? [[String: Any]] ?? []).compactMap { $0["materialID"] as? String }
                    .map { #"{"materialID": "\#($0)", "status": "present"}"# }.joined(separator: ", ")
                _ = try await call(.post, "/api/v1/cases/\(number)/materials", #"{"checks": [\#(checks)]}"#, as: clerk4)
                return number
            }
            func pay(_ number: String, _ body: String, as token: String, expect status: HTTPResponse.Status) async throws -> [String: Any] {
                try await call(.post, "/api/v1/cases/\(number)/payments", body, as: token, expect: status)
            }

            // The ID card's 20-yuan 工本费 is due at acceptance.
            let card = try await open("resident-id-card-renewal")
            let early = try await call(.post, "/api/v1/cases/\(card)/decision", #"{"decision": "accept"}"#, as: clerk4, expect: .conflict)
            #expect(message(early).contains("20.00 元"), "\(early)")
            let wrong = try await pay(card, #"{"itemID": "resident-id-card-renewal", "amountFen": 1500, "method": "cash"}"#, as: clerk4, expect: .unprocessableContent)
            #expect(message(wrong).contains("charges 20.00 元, not 15.00 元"), "\(wrong)")
            _ = try await pay(card, #"{"itemID": "resident-id-card-renewal", "amountFen": 2000, "method": "wechatPay"}"#, as: clerk4, expect: .badRequest)
            let paid = try await pay(card, #"{"itemID": "resident-id-card-renewal", "amountFen": 2000, "method": "cash"}"#, as: clerk4, expect: .created)
            let payment = try #require(paid["payment"] as? [String: Any])
            let receipt = try #require(payment["receiptNumber"] as? String)
            #expect(receipt.hasPrefix("SF") && payment["windowID"] as? String == "4" && payment["state"] as? String == "paid")
            let document = try #require(paid["receipt"] as? [String: Any])
            #expect(document["kind"] as? String == "feeReceipt" && document["number"] as? String == receipt)
            let lines = (document["fields"] as? [[String: Any]] ?? []).map { "\($0["label"] ?? ""):\($0["value"] ?? "")" }
            #expect(lines.contains("金额（元）:20.00") && lines.contains("支付方式:现金") && !lines.joined().contains("11010519491231002X"), "\(lines)")
            _ = try await pay(card, #"{"itemID": "resident-id-card-renewal", "amountFen": 2000, "method": "cash"}"#, as: clerk4, expect: .conflict)
            _ = try await call(.post, "/api/v1/cases/\(card)/decision", #"{"decision": "accept"}"#, as: clerk4)

            // An item that charges nothing takes nothing.
            let free = try await open("vaccination-certificate-issuance")
            let none = try await pay(free, #"{"itemID": "vaccination-certificate-issuance", "amountFen": 100, "method": "cash"}"#, as: clerk4,
                                     expect: .unprocessableContent)
            #expect(message(none).contains("charges no fee"), "\(none)")

            // Real-estate registration: 80 yuan before the result is handed out.
            let estate = try await open("state-land-and-house-ownership-transfer-registration")
            _ = try await pay(estate, #"{"itemID": "state-land-and-house-ownership-transfer-registration", "amountFen": 8000, "method": "cash"}"#,
                              as: clerk4, expect: .conflict)
            _ = try await call(.post, "/api/v1/cases/\(estate)/decision", #"{"decision": "accept"}"#, as: clerk4)
            let department = try await hall.session(department: "自然资源局")
            _ = try await call(.post, "/api/v1/cases/\(estate)/result",
                               #"{"itemID": "state-land-and-house-ownership-transfer-registration", "outcome": "granted", "opinion": "准予登记"}"#, as: department)
            let handOver = #"{"windowID": "7", "mode": "pickup"}"#
            let waits = try await call(.post, "/api/v1/cases/\(estate)/hand-over", handOver, as: clerk7, expect: .conflict)
            #expect(message(waits).contains("80.00 元"), "\(waits)")
            let byCard = try await pay(estate, #"{"itemID": "state-land-and-house-ownership-transfer-registration", "amountFen": 8000, "method": "unionPay", "reference": "UP-2026-0001"}"#,
                                       as: clerk7, expect: .created)
            let first = try #require((byCard["payment"] as? [String: Any])?["id"] as? String)
            // The platform was Alipay, not UnionPay: corrected, the original kept with the reason.
            let corrected = try await call(.post, "/api/v1/payments/\(first)/correct",
                                           #"{"method": "alipay", "reference": "AP-77", "reason": "支付方式录错，实为支付宝"}"#, as: clerk7, expect: .created)
            #expect((corrected["payment"] as? [String: Any])?["replaces"] as? String == first)
            _ = try await call(.post, "/api/v1/cases/\(estate)/hand-over", handOver, as: clerk7)

            // A refund is a supervisor's, with its reason; the payment stays, refunded.
            let paidID = try #require(payment["id"] as? String)
            _ = try await call(.post, "/api/v1/payments/\(paidID)/refund", #"{"reason": "重复收费"}"#, as: clerk4, expect: .forbidden)
            _ = try await call(.post, "/api/v1/payments/\(paidID)/refund", #"{"reason": " "}"#, as: supervisor, expect: .badRequest)
            let refunded = try await call(.post, "/api/v1/payments/\(paidID)/refund", #"{"reason": "申请人撤回，退还工本费"}"#, as: supervisor)
            #expect(refunded["state"] as? String == "refunded" && refunded["amountFen"] as? Int == 2000)
            #expect((refunded["closing"] as? [String: Any])?["reason"] as? String == "申请人撤回，退还工本费")

            let fees = try await call(.get, "/api/v1/cases/\(estate)/fees", as: supervisor)
            let states = (fees["payments"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
            #expect(states == ["corrected", "paid"] && (fees["unpaidBeforeHandOver"] as? [Any])?.isEmpty == true, "\(fees)")
            let cardFees = try await call(.get, "/api/v1/cases/\(card)/fees", as: clerk4)
            #expect((cardFees["unpaidBeforeHandOver"] as? [String])?.first?.contains("20.00") == true, "refunded: due again")
        }
        let verified = try await Archive.verify(hall.writer, blobs: hall.materials.blobs, anchor: ArchiveAnchor(besideDatabase: dir + "/onevisit.sqlite"))
        #expect(verified.firstBroken == nil)
        let kinds = try await hall.writer.read { db in try String.fetchAll(db, sql: "SELECT kind FROM archiveEntry WHERE kind LIKE 'fee.%' ORDER BY sequence") }
        #expect(kinds == ["fee.paid", "fee.paid", "fee.corrected", "fee.refunded"])
    }
}
