import Foundation
import HallServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeCore
import NIOCore
import Testing

/// `GET /api/v1/supervision/today` (R7): a window serves tickets on a clock the test moves,
/// keypad presses review them, and the supervisor's figures are the ones worked out by hand;
/// a case accepted at the window turns up as nearly overdue, then overdue, as the days pass.
@Suite("The supervisor's today", .timeLimit(.minutes(5)))
struct SupervisionTests {
    /// Thursday 2026-09-24, 10:00 in the hall (Asia/Shanghai).
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    @Test func figuresReviewsTasksAndCasesOfTheDay() async throws {
        let clock = ManualClock(Self.start)
        let (hall, _) = try await makeTestHall(clock: { clock.read() })
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let clerk3 = try await hall.session("clerk3"), supervisor = try await hall.session("supervisor1")
        let department = try await hall.session("department1")
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as token: String?,
                      expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: method, as: token, body: body) { response async throws in
                    #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))")
                    return response.body.readableBytes == 0 ? [:] : try json(response.body)
                }
            }
            func today(as token: String? = nil) async throws -> (body: [String: Any], text: String) {
                try await client.execute(uri: "/api/v1/supervision/today", method: .get, as: token ?? supervisor) { response async throws in
                    #expect(response.status == .ok)
                    return (try json(response.body), String(buffer: response.body))
                }
            }
            func at(_ minutes: Double, _ step: String) async throws {
                clock.set(minutes: minutes)
                _ = try await call(.post, "/api/v1/windows/3/\(step)", as: clerk3)
            }

            // Only a supervisor: anonymous 401, a clerk or department staff 403.
            _ = try await call(.get, "/api/v1/supervision/today", as: nil, expect: .unauthorized)
            _ = try await call(.get, "/api/v1/supervision/today", as: clerk3, expect: .forbidden)
            _ = try await call(.get, "/api/v1/supervision/today", as: department, expect: .forbidden)

            // A001 at 10:00, A002 at 10:01, A003 at 10:02; window 3 serves the first two.
            for minute in [0.0, 1, 2] {
                clock.set(minutes: minute)
                _ = try await call(.post, "/api/v1/tickets", #"{"queue": "general"}"#, as: nil, expect: .created)
            }
            _ = try await call(.post, "/api/v1/windows/3/sign-in", as: clerk3, expect: .noContent)
            try await at(5, "call-next"); try await at(6, "start"); try await at(10, "finish")
            #expect(try #require(await hall.reviewDesk.keypadPressed(window: "3", level: 1)).task != nil)
            try await at(12, "call-next"); try await at(13, "start"); try await at(21, "finish")
            #expect(try #require(await hall.reviewDesk.keypadPressed(window: "3", level: 5)).review != nil)

            let (body, text) = try await today()
            #expect(body["day"] as? String == "2026-09-24")
            let queues = try #require(body["queues"] as? [[String: Any]])
            #expect(queues.first?["queueID"] as? String == "general" && queues.first?["name"] as? String == "综合受理")
            let general = queues[0]
            #expect(general["issued"] as? Int == 3 && general["waiting"] as? Int == 1)
            #expect(general["served"] as? Int == 2 && general["noShows"] as? Int == 0)
            // Waits 5 and 11 minutes: mean 480 s, p90 (the ⌈1.8⌉ = 2nd) 660 s.
            let waiting = general["waitingTime"] as? [String: Any] ?? [:]
            #expect(waiting["count"] as? Int == 2 && waiting["meanSeconds"] as? Double == 480 && waiting["p90Seconds"] as? Double == 660)
            // Services 4 and 8 minutes: mean 360 s, p90 480 s.
            let service = general["serviceTime"] as? [String: Any] ?? [:]
            #expect(service["meanSeconds"] as? Double == 360 && service["p90Seconds"] as? Double == 480)
            // A003 has waited from 10:02 to 10:21.
            #expect(general["longestWaitingSeconds"] as? Double == 1140)
            #expect((queues.dropFirst().allSatisfy { $0["issued"] as? Int == 0 }))
            #expect((body["total"] as? [String: Any])?["issued"] as? Int == 3)
            let hours = try #require(body["callsPerHour"] as? [Int])
            #expect(hours.count == 24 && hours[10] == 2 && hours.reduce(0, +) == 2)

            #expect(body["windowCount"] as? Int == 9)
            let windows = try #require(body["openWindows"] as? [[String: Any]])
            #expect(windows.count == 1 && windows.first?["windowID"] as? String == "3" && windows.first?["staffName"] as? String == "王芳")

            let reviews = try #require(body["reviews"] as? [String: Any])
            #expect(reviews["total"] as? Int == 2 && reviews["bad"] as? Int == 1 && reviews["satisfactionRate"] as? Double == 0.5)
            let latest = try #require(reviews["latest"] as? [[String: Any]])
            #expect(latest.map { $0["level"] as? Int } == [5, 1], "newest first")
            #expect(latest.last?["ticketNumber"] as? String == "A001" && latest.last?["windowID"] as? String == "3")
            #expect(latest.last?["staffName"] as? String == "王芳" && latest.last?["levelName"] as? String == "非常不满意")
            let badToday = try #require(reviews["badToday"] as? [[String: Any]])
            #expect(badToday.map { $0["level"] as? Int } == [1], "only the bad review among the day's bad ones")

            let tasks = try #require(body["tasks"] as? [String: Any])
            let counts = Dictionary(uniqueKeysWithValues: (tasks["byState"] as? [[String: Any]] ?? []).map { ($0["state"] as? String ?? "", $0["count"] as? Int ?? -1) })
            #expect(counts == ["verifying": 1, "rectifying": 0, "answering": 0, "closed": 0, "appealed": 0, "voided": 0])
            let listed = try await call(.get, "/api/v1/review-tasks", as: supervisor)["tasks"] as? [[String: Any]] ?? []
            let dueDay = try #require((listed.first?["task"] as? [String: Any])?["dueDay"] as? String)
            let open = try #require(tasks["open"] as? [[String: Any]])
            #expect(open.count == 1 && open.first?["ticketNumber"] as? String == "A001" && open.first?["level"] as? Int == 1)
            #expect(open.first?["dueDay"] as? String == dueDay && open.first?["overdue"] as? Bool == false)
            #expect(((body["cases"] as? [String: Any])?["overdue"] as? [Any])?.isEmpty == true)

            // A case accepted at window 3 today (promised in 5 working days).
            let applicant = #"{"name": "李小红", "idNumber": "440307198802294442", "phone": "13800135678"}"#
            let opened = try await call(.post, "/api/v1/cases", #"{"itemID": "new-student-information-collection", "applicant": \#(applicant)}"#,
                                        as: clerk3, expect: .created)
            let number = try #require(opened["number"] as? String)
            _ = try await call(.post, "/api/v1/cases/\(number)/decision", #"{"decision": "accept"}"#, as: clerk3)

            // Day by day: the dashboard lists the case under the card its own view shows.
            var seen: Set<String> = []
            for _ in 0..<30 where !seen.contains("red") {
                clock.advance(days: 1)
                let fresh = try await hall.session("supervisor1")  // yesterday's session has ended
                let card = try #require(((try await call(.get, "/api/v1/cases/\(number)", as: fresh))["deadline"] as? [String: Any])?["card"] as? String)
                let (later, laterText) = try await today(as: fresh)
                let cases = later["cases"] as? [String: Any] ?? [:]
                let overdue = (cases["overdue"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
                let nearly = (cases["nearlyOverdue"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
                #expect(overdue == (card == "red" ? [number] : []) && nearly == (card == "yellow" ? [number] : []), "card \(card)")
                #expect(!laterText.contains("李小红") && !laterText.contains("440307"), "no applicant on the dashboard")
                // Yesterday's tickets are not today's.
                #expect(((later["total"] as? [String: Any])?["issued"] as? Int) == 0)
                seen.insert(card)
            }
            #expect(seen.isSuperset(of: ["yellow", "red"]), "the case went through \(seen.sorted())")
            #expect(!text.contains("李小红"))
        }
    }
}
