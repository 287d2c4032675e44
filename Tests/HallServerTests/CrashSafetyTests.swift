import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Synchronization
import Testing

/// `kill -9` in the middle of a burst of ticket requests: every ticket answered with 201
/// is still there after a restart, and no number is ever issued twice.
@Suite("Crash safety of the real daemon", .serialized)
struct CrashSafetyTests {
    struct Issued: Sendable, Hashable { var id: String; var number: String; var serviceDay: String }

    /// Tickets answered with 201, collected by every kiosk task.
    final class Answered: Sendable {
        private let list = Mutex<[Issued]>([])
        /// Adds one and returns how many there are now.
        func add(_ issued: Issued) -> Int { list.withLock { $0.append(issued); return $0.count } }
        var all: [Issued] { list.withLock { $0 } }
    }

    @Test(.enabled(if: DaemonProcess.runnable, "build the daemon first: swift build --build-tests"))
    func killNineLosesNoAnsweredTicket() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-kill9-\(UUID().uuidString)").path
        let first = DaemonProcess(dataDirectory: dir)
        try first.start()

        let answered = Answered()
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
                        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) else { return }
                        guard response.status == .created,
                              let body = try? await response.body.collect(upTo: 1 << 20),
                              let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                              let id = object["id"] as? String, let number = object["number"] as? String,
                              let day = object["serviceDay"] as? String else { return }
                        let count = answered.add(Issued(id: id, number: number, serviceDay: day))
                        if count == killAfter { trigger.yield() }
                    }
                }
            }
            for await _ in killNow { break }
            first.kill9()
            try await group.waitForAll()
        }
        let before = answered.all
        #expect(before.count >= killAfter)
        #expect(Set(before.map { "\($0.serviceDay) \($0.number)" }).count == before.count, "no number answered twice")

        // Restart on the same data directory: every answered ticket is there with its number.
        let second = DaemonProcess(dataDirectory: dir)
        try second.start()
        for issued in before {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: second.baseURL + "/api/v1/tickets/\(issued.id)"),
                                                               timeout: .seconds(10))
            #expect(response.status == .ok, "ticket \(issued.number) lost")
            let body = try await response.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            #expect(object?["number"] as? String == issued.number)
        }
        // New tickets continue the numbering instead of reusing a number.
        var after: [String] = []
        for queue in ["green-channel", "pickup", "proxy", "unresolved"] {
            var request = HTTPClientRequest(url: second.baseURL + "/api/v1/tickets")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: #"{"queue": "\#(queue)"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .created)
            let body = try await response.body.collect(upTo: 1 << 20)
            after.append((try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["number"] as? String ?? "?")
        }
        #expect(Set(after).isDisjoint(with: before.map(\.number)))
        #expect(second.terminate() == 0, "SIGTERM shuts down gracefully:\n\(second.log)")

        // The database file itself: one row per number, every answered id present.
        let db = try DatabaseQueue(path: dir + "/onevisit.sqlite")
        let (rows, distinct, ids) = try await db.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT serviceDay || number) FROM ticket")!,
             Set(try String.fetchAll(db, sql: "SELECT id FROM ticket")))
        }
        #expect(rows == distinct)
        #expect(ids.isSuperset(of: before.map(\.id)))
    }
}
