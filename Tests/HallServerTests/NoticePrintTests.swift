import Foundation
import HallServer
import HummingbirdTesting
import NIOCore
import Testing

/// The one-time notice printed at the kiosk without a ticket (`POST /api/v1/notices/print`):
/// the kiosk's printer, the same list the ticket carries, for the kiosk alone.
@Suite("Printing the one-time notice at the kiosk", .serialized, .timeLimit(.minutes(5)))
struct NoticePrintTests {
    @Test func bundleNoticeComesOutOfTheKioskPrinterWithoutATicket() async throws {
        let (hall, _) = try await makeTestHall(simulatedPrinters: true)
        let simulator = try #require(hall.printers.printer("kiosk-1")?.simulator)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true, services: hall.deviceServices)
        let kiosk = try await hall.kioskToken(), clerk = try await hall.session("clerk4", window: "4")
        try await app.test(.live) { client in
            let printed = try await client.execute(uri: "/api/v1/notices/print", method: .post, as: kiosk, body: #"{"bundle": "newborn"}"#) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            #expect((printed["print"] as? [String: Any])?["state"] as? String == "printed")
            #expect((printed["notice"] as? [String: Any])?["title"] as? String == "新生儿出生")
            let job = try #require(await simulator.waitForJobs(count: 1).first)
            #expect(job.problems.isEmpty)
            #expect(job.text.contains("一次性告知单") && job.text.contains("新生儿出生"))
            #expect(job.text.contains("1. 夫妻双方身份证"))
            let bring = job.text.components(separatedBy: "无需提交").first ?? ""
            #expect(!bring.contains("出生医学证明"), "the bundle's first item issues it")
            #expect(job.text.contains("监督投诉电话 12345"))
            let queues = try await client.execute(uri: "/api/v1/queues", method: .get, as: nil) { try json($0.body) }
            let issued = (queues["queues"] as? [[String: Any]] ?? []).map { $0["issuedToday"] as? Int ?? -1 }
            #expect(issued.allSatisfy { $0 == 0 }, "no ticket was taken")

            let item = try await client.execute(uri: "/api/v1/notices/print", method: .post, as: kiosk,
                                                body: #"{"item": "social-security-card-application"}"#) { try json($0.body) }
            #expect((item["notice"] as? [String: Any])?["title"] as? String != nil)

            for (body, status) in [(#"{}"#, 400), (#"{"item": "x", "bundle": "newborn"}"#, 400), (#"{"bundle": "nothing"}"#, 404)] {
                let code = try await client.execute(uri: "/api/v1/notices/print", method: .post, as: kiosk, body: body) { $0.status.code }
                #expect(code == status, "\(body)")
            }
            let anonymous = try await client.execute(uri: "/api/v1/notices/print", method: .post, as: nil, body: #"{"bundle": "newborn"}"#) { $0.status }
            #expect(anonymous == .unauthorized)
            let staff = try await client.execute(uri: "/api/v1/notices/print", method: .post, as: clerk, body: #"{"bundle": "newborn"}"#) { $0.status }
            #expect(staff == .forbidden, "the kiosk's paper is the kiosk's")
        }
    }
}
