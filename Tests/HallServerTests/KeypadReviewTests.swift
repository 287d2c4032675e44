import AsyncHTTPClient
import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import NIOCore
import Synchronization
import Testing

/// Reviews through the whole hall: a window finishes a ticket, the citizen presses a key on
/// the window's simulated keypad (a serial frame over a pseudo-terminal to the real driver),
/// and the review and its bad-review task are kept and handled over the API.
@Suite("Keypad reviews through the hall", .timeLimit(.minutes(5)))
struct KeypadReviewTests {
    /// Thursday 2026-09-24, 10:00 in the hall (Asia/Shanghai): 中秋 and 国庆 are ahead.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    final class TestClock: Sendable {
        let now = Mutex(KeypadReviewTests.start)
        func read() -> Date { now.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
    }

    /// Serves tickets at window 3 until it has finished `count` of them (A001…).
    static func serve(_ client: some TestClientProtocol, as clerk: String, count: Int) async throws {
        for _ in 0..<count {
            try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general"}"#) { #expect($0.status == .created) }
        }
        for _ in 0..<count {
            for step in ["call-next", "start", "finish"] {
                try await client.execute(uri: "/api/v1/windows/3/\(step)", method: .post, as: clerk) { #expect($0.status == .ok) }
            }
        }
    }

    static func press(_ client: some TestClientProtocol, as technician: String, window: String, level: Int) async throws {
        try await client.execute(uri: "/api/v1/simulator/keypads/\(window)", method: .post, as: technician, body: #"{"level": \#(level)}"#) {
            #expect($0.status == .ok)
        }
    }

    @Test func onePressOneReviewAtTheWindowThatFinished() async throws {
        let clock = TestClock()
        let (hall, _) = try await makeTestHall(clock: { clock.read() }, simulatedKeypads: true)
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: true,
                                        services: hall.deviceServices + [KeypadReviewService(keypads: hall.keypads, reviewDesk: hall.reviewDesk)])
        let clerk3 = try await hall.session("clerk3"), technician = try await hall.session("technician1")
        try await app.test(.live) { client in
            var feed = hall.reviewDesk.feed.events().makeAsyncIterator()
            func next() async throws -> ReviewFeed.Event {
                // What a press came to; the arming announced by each finish is not a press.
                while let event = await feed.next() { if event.armed == nil { return event } }
                throw TestFailure("the review feed ended")
            }
            await hall.keypads.keypad(window: "3")!.driver.waitUntil(connected: true)
            try await client.execute(uri: "/api/v1/windows/3/sign-in", method: .post, as: clerk3) { #expect($0.status == .noContent) }
            try await Self.serve(client, as: clerk3, count: 12)

            // Right after A012 is finished: one press, one review, linked to A012, window 3, 王芳.
            try await Self.press(client, as: technician, window: "3", level: 5)
            let first = try await next()
            #expect(first.review?.ticketNumber == "A012")
            #expect(first.review?.windowID == "3" && first.review?.staffID == "clerk3" && first.review?.staffName == "王芳")
            #expect(first.review?.level == .verySatisfied && first.task == nil)

            // A second press stores nothing; a press at a window with no service is ignored.
            try await Self.press(client, as: technician, window: "3", level: 1)
            #expect(try await next().ignored == .alreadyReviewed)
            try await Self.press(client, as: technician, window: "4", level: 1)
            #expect(try await next().ignored == .notArmed)

            let supervisor = try await hall.session("supervisor1")
            try await client.execute(uri: "/api/v1/reviews", method: .get, as: supervisor) { response async throws in
                let reviews = try json(response.body)["reviews"] as? [[String: Any]] ?? []
                #expect(reviews.count == 1)
                #expect(reviews.first?["ticketNumber"] as? String == "A012")
                #expect(reviews.first?["channel"] as? String == "keypad")
            }
            try await client.execute(uri: "/api/v1/reviews/summary?by=window", method: .get, as: supervisor) { response async throws in
                let summary = try json(response.body)
                #expect(summary["total"] as? Int == 1 && summary["satisfactionRate"] as? Double == 1.0)
                let ignored = summary["ignoredPresses"] as? [[String: Any]] ?? []
                #expect(ignored.count == 2)
            }

            // Too late: the next service is rated after keypadSeconds (120 s) have passed.
            try await Self.serve(client, as: clerk3, count: 1)
            clock.advance(121)
            try await Self.press(client, as: technician, window: "3", level: 4)
            #expect(try await next().ignored == .expired)

            // The keypad's cable pulled and plugged back: picked up without a restart.
            let keypad = try #require(hall.keypads.keypad(window: "3"))
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, as: technician, body: #"{"plugged": false}"#) { #expect($0.status == .ok) }
            await keypad.driver.waitUntil(connected: false)
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, as: technician, body: #"{"level": 5}"#) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/devices", method: .get, as: technician) { response async throws in
                let keypads = try json(response.body)["keypads"] as? [[String: Any]] ?? []
                #expect(keypads.first { $0["id"] as? String == "window-3" }?["connected"] as? Bool == false)
            }
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, as: technician, body: #"{"plugged": true}"#) { #expect($0.status == .ok) }
            await keypad.driver.waitUntil(connected: true)
            try await Self.serve(client, as: clerk3, count: 1)
            try await Self.press(client, as: technician, window: "3", level: 2)
            let replugged = try await next()
            #expect(replugged.review?.ticketNumber == "A014" && replugged.review?.level == .dissatisfied)
            // Bad: a task for the hall (the ticket named no item), due 5 working days on:
            // 09-25..27 中秋, 09-28, 29, 30, 10-01..07 国庆, 10-08, 10-09.
            #expect(replugged.task?.dueDay == CivilDay("2026-10-09"))
            #expect(replugged.task?.state == .verifying)

            // The next citizen is called: the keypad no longer rates A014 (not "already reviewed": not armed at all).
            try await client.execute(uri: "/api/v1/tickets", method: .post, as: nil, body: #"{"queue": "general"}"#) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/windows/3/call-next", method: .post, as: clerk3) { #expect($0.status == .ok) }
            try await Self.press(client, as: technician, window: "3", level: 5)
            #expect(try await next().ignored == .notArmed)
        }
    }

    @Test func badReviewLoopOverTheAPI() async throws {
        let clock = TestClock()
        let (hall, _) = try await makeTestHall(clock: { clock.read() })
        let app = try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false)
        let clerk1 = try await hall.session("clerk1", window: "1"), department = try await hall.session("department1")
        try await app.test(.router) { client in
            // Two finished cases of a known applicant; an online review of the first, 非常不满意.
            var cases: [String] = []
            for _ in 0..<2 {
                let number = try await client.execute(uri: "/api/v1/cases", method: .post, as: clerk1, body:
                    #"{"itemID": "social-security-card-application", "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}"#) {
                    try json($0.body)["number"] as? String ?? ""
                }
                for (path, body, token) in [("materials", #"{"checks": [{"materialID": "resident-id-card", "status": "present"}]}"#, clerk1),
                                            ("decision", #"{"decision": "accept"}"#, clerk1),
                                            ("result", #"{"itemID": "social-security-card-application", "outcome": "granted", "opinion": "准予"}"#, department)] {
                    try await client.execute(uri: "/api/v1/cases/\(number)/\(path)", method: .post, as: token, body: body) { #expect($0.status == .ok) }
                }
                cases.append(number)
            }
            try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil, body: #"{"channel": "online", "level": 1, "caseNumber": "C20260924999X"}"#) {
                #expect($0.status == .notFound)
            }
            // The case number alone, or with someone else's ID digits, does not rate the case.
            for proof in ["", #", "idLast4": "1234""#] {
                try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil,
                                         body: #"{"channel": "online", "level": 1, "caseNumber": "\#(cases[0])"\#(proof)}"#) {
                    #expect($0.status == .forbidden)
                }
            }
            let stored = try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil, body: #"{"channel": "online", "level": 1, "caseNumber": "\#(cases[0])", "idLast4": "123x"}"#) { response async throws in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try json(response.body)
            }
            let review = stored["review"] as? [String: Any] ?? [:]
            let task = (stored["task"] as? [String: Any])?["task"] as? [String: Any] ?? [:]
            let reviewID = try #require(review["id"] as? String), taskID = try #require(task["id"] as? String)
            #expect(task["dueDay"] as? String == "2026-10-09")
            #expect(task["department"] as? String == "人力资源和社会保障局" && review["realName"] as? Bool == true)

            // 一事一评: the same case cannot be rated twice.
            try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil, body: #"{"channel": "online", "level": 5, "caseNumber": "\#(cases[0])", "idLast4": "123x"}"#) {
                #expect($0.status == .conflict)
            }
            // The reasons chosen on the screen, from the hall's list only.
            try await client.execute(uri: "/api/v1/reviews/\(reviewID)/reasons", method: .post, as: nil, body: #"{"reasons": ["没有的理由"]}"#) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/reviews/\(reviewID)/reasons", method: .post, as: nil, body: #"{"reasons": ["等候时间长"]}"#) {
                #expect($0.status == .ok)
            }

            var supervisor = try await hall.session("supervisor1")
            func step(_ name: String, _ body: String, as token: String, expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/review-tasks/\(taskID)/\(name)", method: .post, as: token, body: body) { response async throws in
                    #expect(response.status == status, "\(name): \(String(buffer: response.body))")
                    return try json(response.body)
                }
            }
            // The reviewed clerk may not verify their own review; the department and supervisor may.
            _ = try await step("verify", #"{"finding": "x"}"#, as: clerk1, expect: .forbidden)
            _ = try await step("rectify", #"{"measures": "x"}"#, as: department, expect: .conflict)  // verify comes first
            _ = try await step("verify", #"{"finding": "高峰等候 50 分钟，属实"}"#, as: department)
            _ = try await step("rectify", #"{"measures": "高峰时段增开两个窗口"}"#, as: department)
            _ = try await step("answer", #"{"reply": "已增开窗口"}"#, as: supervisor, expect: .unprocessableContent)
            // Past its last day and still open: flagged overdue. (The sessions of 16 days ago have ended.)
            clock.advance(16 * 86_400)
            try await client.execute(uri: "/api/v1/review-tasks?overdue=true", method: .get, as: supervisor) { #expect($0.status == .unauthorized) }
            supervisor = try await hall.session("supervisor1")
            let clerk1 = try await hall.session("clerk1")
            try await client.execute(uri: "/api/v1/review-tasks?overdue=true", method: .get, as: supervisor) { response async throws in
                #expect((try json(response.body)["tasks"] as? [Any])?.count == 1)
            }
            let closed = try await step("answer", #"{"reply": "已增开窗口", "callBack": {"outcome": "满意"}}"#, as: supervisor)
            #expect((closed["task"] as? [String: Any])?["state"] as? String == "closed")
            #expect(closed["overdue"] as? Bool == false)
            let history = closed["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["action"] as? String } == ["open", "verify", "rectify", "answer"])
            #expect(Array(history.map { $0["by"] as? String }.suffix(3)) == ["department1", "department1", "supervisor1"])

            // A second bad review is appealed and voided on re-check.
            let other = try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil, body: #"{"channel": "online", "level": 2, "caseNumber": "\#(cases[1])", "idLast4": "123X"}"#) {
                try json($0.body)
            }
            let otherTask = try #require(((other["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String)
            // The reviewed clerk appeals; only another staff member (a supervisor) re-checks.
            try await client.execute(uri: "/api/v1/review-tasks/\(otherTask)/appeal", method: .post, as: supervisor, body: #"{"reason": "x"}"#) {
                #expect($0.status == .forbidden)
            }
            for (name, body, state, token) in [("appeal", #"{"reason": "申请人来电说明按错"}"#, "appealed", clerk1),
                                               ("recheck", #"{"upheld": true, "reason": "误评，有通话记录"}"#, "voided", supervisor)] {
                try await client.execute(uri: "/api/v1/review-tasks/\(otherTask)/\(name)", method: .post, as: token, body: body) { response async throws in
                    #expect(response.status == .ok)
                    #expect((try json(response.body)["task"] as? [String: Any])?["state"] as? String == state)
                }
            }
            // Bad input is named.
            try await client.execute(uri: "/api/v1/reviews", method: .post, as: nil, body: #"{"channel": "keypad", "level": 9}"#) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/review-tasks/\(otherTask)/close", method: .post, as: supervisor, body: #"{}"#) {
                #expect($0.status == .notFound)
            }
            // The CSV export has both reviews, with the reason chosen.
            try await client.execute(uri: "/api/v1/reviews?format=csv", method: .get, as: supervisor) { response in
                let csv = String(buffer: response.body)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.split(separator: "\r\n").count == 3)
                #expect(csv.contains(cases[0]) && csv.contains("等候时间长"))
            }
        }
    }
}
