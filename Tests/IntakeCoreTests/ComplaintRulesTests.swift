import Foundation
import HallServer
import IntakeCore
import Testing

/// Complaints as pure rules (seed 004 §10): numbers with their check digit, the filing's
/// checks, the states and who may move them, the answer free of personal data, the
/// deadline's cards on the 2026 working calendar, and the public view's allow-list.
@Suite(.timeLimit(.minutes(1)))
struct ComplaintRulesTests {
    static let calendar = try! HallFiles.loadLayout(path: nil, catalog: try! HallFiles.loadCatalog(path: nil)).workingCalendar
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let supervisor = SignedInStaff(account: StaffAccount(id: "supervisor1", name: "朱红", roles: [.supervisor]))
    let clerk = SignedInStaff(account: StaffAccount(id: "clerk3", name: "王芳", roles: [.clerk]), windowID: "3")

    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    func filing(content: String = "窗口工作人员态度生硬，多次让我补交指南以外的材料。") -> ComplaintFiling {
        ComplaintFiling(channel: .kiosk, type: .attitude, windowID: "3", staffID: "clerk3", content: content, demand: "要求整改并答复",
                        complainant: Complainant(name: "李小红", phone: "13812345678"))
    }

    func received(on d: String = "2026-12-04", policy: ComplaintPolicy = ComplaintPolicy(answerDays: 3, yellowDays: 2)) -> Complaint {
        filing().received(number: ComplaintNumber.make(day: day(d), sequence: 1), on: day(d), at: t0, by: "kiosk:kiosk-1",
                          staff: StaffMember(id: "clerk3", name: "王芳"), policy: policy, calendar: Self.calendar)
    }

    @Test func numbersCarryACheckDigitSoATypoFindsNothing() {
        let n = ComplaintNumber.make(day: day("2026-12-07"), sequence: 15)
        #expect(n.hasPrefix("TS202612070015") && n.count == 15)
        #expect(ComplaintNumber.normalized(" ts-" + n.dropFirst(2).lowercased()) == n)
        for i in 2..<n.count {
            var typo = Array(n)
            typo[i] = typo[i] == "1" ? "2" : "1"
            #expect(ComplaintNumber.normalized(String(typo)) == nil, "one wrong digit at \(i)")
        }
        var swapped = Array(n)
        swapped.swapAt(12, 13)  // "15" → "51"
        #expect(ComplaintNumber.normalized(String(swapped)) == nil, "two neighbours swapped")
        #expect(ComplaintNumber.normalized(CaseNumber.make(day: day("2026-12-07"), sequence: 15)) == nil, "a case number is no complaint number")
        #expect(ComplaintNumber.normalized("TS20261207") == nil)
    }

    @Test func aFilingNamesEachFieldAtFault() {
        let windows: Set = ["1", "2", "3"]
        #expect(filing().tidied.problems(byStaff: false, windows: windows, staff: StaffMember(id: "clerk3", name: "王芳")).isEmpty)
        var f = ComplaintFiling(channel: .phone, type: .other, windowID: "99", staffID: "nobody", content: "  ", demand: "",
                                complainant: Complainant(name: "", phone: "12-3"))
        f = f.tidied
        let fields = f.problems(byStaff: false, windows: windows, staff: nil).map(\.field)
        #expect(fields == ["channel", "window", "staffID", "content", "demand", "phone"])
        #expect(f.complainant.name == nil, "a blank name is no name")
        let noTarget = ComplaintFiling(channel: .letter, type: .fees, content: "多收了费用", demand: "退还")
        #expect(noTarget.problems(byStaff: true, windows: windows, staff: nil).map(\.field) == ["unit"])
        #expect(ComplaintFiling(channel: .online, type: .fees, unit: "不动产登记中心", content: "多收了费用", demand: "退还")
            .problems(byStaff: false, windows: windows, staff: nil).isEmpty)
    }

    @Test func statesInOrderEachWithWhoAndWhen() throws {
        var c = received()
        #expect(c.state == .received && c.received.by == "kiosk:kiosk-1")
        #expect(throws: ComplaintError.notAllowed(action: "answer", state: .received)) {
            try ComplaintTransitions.apply(.answer(ComplaintAnswer(result: "r", measures: "m", upheld: true)), to: c, at: t0, by: supervisor)
        }
        #expect(throws: ComplaintError.notSupervisor) { try ComplaintTransitions.apply(.investigate, to: c, at: t0, by: clerk) }
        var both = clerk
        both.account.roles.insert(.supervisor)
        #expect(throws: ComplaintError.ownComplaint) { try ComplaintTransitions.apply(.investigate, to: c, at: t0, by: both) }
        #expect(throws: ComplaintError.notAllowed(action: "publish", state: .received)) {
            try ComplaintTransitions.apply(.publish, to: c, at: t0, by: supervisor)
        }
        c = try ComplaintTransitions.apply(.investigate, to: c, at: t0.addingTimeInterval(60), by: supervisor)
        #expect(c.state == .investigating && c.investigating == ComplaintStep(at: t0.addingTimeInterval(60), by: "supervisor1"))
        c = try ComplaintTransitions.apply(.answer(ComplaintAnswer(result: " 经核实，投诉属实。 ", measures: "对窗口人员批评教育，重新培训一次性告知。", upheld: true)),
                                           to: c, at: t0.addingTimeInterval(120), by: supervisor)
        #expect(c.state == .answered && c.answer?.result == "经核实，投诉属实。" && c.answered?.by == "supervisor1")
        c = try ComplaintTransitions.apply(.publish, to: c, at: t0.addingTimeInterval(180), by: supervisor)
        #expect(c.isPublished)
        #expect(throws: ComplaintError.alreadyPublished) { try ComplaintTransitions.apply(.publish, to: c, at: t0, by: supervisor) }
        c = try ComplaintTransitions.apply(.close, to: c, at: t0.addingTimeInterval(240), by: supervisor)
        #expect(c.state == .closed && c.closed?.at == t0.addingTimeInterval(240))
        #expect(throws: ComplaintError.notAllowed(action: "close", state: .closed)) { try ComplaintTransitions.apply(.close, to: c, at: t0, by: supervisor) }
    }

    @Test func anAnswerWithPersonalDataIsRefused() throws {
        let c = try ComplaintTransitions.apply(.investigate, to: received(), at: t0, by: supervisor)
        func refusal(_ result: String, _ measures: String = "加强培训") -> ComplaintError? {
            do {
                _ = try ComplaintTransitions.apply(.answer(ComplaintAnswer(result: result, measures: measures, upheld: false)), to: c, at: t0, by: supervisor)
                return nil
            } catch { return error }
        }
        #expect(refusal("已电话联系 138 1234 5678 说明情况") == .personalData("result", "a mobile number"))
        #expect(refusal("申请人 44030719880229444X 的材料已补正") == .personalData("result", "an ID number"))
        #expect(refusal("已答复", "对王芳批评教育") == .personalData("measures", "the name of a person concerned"))
        #expect(refusal("已答复李小红") == .personalData("result", "the name of a person concerned"))
        #expect(refusal("  ") == .emptyText("result"))
        #expect(refusal("办件 C2026120400015 已于 2026-12-07 办结，投诉 TS2026120400015 已答复") == nil, "case and complaint numbers and dates are no personal data")
    }

    @Test func yellowAndRedCardsFallOnWorkingDaysOverAWeekend() {
        // Received Friday 2026-12-04, 3 working days: Monday, Tuesday, due Wednesday 12-09.
        let c = received(on: "2026-12-04")
        #expect(c.answerDue == day("2026-12-09"))
        let policy = ComplaintPolicy(answerDays: 3, yellowDays: 2)
        func at(_ d: String) -> ComplaintDeadline { ComplaintDeadline.of(c, today: day(d), policy: policy, calendar: Self.calendar) }
        #expect(at("2026-12-05").card == .none && at("2026-12-05").daysLeft == 3, "Saturday counts for nothing")
        #expect(at("2026-12-07").card == .none && at("2026-12-07").daysLeft == 2)
        #expect(at("2026-12-08").card == .yellow && at("2026-12-08").daysLeft == 1)
        #expect(at("2026-12-09").card == .yellow && at("2026-12-09").daysLeft == 0)
        #expect(at("2026-12-10").card == .red && at("2026-12-10").daysLeft == -1)
        var answered = c
        answered.state = .answered
        #expect(ComplaintDeadline.of(answered, today: day("2026-12-10"), policy: policy, calendar: Self.calendar).card == .none)
    }

    @Test func theNationalHolidayAndItsMakeUpSaturdayCountAsTheCalendarSays() {
        // Received Monday 2026-09-28, 5 working days: 9-29, 9-30, (国庆 10-01…07), 10-08, 10-09, Saturday 10-10 (a make-up working day).
        let policy = ComplaintPolicy(answerDays: 5, yellowDays: 2)
        let c = received(on: "2026-09-28", policy: policy)
        #expect(c.answerDue == day("2026-10-10"))
        func card(_ d: String) -> DeadlineCard { ComplaintDeadline.of(c, today: day(d), policy: policy, calendar: Self.calendar).card }
        #expect(card("2026-10-05") == .none, "three working days are left over the holiday")
        #expect(card("2026-10-08") == .none)
        #expect(card("2026-10-09") == .yellow)
        #expect(card("2026-10-10") == .yellow)
        #expect(card("2026-10-11") == .red)
        #expect(ComplaintPolicy(answerDays: 0, yellowDays: 2).problems(file: "hall.json").map(\.field) == ["answerDays", "yellowDays"])
    }

    @Test func thePublicViewHoldsNoPersonalField() throws {
        var c = try ComplaintTransitions.apply(.investigate, to: received(), at: t0, by: supervisor)
        c = try ComplaintTransitions.apply(.answer(ComplaintAnswer(result: "投诉属实", measures: "窗口人员重新培训", upheld: true)), to: c, at: t0, by: supervisor)
        let unpublished = ComplaintPublicView(c)
        #expect(unpublished.result == "投诉属实" && unpublished.measures == nil, "measures only once published")
        c = try ComplaintTransitions.apply(.publish, to: c, at: t0, by: supervisor)
        let view = ComplaintPublicView(c)
        #expect(view.measures == "窗口人员重新培训" && view.number == c.number && view.state == .answered)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(view), as: UTF8.self)
        for secret in ["李小红", "13812345678", "王芳", "clerk3", "supervisor1", "kiosk-1", "态度生硬", "要求整改"] {
            #expect(!json.contains(secret), "\(secret) is not in the public view: \(json)")
        }
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys
        #expect(Set(keys) == ["number", "type", "typeName", "state", "stateName", "receivedOn", "answerDue", "answeredAt", "result", "measures", "publishedAt"])
    }
}
