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
@Suite("Keypad reviews through the hall")
struct KeypadReviewTests {
    /// Thursday 2026-09-24, 10:00 in the hall (Asia/Shanghai): 中秋 and 国庆 are ahead.
    static let start = ISO8601DateFormatter().date(from: "2026-09-24T02:00:00Z")!

    final class TestClock: Sendable {
        let now = Mutex(KeypadReviewTests.start)
        func read() -> Date { now.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// Serves tickets at window 3 until it has finished `count` of them (A001…).
    static func serve(_ client: some TestClientProtocol, count: Int) async throws {
        for _ in 0..<count {
            try await client.execute(uri: "/api/v1/tickets", method: .post, body: body(#"{"queue": "general"}"#)) { #expect($0.status == .created) }
        }
        for _ in 0..<count {
            for step in ["call-next", "start", "finish"] {
                try await client.execute(uri: "/api/v1/windows/3/\(step)", method: .post) { #expect($0.status == .ok) }
            }
        }
    }

    static func press(_ client: some TestClientProtocol, window: String, level: Int) async throws {
        try await client.execute(uri: "/api/v1/simulator/keypads/\(window)", method: .post, body: body(#"{"level": \#(level)}"#)) {
            #expect($0.status == .ok)
        }
    }

    @Test(.timeLimit(.minutes(1))) func onePressOneReviewAtTheWindowThatFinished() async throws {
        let clock = TestClock()
        let (hall, _) = try makeTestHall(clock: { clock.read() }, simulatedKeypads: true)
        let app = HallApplication.build(hall: hall, host: "127.0.0.1", port: 0,
                                        services: hall.keypads.services + [KeypadReviewService(hall: hall)])
        try await app.test(.live) { client in
            var feed = hall.reviewFeed.events().makeAsyncIterator()
            func next() async throws -> ReviewFeed.Event {
                // What a press came to; the arming announced by each finish is not a press.
                while let event = await feed.next() { if event.armed == nil { return event } }
                throw TestFailure("the review feed ended")
            }
            await hall.keypads.keypad(window: "3")!.driver.waitUntil(connected: true)
            try await client.execute(uri: "/api/v1/windows/3/sign-in", method: .post,
                                     body: Self.body(#"{"staffID": "s003", "staffName": "王芳"}"#)) { #expect($0.status == .noContent) }
            try await Self.serve(client, count: 12)

            // Right after A012 is finished: one press, one review, linked to A012, window 3, 王芳.
            try await Self.press(client, window: "3", level: 5)
            let first = try await next()
            #expect(first.review?.ticketNumber == "A012")
            #expect(first.review?.windowID == "3" && first.review?.staffID == "s003" && first.review?.staffName == "王芳")
            #expect(first.review?.level == .verySatisfied && first.task == nil)

            // A second press stores nothing; a press at a window with no service is ignored.
            try await Self.press(client, window: "3", level: 1)
            #expect(try await next().ignored == .alreadyReviewed)
            try await Self.press(client, window: "4", level: 1)
            #expect(try await next().ignored == .notArmed)

            try await client.execute(uri: "/api/v1/reviews", method: .get) { response async throws in
                let reviews = try json(response.body)["reviews"] as? [[String: Any]] ?? []
                #expect(reviews.count == 1)
                #expect(reviews.first?["ticketNumber"] as? String == "A012")
                #expect(reviews.first?["channel"] as? String == "keypad")
            }
            try await client.execute(uri: "/api/v1/reviews/summary?by=window", method: .get) { response async throws in
                let summary = try json(response.body)
                #expect(summary["total"] as? Int == 1 && summary["satisfactionRate"] as? Double == 1.0)
                let ignored = summary["ignoredPresses"] as? [[String: Any]] ?? []
                #expect(ignored.count == 2)
            }

            // Too late: the next service is rated after keypadSeconds (120 s) have passed.
            try await Self.serve(client, count: 1)
            clock.advance(121)
            try await Self.press(client, window: "3", level: 4)
            #expect(try await next().ignored == .expired)

            // The keypad's cable pulled and plugged back: picked up without a restart.
            let keypad = try #require(hall.keypads.keypad(window: "3"))
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, body: Self.body(#"{"plugged": false}"#)) { #expect($0.status == .ok) }
            await keypad.driver.waitUntil(connected: false)
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, body: Self.body(#"{"level": 5}"#)) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/devices", method: .get) { response async throws in
                let keypads = try json(response.body)["keypads"] as? [[String: Any]] ?? []
                #expect(keypads.first { $0["id"] as? String == "window-3" }?["connected"] as? Bool == false)
            }
            try await client.execute(uri: "/api/v1/simulator/keypads/3", method: .post, body: Self.body(#"{"plugged": true}"#)) { #expect($0.status == .ok) }
            await keypad.driver.waitUntil(connected: true)
            try await Self.serve(client, count: 1)
            try await Self.press(client, window: "3", level: 2)
            let replugged = try await next()
            #expect(replugged.review?.ticketNumber == "A014" && replugged.review?.level == .dissatisfied)
            // Bad: a task for the hall (the ticket named no item), due 5 working days on:
            // 09-25..27 中秋, 09-28, 29, 30, 10-01..07 国庆, 10-08, 10-09.
            #expect(replugged.task?.dueDay == CivilDay("2026-10-09"))
            #expect(replugged.task?.state == .verifying)

            // The next citizen is called: the keypad no longer rates A014 (not "already reviewed": not armed at all).
            try await client.execute(uri: "/api/v1/tickets", method: .post, body: Self.body(#"{"queue": "general"}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/windows/3/call-next", method: .post) { #expect($0.status == .ok) }
            try await Self.press(client, window: "3", level: 5)
            #expect(try await next().ignored == .notArmed)
        }
    }

    @Test(.timeLimit(.minutes(1))) func badReviewLoopOverTheAPI() async throws {
        let clock = TestClock()
        let (hall, _) = try makeTestHall(clock: { clock.read() })
        let app = HallApplication.build(hall: hall, host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            // Two finished cases of a known applicant; an online review of the first, 非常不满意.
            var cases: [String] = []
            for _ in 0..<2 {
                let number = try await client.execute(uri: "/api/v1/cases", method: .post, body: Self.body(
                    #"{"by": "s001", "itemID": "social-security-card-application", "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}"#)) {
                    try json($0.body)["number"] as? String ?? ""
                }
                for (path, body) in [("materials", #"{"by": "s001", "checks": [{"materialID": "resident-id-card", "status": "present"}]}"#),
                                     ("decision", #"{"by": "s001", "decision": "accept"}"#),
                                     ("result", #"{"by": "d1", "itemID": "social-security-card-application", "outcome": "granted", "opinion": "准予"}"#)] {
                    try await client.execute(uri: "/api/v1/cases/\(number)/\(path)", method: .post, body: Self.body(body)) { #expect($0.status == .ok) }
                }
                cases.append(number)
            }
            try await client.execute(uri: "/api/v1/reviews", method: .post, body: Self.body(#"{"channel": "online", "level": 1, "caseNumber": "C20260924999X"}"#)) {
                #expect($0.status == .notFound)
            }
            let stored = try await client.execute(uri: "/api/v1/reviews", method: .post, body: Self.body(
                #"{"channel": "online", "level": 1, "caseNumber": "\#(cases[0])"}"#)) { response async throws in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try json(response.body)
            }
            let review = stored["review"] as? [String: Any] ?? [:]
            let task = (stored["task"] as? [String: Any])?["task"] as? [String: Any] ?? [:]
            let reviewID = try #require(review["id"] as? String), taskID = try #require(task["id"] as? String)
            #expect(task["dueDay"] as? String == "2026-10-09")
            #expect(task["department"] as? String == "人力资源和社会保障局" && review["realName"] as? Bool == true)

            // 一事一评: the same case cannot be rated twice.
            try await client.execute(uri: "/api/v1/reviews", method: .post, body: Self.body(
                #"{"channel": "online", "level": 5, "caseNumber": "\#(cases[0])"}"#)) {
                #expect($0.status == .conflict)
            }
            // The reasons chosen on the screen, from the hall's list only.
            try await client.execute(uri: "/api/v1/reviews/\(reviewID)/reasons", method: .post, body: Self.body(#"{"reasons": ["没有的理由"]}"#)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/reviews/\(reviewID)/reasons", method: .post, body: Self.body(#"{"reasons": ["等候时间长"]}"#)) {
                #expect($0.status == .ok)
            }

            func step(_ name: String, _ body: String, expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/review-tasks/\(taskID)/\(name)", method: .post, body: Self.body(body)) { response async throws in
                    #expect(response.status == status, "\(name): \(String(buffer: response.body))")
                    return try json(response.body)
                }
            }
            _ = try await step("rectify", #"{"by": "s001", "measures": "x"}"#, expect: .conflict)  // verify comes first
            _ = try await step("verify", #"{"by": "s001", "finding": "高峰等候 50 分钟，属实"}"#)
            _ = try await step("rectify", #"{"by": "s001", "measures": "高峰时段增开两个窗口"}"#)
            _ = try await step("answer", #"{"by": "s001", "reply": "已增开窗口"}"#, expect: .unprocessableContent)
            // Past its last day and still open: flagged overdue.
            clock.advance(16 * 86_400)
            try await client.execute(uri: "/api/v1/review-tasks?overdue=true", method: .get) { response async throws in
                #expect((try json(response.body)["tasks"] as? [Any])?.count == 1)
            }
            let closed = try await step("answer", #"{"by": "s001", "reply": "已增开窗口", "callBack": {"by": "s009", "outcome": "满意"}}"#)
            #expect((closed["task"] as? [String: Any])?["state"] as? String == "closed")
            #expect(closed["overdue"] as? Bool == false)
            let history = closed["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["action"] as? String } == ["open", "verify", "rectify", "answer"])
            #expect(history.last?["by"] as? String == "s001")

            // A second bad review is appealed and voided on re-check.
            let other = try await client.execute(uri: "/api/v1/reviews", method: .post, body: Self.body(
                #"{"channel": "online", "level": 2, "caseNumber": "\#(cases[1])"}"#)) {
                try json($0.body)
            }
            let otherTask = try #require(((other["task"] as? [String: Any])?["task"] as? [String: Any])?["id"] as? String)
            for (name, body, state) in [("appeal", #"{"by": "s001", "reason": "申请人来电说明按错"}"#, "appealed"),
                                        ("recheck", #"{"by": "sup01", "upheld": true, "reason": "误评，有通话记录"}"#, "voided")] {
                try await client.execute(uri: "/api/v1/review-tasks/\(otherTask)/\(name)", method: .post, body: Self.body(body)) { response async throws in
                    #expect(response.status == .ok)
                    #expect((try json(response.body)["task"] as? [String: Any])?["state"] as? String == state)
                }
            }
            // Bad input is named.
            try await client.execute(uri: "/api/v1/reviews", method: .post, body: Self.body(#"{"channel": "keypad", "level": 9}"#)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/review-tasks/\(otherTask)/close", method: .post, body: Self.body(#"{"by": "x"}"#)) {
                #expect($0.status == .notFound)
            }
            // The CSV export has both reviews, with the reason chosen.
            try await client.execute(uri: "/api/v1/reviews?format=csv", method: .get) { response in
                let csv = String(buffer: response.body)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.split(separator: "\r\n").count == 3)
                #expect(csv.contains(cases[0]) && csv.contains("等候时间长"))
            }
        }
    }
}
