import Foundation
import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeStore
import Logging
import Testing

/// Complaints over the API (seed 004 §10) on the demo hall, its clock set by hand to Friday
/// 2026-12-04 09:00 in Asia/Shanghai: filed at the kiosk about window 3 and its clerk,
/// looked up by number with no personal data, investigated, answered, published and closed
/// by a supervisor; the cards as the working days pass; the refusals with their status.
@Suite("Complaints API", .timeLimit(.minutes(5)))
struct ComplaintAPITests {
    static let friday9 = ISO8601DateFormatter().date(from: "2026-12-04T09:00:00+08:00")!
    static let content = "三号窗口工作人员态度生硬，要求我补交指南以外的材料。"
    static let demand = "要求整改并书面答复"
    static let filing = #"{"type": "attitude", "window": "3", "staffID": "clerk3", "content": "\#(content)", "demand": "\#(demand)", "name": "李小红", "phone": "13912345678"}"#

    func app(clock: ManualClock, rateLimited: Bool = false) async throws -> (Hall, some ApplicationProtocol) {
        var access = HallAccessSettings()
        if !rateLimited { access.complaintsPerMinute = 0 }  // these tests make many requests from one address on purpose
        let (hall, _) = try await makeTestHall(clock: clock.read, access: access)
        return (hall, try HallApplication.build(hall: hall, host: "127.0.0.1", port: 0, simulator: false))
    }

    @Test func lifecycleFromTheKioskToThePublishedMeasures() async throws {
        let clock = ManualClock(Self.friday9)
        let (hall, app) = try await app(clock: clock)
        let kiosk = try await hall.kioskToken()
        let supervisor = try await hall.session("supervisor1")
        let clerk = try await hall.session("clerk3", window: "3")
        try await app.test(.router) { client in
            let filed = try await client.execute(uri: "/api/v1/complaints", method: .post, as: kiosk, body: Self.filing) {
                #expect($0.status == .created, "\(String(buffer: $0.body))")
                return try json($0.body)
            }
            let number = try #require(filed["number"] as? String)
            #expect(ComplaintNumber.normalized(number) == number && number.hasPrefix("TS20261204"))
            #expect(filed["state"] as? String == "received" && filed["answerDue"] as? String == "2026-12-18", "10 working days after Friday")

            func lookup() async throws -> (String, [String: Any]) {
                try await client.execute(uri: "/api/v1/complaints/\(number)", method: .get, as: nil) {
                    #expect($0.status == .ok)
                    return (String(buffer: $0.body), try json($0.body))
                }
            }
            let (body, view) = try await lookup()
            for personal in ["李小红", "13912345678", "139****5678", Self.content, Self.demand, "王芳", "clerk3", "kiosk"] {
                #expect(!body.contains(personal), "the public lookup shows no \(personal): \(body)")
            }
            #expect(view["stateName"] as? String == "已受理" && view["measures"] == nil)

            // The supervisor's list: masked, linked to the window and the clerk, with its card.
            let list = try await client.execute(uri: "/api/v1/complaints?state=received", method: .get, as: supervisor) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("李小红") && !String(buffer: response.body).contains(Self.content))
                return try json(response.body)["complaints"] as? [[String: Any]] ?? []
            }
            let row = try #require(list.first)
            #expect(row["number"] as? String == number && row["windowID"] as? String == "3" && row["staffID"] as? String == "clerk3")
            #expect(row["staffName"] as? String == "王芳" && row["complainant"] as? String == "李**" && row["channel"] as? String == "kiosk")
            #expect(row["card"] as? String == "none" && row["daysLeft"] as? Int == 10)

            // In full: audited before it is answered.
            let full = try await client.execute(uri: "/api/v1/complaints/\(number)/full", method: .get, as: supervisor) { try json($0.body) }
            let complaint = try #require(full["complaint"] as? [String: Any])
            #expect((complaint["complainant"] as? [String: Any])?["phone"] as? String == "13912345678" && complaint["content"] as? String == Self.content)
            let audit = try await hall.accounts.store.auditEntries(staffID: "supervisor1")
            #expect(audit.contains { $0.what == "complaint" && $0.detail == number })

            // Only supervisors take the steps, in order.
            try await client.execute(uri: "/api/v1/complaints/\(number)/investigate", method: .post, as: clerk) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/complaints/\(number)/full", method: .get, as: nil) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/complaints/\(number)/close", method: .post, as: supervisor) {
                #expect($0.status == .conflict && String(buffer: $0.body).contains("transition_not_allowed"))
            }
            clock.advance(days: 1)
            let supervisor = try await hall.session("supervisor1")  // a session of the new day
            let investigating = try await client.execute(uri: "/api/v1/complaints/\(number)/investigate", method: .post, as: supervisor) {
                #expect($0.status == .ok)
                return try json($0.body)
            }
            #expect(investigating["state"] as? String == "investigating")
            let leaky = #"{"result": "已电话联系13912345678", "measures": "批评教育", "upheld": true}"#
            try await client.execute(uri: "/api/v1/complaints/\(number)/answer", method: .post, as: supervisor, body: leaky) {
                #expect($0.status == .unprocessableContent && String(buffer: $0.body).contains("personal_data"))
            }
            let answer = #"{"result": "经调查投诉属实", "measures": "对窗口人员批评教育，全员重新培训一次性告知制度", "upheld": true}"#
            try await client.execute(uri: "/api/v1/complaints/\(number)/answer", method: .post, as: supervisor, body: answer) { #expect($0.status == .ok) }
            #expect(try await lookup().1["measures"] == nil, "measures are shown once published")
            #expect(try await lookup().1["result"] as? String == "经调查投诉属实")
            try await client.execute(uri: "/api/v1/complaints/\(number)/publish", method: .post, as: supervisor) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/complaints/\(number)/publish", method: .post, as: supervisor) {
                #expect($0.status == .conflict && String(buffer: $0.body).contains("already_published"))
            }
            try await client.execute(uri: "/api/v1/complaints/\(number)/close", method: .post, as: supervisor) { #expect($0.status == .ok) }
            let (after, published) = try await lookup()
            #expect(published["state"] as? String == "closed" && published["measures"] as? String == "对窗口人员批评教育，全员重新培训一次性告知制度")
            #expect(!after.contains("李小红") && !after.contains("王芳") && !after.contains("supervisor1"))
            let stored = try #require(try await hall.complaints.store.find(number: number))
            #expect(stored.investigating?.by == "supervisor1" && stored.closed?.at == clock.read() && stored.received.by == "kiosk:kiosk-1")
            #expect(try await hall.complaints.store.about(staffID: "clerk3").map(\.number) == [number], "linked to the clerk for §12.3.6")
        }
    }

    /// §12.3.6a: the complainant rates the result with the number and the six-digit code given
    /// only to them at filing, once, after the answer; the day's report counts the satisfied
    /// among the rated. The number alone (a day and a sequence, guessable) rates nothing.
    @Test func theComplainantRatesTheResultOnceWithTheirCodeAndTheReportCountsIt() async throws {
        let clock = ManualClock(Self.friday9)
        let (hall, app) = try await app(clock: clock)
        let supervisor = try await hall.session("supervisor1")
        try await app.test(.router) { client in
            func file() async throws -> (number: String, code: String) {
                try await client.execute(uri: "/api/v1/complaints", method: .post, as: nil, body: Self.filing) {
                    let filed = try json($0.body)
                    return (try #require(filed["number"] as? String), try #require(filed["ratingCode"] as? String))
                }
            }
            func rate(_ number: String, _ satisfied: Bool, code: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: "/api/v1/complaints/\(number)/rating", method: .post, as: nil,
                                         body: #"{"satisfied": \#(satisfied), "code": "\#(code)"}"#) { ($0.status, String(buffer: $0.body)) }
            }
            let first = try await file(), second = try await file()
            #expect(first.code.count == 6 && first.code.allSatisfy(\.isNumber) && first.code != second.code)
            let early = try await rate(first.number, true, code: first.code)
            #expect(early.0 == .conflict && early.1.contains("transition_not_allowed"), "no rating before the answer: \(early.1)")
            for number in [first.number, second.number] {
                let lookup = try await client.execute(uri: "/api/v1/complaints/\(number)", method: .get, as: nil) { String(buffer: $0.body) }
                #expect(!lookup.contains("ratingCode") && !lookup.contains(first.code), "the lookup never shows the code")
                try await client.execute(uri: "/api/v1/complaints/\(number)/investigate", method: .post, as: supervisor) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/complaints/\(number)/answer", method: .post, as: supervisor,
                                         body: #"{"result": "已核实", "measures": "加强培训", "upheld": false}"#) { #expect($0.status == .ok) }
            }
            let full = try await client.execute(uri: "/api/v1/complaints/\(first.number)/full", method: .get, as: supervisor) { String(buffer: $0.body) }
            #expect(!full.contains("ratingCode"), "not even the supervisor reads the code back")
            let guessed = try await rate(first.number, false, code: first.code == "000000" ? "000001" : "000000")
            #expect(guessed.0 == .forbidden && guessed.1.contains("wrong_rating_code"), "the number alone rates nothing: \(guessed.1)")
            let rated = try await rate(first.number, true, code: first.code)
            #expect(rated.0 == .ok && rated.1.contains(#""satisfied":true"#) && !rated.1.contains("李小红"), "\(rated.1)")
            let again = try await rate(first.number, false, code: first.code)
            #expect(again.0 == .conflict && again.1.contains("already_rated"), "once only: \(again.1)")
            #expect(try await rate(second.number, false, code: second.code).0 == .ok)
            let bad = try await client.execute(uri: "/api/v1/complaints/\(second.number)/rating", method: .post, as: nil,
                                               body: #"{"satisfied": "yes"}"#) { $0.status }
            #expect(bad == .badRequest)

            let report = try await client.execute(uri: "/api/v1/reports/day?date=2026-12-04", method: .get, as: supervisor) { try json($0.body) }
            let complaints = try #require((report["hall"] as? [String: Any])?["complaints"] as? [String: Any])
            let satisfaction = try #require(complaints["resultSatisfaction"] as? [String: Any])
            #expect(satisfaction["numerator"] as? Int == 1 && satisfaction["denominator"] as? Int == 2, "\(complaints)")
        }
    }

    @Test func cardsTurnYellowThenRedOnWorkingDays() async throws {
        let clock = ManualClock(Self.friday9)
        let (hall, app) = try await app(clock: clock)
        try await app.test(.router) { client in
            let body = #"{"type": "efficiency", "unit": "不动产登记中心", "content": "等了三个小时", "demand": "尽快办理"}"#
            let filed = try await client.execute(uri: "/api/v1/complaints", method: .post, as: nil, body: body) {
                #expect($0.status == .created)
                return try json($0.body)
            }
            #expect(filed["answerDue"] as? String == "2026-12-18")
            func row() async throws -> [String: Any] {
                // A session of the day the clock stands at: a day apart, the earlier one has ended.
                try await client.execute(uri: "/api/v1/complaints", method: .get, as: try await hall.session("supervisor1")) {
                    try #require((try json($0.body)["complaints"] as? [[String: Any]])?.first)
                }
            }
            clock.advance(days: 12)  // Wednesday 12-16: Thursday and Friday left
            var r = try await row()
            #expect(r["card"] as? String == "none" && r["daysLeft"] as? Int == 2)
            clock.advance(days: 1)   // Thursday 12-17
            r = try await row()
            #expect(r["card"] as? String == "yellow" && r["cardName"] as? String == "黄牌预警")
            clock.advance(days: 2)   // Saturday 12-19
            r = try await row()
            #expect(r["card"] as? String == "red" && r["daysLeft"] as? Int == 0, "Saturday is no working day")
            clock.advance(days: 2)   // Monday 12-21
            r = try await row()
            #expect(r["daysLeft"] as? Int == -1 && r["channel"] as? String == "online")
            // A year on, the unfiltered list is the last 365 days'; the state's list still has it.
            clock.advance(days: 366)
            let token = try await hall.session("supervisor1")
            let all = try await client.execute(uri: "/api/v1/complaints", method: .get, as: token) { try json($0.body)["complaints"] as? [Any] }
            let received = try await client.execute(uri: "/api/v1/complaints?state=received", method: .get, as: token) {
                try json($0.body)["complaints"] as? [[String: Any]]
            }
            #expect(all?.isEmpty == true && received?.first?["card"] as? String == "red")
        }
    }

    @Test func staffEnterPhoneCallsAndLettersOnly() async throws {
        let (hall, app) = try await app(clock: ManualClock(Self.friday9))
        let clerk = try await hall.session("clerk4", window: "4")
        try await app.test(.router) { client in
            let phone = #"{"channel": "phone", "type": "fees", "unit": "市场监督管理局", "content": "多收了工本费", "demand": "退还", "phone": "0477-8581234"}"#
            let number = try await client.execute(uri: "/api/v1/complaints/by-staff", method: .post, as: clerk, body: phone) {
                #expect($0.status == .created, "\(String(buffer: $0.body))")
                return try json($0.body)["number"] as? String
            }
            let filed = try #require(number)
            let stored = try #require(try await hall.complaints.store.find(number: filed))
            #expect(stored.channel == .phone && stored.received.by == "clerk4" && stored.complainant.phone == "04778581234")
            let kiosk = #"{"channel": "kiosk", "type": "fees", "unit": "市场监督管理局", "content": "x", "demand": "y"}"#
            try await client.execute(uri: "/api/v1/complaints/by-staff", method: .post, as: clerk, body: kiosk) {
                #expect($0.status == .badRequest && String(buffer: $0.body).contains("channel"))
            }
            try await client.execute(uri: "/api/v1/complaints/by-staff", method: .post, as: nil, body: phone) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func aBadBodyIsAClear400() async throws {
        let (_, app) = try await app(clock: ManualClock(Self.friday9))
        try await app.test(.router) { client in
            func message(_ body: String) async throws -> String {
                try await client.execute(uri: "/api/v1/complaints", method: .post, as: nil, body: body) {
                    #expect($0.status == .badRequest, "\(body)")
                    let error = try json($0.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "invalid_request")
                    return error?["message"] as? String ?? ""
                }
            }
            #expect(try await message("{not json").contains("not valid JSON"))
            #expect(try await message(#"{"type": "attitude", "window": "3", "demand": "答复"}"#).contains("missing field \"content\""))
            #expect(try await message(#"{"type": "rude", "window": "3", "content": "x", "demand": "y"}"#).contains("type"))
            #expect(try await message(#"{"type": "attitude", "window": 3, "content": "x", "demand": "y"}"#).contains("field \"window\" must be a string"))
            let both = try await message(#"{"type": "attitude", "window": "99", "content": " ", "demand": "y", "phone": "abc"}"#)
            #expect(both.contains("window: the hall has no window \"99\"") && both.contains("content:") && both.contains("phone:"), "\(both)")
        }
    }

    @Test func anUnknownOrMistypedNumberFindsNothing() async throws {
        let (hall, app) = try await app(clock: ManualClock(Self.friday9))
        let supervisor = try await hall.session("supervisor1")
        try await app.test(.router) { client in
            let unknown = ComplaintNumber.make(day: CivilDay("2026-12-04")!, sequence: 99)
            try await client.execute(uri: "/api/v1/complaints/\(unknown)", method: .get, as: nil) {
                #expect($0.status == .notFound && String(buffer: $0.body).contains("not_found"))
            }
            let number = try await client.execute(uri: "/api/v1/complaints", method: .post, as: nil,
                                                  body: #"{"type": "other", "unit": "税务局", "content": "x", "demand": "y"}"#) {
                try #require(try json($0.body)["number"] as? String)
            }
            var typo = Array(number)
            typo[13] = typo[13] == "1" ? "2" : "1"
            try await client.execute(uri: "/api/v1/complaints/\(String(typo))", method: .get, as: nil) {
                #expect($0.status == .badRequest && String(buffer: $0.body).contains("invalid_number"))
            }
            try await client.execute(uri: "/api/v1/complaints/\(unknown)/investigate", method: .post, as: supervisor) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/complaints?state=lost", method: .get, as: supervisor) { #expect($0.status == .badRequest) }
        }
    }

    @Test func theLogHoldsNumbersAndIDsButNoPersonalData() async throws {
        let lines = RecordedLog()
        let catalog = try HallFiles.loadCatalog(path: nil)
        let hall = try Hall(writer: try HallDatabase.inMemory(), catalog: catalog, layout: try HallFiles.loadLayout(path: nil, catalog: catalog),
                            logger: Logger(label: "test") { _ in lines }, clock: { Self.friday9 })
        try await DemoAccounts.install(in: hall.accounts.store, department: HallAssembly.demoDepartment, at: Self.friday9)
        let filing = ComplaintFiling(channel: .kiosk, type: .attitude, windowID: "3", staffID: "clerk3", content: Self.content, demand: Self.demand,
                                     complainant: Complainant(name: "李小红", phone: "13912345678"))
        let c = try await hall.complaints.file(filing, byStaff: false, by: "kiosk:kiosk-1")
        let supervisor = SignedInStaff(account: StaffAccount(id: "supervisor1", name: "朱红", roles: [.supervisor]))
        _ = try await hall.complaints.act(number: c.number, .investigate, by: supervisor)
        _ = try await hall.complaints.act(number: c.number, .answer(ComplaintAnswer(result: "属实", measures: "重新培训", upheld: true)), by: supervisor)
        _ = try await hall.complaints.full(number: c.number, for: supervisor)
        let text = lines.text
        #expect(text.contains(ComplaintNumber.masked(c.number)) && text.contains("clerk3") && text.contains("Complaint changed"))
        for personal in [c.number, "李小红", "13912345678", Self.content, Self.demand, "王芳", "属实", "重新培训"] {
            #expect(!text.contains(personal), "the log holds no \(personal)")
        }
    }

    @Test func filingIsRateLimitedPerClient() async throws {
        let (_, app) = try await app(clock: ManualClock(Self.friday9), rateLimited: true)
        try await app.test(.router) { client in
            let body = #"{"type": "other", "unit": "税务局", "content": "x", "demand": "y"}"#
            var statuses: [HTTPResponse.Status] = []
            // The default 10 a minute lets a burst of 5 through at once, on a clock that stands still.
            for _ in 0..<6 {
                statuses.append(try await client.execute(uri: "/api/v1/complaints", method: .post, as: nil, body: body) { $0.status })
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .created } && statuses.last == .tooManyRequests, "\(statuses)")
            try await client.execute(uri: "/api/v1/complaints/TS2026120400011", method: .get, as: nil) {
                #expect($0.status == .tooManyRequests && String(buffer: $0.body).contains("rate_limited"))
            }
        }
    }
}
