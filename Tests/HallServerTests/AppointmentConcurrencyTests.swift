import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// The must-show of the appointments issue against the live `onevisitd` (without
/// --simulate): many clients booking the last places of a slot at once never overbook, and
/// one person booking twice at once holds one booking. The demo hall's
/// resident-id-card-renewal takes 10 a slot. The booking rate limit is switched off for
/// this daemon (`http.bookingsPerMinute: 0` in its configuration file), since every request
/// comes from this one test address on purpose.
@Suite("Appointments under concurrency, live daemon", .serialized, .timeLimit(.minutes(5)))
struct AppointmentConcurrencyTests {
    static func idNumber(_ n: Int) -> String {
        let body = "110105" + "19750615" + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// The first slot with every place free, on a day from tomorrow on.
    static func freeSlot(_ base: String, item: String) async throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        for ahead in 1...10 {
            let c = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(Double(ahead) * 86_400))
            let date = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            let (status, day) = try await DaemonHTTP.send(.GET, base + "/api/v1/appointments/slots?item=\(item)&date=\(date)")
            #expect(status == 200)
            if let slot = (day["slots"] as? [[String: Any]])?.first(where: { $0["available"] as? Int == 10 }), let start = slot["start"] as? String {
                return start
            }
        }
        throw TestFailure("no free slot of \(item) in the next ten days")
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
    func capacityAndOneBookingPerPersonHoldUnderSimultaneousRequests() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-bookings-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "log:\n  level: info\nhttp:\n  bookingsPerMinute: 0\n".write(toFile: dir + "/onevisit.yaml", atomically: true, encoding: .utf8)
        let daemon = DaemonProcess(dataDirectory: dir, simulate: false)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        // A client of its own that opens a connection per request, so the requests arrive together.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 250)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let base = daemon.baseURL
        let item = "resident-id-card-renewal"

        @Sendable func book(_ id: String, start: String) async -> (Int, String) {
            var request = HTTPClientRequest(url: base + "/api/v1/appointments")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"item": "\#(item)", "start": "\#(start)", "idNumber": "\#(id)", "name": "测试", "phone": "13800000000"}"#))
            do {
                let response = try await client.execute(request, timeout: .seconds(60))
                let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                let code = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                    .flatMap { ($0["error"] as? [String: Any])?["code"] as? String } ?? ""
                return (Int(response.status.code), code)
            } catch {
                return (0, "\(error)")
            }
        }

        // 200 different people, one slot of 10.
        let start = try await Self.freeSlot(base, item: item)
        let many = await withTaskGroup(of: (Int, String).self) { group in
            for n in 0..<200 { group.addTask { await book(Self.idNumber(n), start: start) } }
            return await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        #expect(many.filter { $0.0 == 201 }.count == 10)
        #expect(many.filter { $0.0 == 409 && $0.1 == "slot_full" }.count == 190, "\(Dictionary(grouping: many.map { "\($0.0) \($0.1)" }, by: { $0 }).mapValues(\.count))")
        let (_, after) = try await DaemonHTTP.send(.GET, base + "/api/v1/appointments/slots?item=\(item)&date=\(start.prefix(10))")
        let slot = (after["slots"] as? [[String: Any]])?.first { $0["start"] as? String == start }
        #expect(slot?["booked"] as? Int == 10 && slot?["available"] as? Int == 0)

        // One person, 20 requests at once, in another slot.
        let other = try await Self.freeSlot(base, item: item)
        let same = Self.idNumber(900)
        let twenty = await withTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<20 { group.addTask { await book(same, start: other) } }
            return await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        #expect(twenty.filter { $0.0 == 201 }.count == 1)
        #expect(twenty.filter { $0.0 == 409 && $0.1 == "already_booked" }.count == 19, "\(twenty)")
    }
}
