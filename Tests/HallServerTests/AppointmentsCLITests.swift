import Foundation
import TestSupport
import Testing

/// `onevisit appointments list|close-day|export` (R2; issue 14) against the real daemon, as a
/// supervisor types them: two bookings on the next bookable day, the day's list masked, the
/// slot closed (both cancelled and listed), the export masked and then in full, audited.
@Suite("onevisit appointments", .serialized, .timeLimit(.minutes(5)))
struct AppointmentsCLITests {
    static let renewal = AppointmentAPITests.renewal

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func supervisorListsClosesAndExportsADay() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-appointments-cli-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        // The first day after today with a slot of the renewal (the daemon runs on the real clock).
        var found: (day: String, start: String)?
        for offset in 1...10 where found == nil {
            let day = ISO8601DateFormatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400), timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                                                  formatOptions: [.withFullDate])
            let (_, answer) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/appointments/slots?item=\(Self.renewal)&date=\(day)")
            if let start = (answer["slots"] as? [[String: Any]])?.first?["start"] as? String { found = (day, start) }
        }
        let (day, start) = try #require(found)
        let ids = [AppointmentAPITests.idNumber(301), AppointmentAPITests.idNumber(302)]
        var codes: [String] = []
        for id in ids {
            let (status, booking) = try await DaemonHTTP.send(.POST, daemon.baseURL + "/api/v1/appointments",
                                                              #"{"item": "\#(Self.renewal)", "start": "\#(start)", "idNumber": "\#(id)", "name": "王小明", "phone": "13812345678"}"#)
            #expect(status == 201)
            codes.append(try #require(booking["code"] as? String))
        }
        let supervisor = try await CLIUser.login("supervisor1", at: daemon), clerk = try await CLIUser.login("clerk4", at: daemon)
        let refused = try await clerk.expect(["appointments", "list", "--date", day], status: 1)
        #expect(refused.contains("(forbidden)"), "\(refused)")

        let list = try await supervisor.expect(["appointments", "list", "--date", day])
        #expect(list.contains("\(day) 预约") && list.contains("09:00-09:30  居民身份证换领  10        2"), "\(list)")
        for code in codes { #expect(list.contains(code)) }
        #expect(list.contains("王**") && list.contains("已预约") && !list.contains("王小明"))
        for id in ids { #expect(!list.contains(id) && list.contains("1101**********" + id.suffix(4))) }
        let other = try await supervisor.expect(["appointments", "list", "--date", day, "--item", "newborn"])
        #expect(other.contains("无预约") && !other.contains(codes[0]), "\(other)")

        let closed = try await supervisor.expect(["appointments", "close-day", day, "--from", "09:00", "--to", "09:30", "--item", Self.renewal,
                                                  "--reason", "系统维护"])
        #expect(closed.contains("取消了 2 个预约") && codes.allSatisfy(closed.contains), "\(closed)")
        _ = try await supervisor.expect(["appointments", "close-day", day, "--from", "09:00", "--reason", "x"], status: 64)
        let after = try await supervisor.expect(["appointments", "list", "--date", day])
        #expect(after.contains("关闭 09:00-09:30 \(Self.renewal)：系统维护") && after.contains("已取消"), "\(after)")

        let masked = try await supervisor.expect(["appointments", "export", "--from", day, "--to", day])
        #expect(masked.hasPrefix("code,item,itemName,date,slot,state,name,idNumber,phone,bookedAt,changedAt"))
        #expect(codes.allSatisfy(masked.contains) && masked.contains("cancelled") && !masked.contains("王小明"))
        for id in ids { #expect(!masked.contains(id)) }
        let (_, noneYet) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/audit?staff=supervisor1", as: try supervisor.token)
        #expect((noneYet["entries"] as? [Any])?.isEmpty == true, "a masked export is no full read: \(noneYet)")

        let file = dir + "/full.csv"
        let note = try await supervisor.expect(["appointments", "export", "--from", day, "--full", "--output", file])
        #expect(note.contains("recorded in the audit"))
        let full = try String(contentsOfFile: file, encoding: .utf8)
        #expect(ids.allSatisfy(full.contains) && full.contains("王小明") && full.contains("13812345678"))
        let (_, audit) = try await DaemonHTTP.send(.GET, daemon.baseURL + "/api/v1/audit?staff=supervisor1", as: try supervisor.token)
        let entries = audit["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 1 && entries.first?["what"] as? String == "appointments export in full", "\(audit)")
        #expect(await daemon.stopped() == 0)
    }
}
