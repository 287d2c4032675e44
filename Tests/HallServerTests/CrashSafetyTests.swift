import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Synchronization
import TestSupport
import Testing

/// `kill -9` in the middle of a burst of ticket requests: every ticket answered with 201
/// is still there after a restart, and no number is ever issued twice.
@Suite("Crash safety of the real daemon", .serialized, .timeLimit(.minutes(5)))
struct CrashSafetyTests {
    struct Issued: Sendable, Hashable { var id: String; var number: String; var serviceDay: String }

    /// What the kiosks were answered: every 201 kept as it came (a repeated number is counted,
    /// never merged), and every other answer before the kill as a failure.
    final class Answered: Sendable {
        private let list = Mutex<[Issued]>([])
        private let refused = Mutex<[String]>([])
        /// Adds one and returns how many there are now.
        func add(_ issued: Issued) -> Int { list.withLock { $0.append(issued); return $0.count } }
        func fail(_ why: String) { refused.withLock { $0.append(why) } }
        var all: [Issued] { list.withLock { $0 } }
        var failures: [String] { refused.withLock { $0 } }
    }

    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func killNineLosesNoAnsweredTicket() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-kill9-\(UUID().uuidString)").path
        // Eight kiosks on one address: the per-client ticket limit is lifted for the burst.
        let first = DaemonProcess(dataDirectory: dir, simulate: false, environment: ["ONEVISIT_HTTP_TICKETS_PER_MINUTE": "0"])
        try await first.start()

        let answered = Answered()
        let killed = KillSwitch()
        let queues = ["green-channel", "pickup", "proxy", "unresolved"]
        let killAfter = 150
        let (killNow, trigger) = AsyncStream<Void>.makeStream()
        let url = first.baseURL

        // Eight kiosks hammer the daemon; the test kills it once 150 tickets were answered,
        // while requests are still in flight.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for kiosk in 0..<8 {
                group.addTask {
                    var n = 0
                    while true {
                        var request = HTTPClientRequest(url: url + "/api/v1/tickets")
                        request.method = .POST
                        request.headers.add(name: "content-type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"queue": "\#(queues[(kiosk + n) % queues.count])"}"#))
                        n += 1
                        let response: HTTPClientResponse
                        do { response = try await HTTPClient.shared.execute(request, timeout: .seconds(10)) } catch {
                            // After the kill a broken connection is expected; before it, a failure.
                            if !killed.flipped { answered.fail("kiosk \(kiosk): \(error)") }
                            return
                        }
                        guard response.status == .created else {
                            if !killed.flipped { answered.fail("kiosk \(kiosk): HTTP \(response.status.code)") }
                            trigger.finish()  // a refusal fails the test: no point waiting for the kill
                            return
                        }
                        guard let body = try? await response.body.collect(upTo: 1 << 20) else { return }  // cut off by the kill
                        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                              let id = object["id"] as? String, let number = object["number"] as? String,
                              let day = object["serviceDay"] as? String else {
                            answered.fail("kiosk \(kiosk): a 201 without id, number and serviceDay")
                            return
                        }
                        if answered.add(Issued(id: id, number: number, serviceDay: day)) == killAfter { trigger.yield() }
                    }
                }
            }
            try await within(seconds: 60) { for await _ in killNow { return } }
            killed.flip()
            await first.killed()
            try await group.waitForAll()
        }
        let before = answered.all
        #expect(answered.failures.isEmpty, "answers other than 201 before the kill: \(answered.failures.prefix(5))")
        #expect(before.count >= killAfter)
        let pairs = before.map { "\($0.serviceDay) \($0.number)" }
        #expect(Set(pairs).count == pairs.count, "no (service day, number) answered twice")

        // Restart on the same data directory: every answered ticket is there with its number.
        let second = DaemonProcess(dataDirectory: dir, simulate: false)
        try await second.start()
        for issued in before {
            let (status, object) = try await DaemonHTTP.send(.GET, second.baseURL + "/api/v1/tickets/\(issued.id)")
            #expect(status == 200, "ticket \(issued.number) lost")
            #expect(object["number"] as? String == issued.number && object["serviceDay"] as? String == issued.serviceDay)
        }
        // New tickets continue the numbering instead of reusing a (service day, number).
        var after: [String] = []
        for queue in queues {
            let (status, object) = try await DaemonHTTP.send(.POST, second.baseURL + "/api/v1/tickets", #"{"queue": "\#(queue)"}"#)
            #expect(status == 201)
            after.append("\(object["serviceDay"] as? String ?? "?") \(object["number"] as? String ?? "?")")
        }
        #expect(Set(after).isDisjoint(with: pairs))
        #expect(await second.stopped() == 0, "SIGTERM shuts down gracefully:\n\(second.log)")

        // The database file itself: one row per number, every answered id present.
        let db = try DatabaseQueue(path: dir + "/onevisit.sqlite")
        let (rows, distinct, ids) = try await db.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT serviceDay || ' ' || number) FROM ticket")!,
             Set(try String.fetchAll(db, sql: "SELECT id FROM ticket")))
        }
        #expect(rows == distinct)
        #expect(ids.isSuperset(of: before.map(\.id)))
    }
}
