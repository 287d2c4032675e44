import Foundation
import IntakeCore
import Testing

@Suite(.timeLimit(.minutes(5)))
/// One review per service, and the rectification loop of a bad one, as pure rules.
struct ReviewRulesTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    var subject: ReviewSubject {
        ReviewSubject(ticketID: "t1", ticketNumber: "A012", itemName: "综合受理", department: "政务服务中心", windowID: "3",
                      staffID: "s003", staffName: "王芳")
    }

    @Test func firstPressWithinTheTimeIsTheReview() {
        let arming = KeypadArming(windowID: "3", subject: subject, armedAt: t0, expiresAt: t0 + 120)
        guard case .review(let review, let used) = KeypadPressOutcome.decide(level: .satisfied, arming: arming, at: t0 + 5, reviewID: "r1") else {
            Issue.record("no review"); return
        }
        #expect(review.ticketNumber == "A012" && review.windowID == "3" && review.staffID == "s003" && review.level == .satisfied)
        #expect(review.channel == .keypad)
        #expect(used.reviewID == "r1")
        #expect(KeypadPressOutcome.decide(level: .verySatisfied, arming: used, at: t0 + 6, reviewID: "r2") == .ignored(.alreadyReviewed))
    }

    @Test func pressesWithNoServiceOrTooLateAreIgnored() {
        #expect(KeypadPressOutcome.decide(level: .satisfied, arming: nil, at: t0, reviewID: "r") == .ignored(.notArmed))
        let arming = KeypadArming(windowID: "3", subject: subject, armedAt: t0, expiresAt: t0 + 120)
        #expect(KeypadPressOutcome.decide(level: .satisfied, arming: arming, at: t0 + 121, reviewID: "r") == .ignored(.expired))
    }

    @Test func badLevels() {
        #expect(ReviewLevel.allCases.filter(\.isBad) == [.veryDissatisfied, .dissatisfied])
        #expect(ReviewLevel.verySatisfied.chineseName == "非常满意")
    }

    func task(realName: Bool = false) -> RectificationTask {
        RectificationTask(id: "k", reviewID: "r", department: "民政局", openedAt: t0, dueDay: CivilDay("2026-10-09")!, realName: realName)
    }

    @Test func wholeLoopToClosed() throws {
        var t = try RectificationTransitions.apply(.verify(finding: "等候 40 分钟属实"), to: task(), at: t0)
        #expect(t.state == .rectifying)
        t = try RectificationTransitions.apply(.rectify(measures: "高峰时段增开窗口"), to: t, at: t0)
        #expect(t.state == .answering)
        t = try RectificationTransitions.apply(.answer(reply: "已增开窗口", callBack: nil), to: t, at: t0 + 60)
        #expect(t.state == .closed && t.closedAt == t0 + 60)
        #expect(!t.isOverdue(today: CivilDay("2026-12-01")!))
    }

    @Test func realNameNeedsACallBack() throws {
        var t = try RectificationTransitions.apply(.verify(finding: "属实"), to: task(realName: true), at: t0)
        t = try RectificationTransitions.apply(.rectify(measures: "培训"), to: t, at: t0)
        #expect(throws: RectificationError.callBackRequired) { try RectificationTransitions.apply(.answer(reply: "已整改", callBack: nil), to: t, at: t0) }
        let closed = try RectificationTransitions.apply(.answer(reply: "已整改", callBack: CallBack(by: "s009", at: t0, outcome: "满意")), to: t, at: t0)
        #expect(closed.state == .closed && closed.callBack?.outcome == "满意")
    }

    @Test func appealVoidsOrResumes() throws {
        let appealed = try RectificationTransitions.apply(.appeal(reason: "按错键，本人来电说明"), to: task(), at: t0)
        #expect(appealed.state == .appealed)
        #expect(try RectificationTransitions.apply(.recheck(upheld: true, reason: "误评"), to: appealed, at: t0).state == .voided)
        #expect(try RectificationTransitions.apply(.recheck(upheld: false, reason: "评价属实"), to: appealed, at: t0).state == .rectifying)
        #expect(throws: RectificationError.notAllowed(action: "rectify", state: .appealed)) {
            try RectificationTransitions.apply(.rectify(measures: "x"), to: appealed, at: t0)
        }
        #expect(throws: RectificationError.emptyText(field: "reason")) { try RectificationTransitions.apply(.appeal(reason: " "), to: task(), at: t0) }
    }

    @Test func overdueFromTheDayAfterTheLastDay() {
        #expect(!task().isOverdue(today: CivilDay("2026-10-09")!))
        #expect(task().isOverdue(today: CivilDay("2026-10-10")!))
    }

    @Test func policyLimits() {
        #expect(ReviewPolicy(rectificationDays: 16).problems(file: "hall.json").contains { $0.field == "rectificationDays" })
        #expect(ReviewPolicy(keypadSeconds: 0).problems(file: "hall.json").contains { $0.field == "keypadSeconds" })
        #expect(ReviewPolicy().problems(file: "hall.json").isEmpty)
    }

    @Test func csvQuotesAndDefusesFormulas() {
        var r = subject.review(id: "r", channel: .keypad, level: .dissatisfied, at: t0)
        r.reasons = ["等候时间长", "办事效率低"]
        r.itemName = "=HYPERLINK(\"x\")"
        let csv = ReviewCSV.render([r]) { _ in CivilDay("2026-09-24")! }
        #expect(csv.hasPrefix("\u{FEFF}时间,"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(csv.contains("等候时间长；办事效率低"))
        #expect(csv.contains(",不满意,2,是,A012,"))
    }

    @Test func summaryRates() {
        let reviews = [ReviewLevel.verySatisfied, .satisfied, .dissatisfied, .verySatisfied].enumerated().map { i, level in
            var s = subject
            s.windowID = i < 3 ? "3" : "4"
            return s.review(id: "r\(i)", channel: .keypad, level: level, at: t0)
        }
        let groups = ReviewSummary.group(reviews, by: .window) { _ in "2026-09-24" }
        #expect(groups.map(\.key) == ["3", "4"])
        #expect(groups[0].total == 3 && groups[0].bad == 1 && groups[0].levels["5"] == 1)
        #expect(abs((groups[0].satisfactionRate ?? 0) - 2.0 / 3.0) < 1e-9)
    }
}
