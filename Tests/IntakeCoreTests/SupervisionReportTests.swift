import Foundation
@testable import IntakeCore
import Testing

/// The supervision report (seed 004 §12.3.4–§12.3.6; docs/METRICS.md) of December 2026 for a
/// small hall worked out by hand: three items of two departments, seven cases with every
/// kind of ending, three tickets, reviews with a rectification, and two complaints.
@Suite("Supervision report")
struct SupervisionReportTests {
    static let calendar = HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    static func at(_ day: String, _ time: String = "10:00") -> Date {
        ISO8601DateFormatter().date(from: "\(day)T\(time):00+08:00")!
    }

    static func day(_ text: String) -> CivilDay { CivilDay(text)! }

    static func catalog() throws -> Catalog {
        var a = item("a", code: "000000000001"); a.department = "公安"
        var b = item("b", code: "000000000002"); b.department = "公安"; b.acceptedInHall = false
        var c = item("c", code: "000000000003"); c.department = "民政"; c.caseType = .immediate; c.promisedLimitDays = 0; c.legalLimitDays = 0
        return try Catalog(items: [a, b, c], bundles: [])
    }

    /// A case of item A (promised 2, legal 5 working days) or C (immediate), with its events.
    static func makeCase(_ n: Int, item: String = "A", window: String = "1", clerk: String = "clerk1", accepted: String?,
                         _ steps: [(CaseState, String)], configure: (inout ServiceCase) -> Void = { _ in }) -> (ServiceCase, [CaseEvent]) {
        let department = item == "C" ? "民政" : "公安"
        let limits = item == "C" ? (0, 0) : (2, 5)
        var c = ServiceCase(id: "case-\(n)", number: "C\(n)", itemID: item.lowercased(), title: "事项\(item)", caseType: item == "C" ? .immediate : .promised,
                            leadDepartment: department, windowID: window, openedBy: clerk, openedAt: at(accepted ?? steps.first!.1, "09:00"),
                            subCases: [SubCase(itemID: item.lowercased(), itemName: "事项\(item)", department: department, promisedLimitDays: limits.0,
                                               legalLimitDays: limits.1)])
        c.acceptedOn = accepted.map(day)
        var events: [CaseEvent] = []
        var from: CaseState? = .received
        if let accepted {
            events.append(CaseEvent(caseID: c.id, action: "accept", from: .received, to: .accepted, by: clerk, at: at(accepted), detail: nil))
            from = .accepted
        }
        for (state, when) in steps {
            events.append(CaseEvent(caseID: c.id, action: state.rawValue, from: from, to: state, by: clerk, at: at(when, "15:00"), detail: nil))
            from = state
        }
        c.state = from ?? .received
        configure(&c)
        return (c, events)
    }

    static func report() throws -> SupervisionReport {
        let cases = [
            makeCase(1, accepted: "2026-12-01", [(.awaitingPickup, "2026-12-03"), (.completed, "2026-12-04")]),
            makeCase(2, accepted: "2026-12-01", [(.awaitingPickup, "2026-12-07"), (.completed, "2026-12-08")]),
            makeCase(3, item: "C", window: "2", clerk: "clerk2", accepted: "2026-12-02", [(.awaitingPickup, "2026-12-02")]),
            makeCase(4, accepted: nil, [(.refused, "2026-12-04")]) { c in
                c.refusal = Refusal(reasons: ["不属于本机关职权范围"], legalBasis: "《行政许可法》第三十二条", by: "clerk1", on: day("2026-12-04"))
            },
            // A refusal with no reasons that slipped past the core's rule: counted anyway.
            makeCase(5, accepted: nil, [(.refused, "2026-12-04")]) { c in
                c.refusal = Refusal(reasons: [" "], legalBasis: "x", by: "clerk1", on: day("2026-12-04"))
            },
            makeCase(6, accepted: "2026-12-07", []),
            makeCase(7, accepted: "2026-12-08", [(.suspended, "2026-12-08")]) { c in
                c.clockStops = [ClockStop(reason: "", from: day("2026-12-08"))]
            },
        ]
        func ticket(_ id: String, issued: String, state: TicketState, window: String?, _ events: [(TicketAction.Kind, String, String?)]) -> (Ticket, [TicketEvent]) {
            let t = Ticket(id: id, number: id, queueID: "general", serviceDay: "2026-12-01", sequence: 1, state: state, itemID: "a",
                           issuedAt: at("2026-12-01", issued), windowID: window)
            return (t, events.map { kind, time, staff in
                TicketEvent(ticketID: id, kind: kind, from: nil, to: state, at: at("2026-12-01", time), windowID: window, queueID: "general", staffID: staff)
            })
        }
        let tickets = [
            ticket("A001", issued: "09:00", state: .done, window: "1", [(.issue, "09:00", nil), (.call, "09:05", "clerk1"), (.start, "09:06", "clerk1"),
                                                                      (.finish, "09:10", "clerk1")]),
            ticket("A002", issued: "09:01", state: .noShow, window: "2", [(.issue, "09:01", nil), (.call, "09:20", "clerk2"), (.noShow, "09:30", "clerk2")]),
            ticket("A003", issued: "10:00", state: .waiting, window: nil, [(.issue, "10:00", nil)]),
        ]
        let reviews = [
            Review(id: "r1", itemName: "事项A", department: "公安", windowID: "1", staffID: "clerk1", staffName: "张一", channel: .keypad,
                   level: .verySatisfied, at: at("2026-12-01")),
            Review(id: "r2", itemName: "事项C", department: "民政", windowID: "2", staffID: "clerk2", staffName: "李二", channel: .keypad,
                   level: .veryDissatisfied, at: at("2026-12-02")),
            Review(id: "r0", itemName: "事项A", department: "公安", windowID: "1", staffID: "clerk1", channel: .keypad, level: .veryDissatisfied,
                   at: at("2026-11-30")),
        ]
        var task = RectificationTask(id: "t2", reviewID: "r2", department: "民政", openedAt: at("2026-12-02"), dueDay: day("2026-12-09"), realName: false)
        task.state = .closed; task.closedAt = at("2026-12-03")
        func complaint(_ number: String, received: String, unit: String, window: String?, staff: String?, due: String, answered: String,
                       upheld: Bool, closed: Bool) -> Complaint {
            Complaint(number: number, channel: .kiosk, type: .attitude, unit: unit, windowID: window, staffID: staff, staffName: nil,
                      content: "x", demand: "y", complainant: Complainant(), state: closed ? .closed : .answered, receivedOn: day(received),
                      answerDue: day(due), received: ComplaintStep(at: at(received), by: "online"), investigating: nil,
                      answered: ComplaintStep(at: at(answered), by: "supervisor1"), closed: closed ? ComplaintStep(at: at(answered), by: "supervisor1") : nil,
                      answer: ComplaintAnswer(result: "r", measures: "m", upheld: upheld), published: nil)
        }
        let records = SupervisionRecords(
            tickets: tickets.map(\.0), ticketEvents: tickets.flatMap(\.1), cases: cases.map(\.0), caseEvents: cases.flatMap(\.1),
            reviews: reviews, tasks: [task],
            complaints: [complaint("K1", received: "2026-12-03", unit: "公安", window: "1", staff: "clerk1", due: "2026-12-10", answered: "2026-12-09",
                                   upheld: true, closed: true),
                         complaint("K2", received: "2026-12-04", unit: "民政", window: nil, staff: nil, due: "2026-12-11", answered: "2026-12-14",
                                   upheld: false, closed: false)])
        let context = SupervisionContext(catalog: try catalog(), calendar: calendar, workingCalendar: WorkingCalendar(),
                                         windowNames: ["1": "综合窗口", "2": "综合窗口"], staffNames: ["clerk1": "张一"])
        return SupervisionReport.compute(records, period: ReportPeriod.month("2026-12")!, today: day("2027-01-05"), context: context)
    }

    @Test func efficiencyFiguresOfTheHallAndItsDepartments() throws {
        let r = try Self.report()
        #expect(r.label == "2026-12" && r.period.first == Self.day("2026-12-01") && r.period.last == Self.day("2026-12-31"))
        let e = r.hall.efficiency
        // A and C have entered the hall, B not.
        #expect(e.concentration == Rate(2, of: 3))
        // Accepted in December: C1, C2, C3, C6, C7; C3 is the immediate one.
        #expect(e.accepted == 5 && e.immediate == Rate(1, of: 5))
        // Finished: C1 on its promised day (12-03), C2 on 12-07 after it (legal 12-08 kept), C3 the same day.
        #expect(e.finished == 3 && e.onTimePromised == Rate(2, of: 3) && e.onTimeLegal == Rate(3, of: 3))
        #expect(e.online == Rate(0, of: 3) && e.online.value == 0)
        #expect(r.notes.contains { $0.contains("网上办结率为 0") })

        let police = try #require(r.departments.first { $0.scope.id == "公安" })
        #expect(police.efficiency.concentration == Rate(1, of: 2) && police.efficiency.finished == 2)
        let civil = try #require(r.departments.first { $0.scope.id == "民政" })
        #expect(civil.efficiency.concentration == Rate(1, of: 1) && civil.efficiency.immediate == Rate(1, of: 1))
        // No catalog for a window: no concentration rate, never a made-up one.
        #expect(r.windows.first { $0.scope.id == "2" }?.efficiency.concentration == nil)
    }

    @Test func deductionsListTheirCases() throws {
        let r = try Self.report()
        let by = Dictionary(uniqueKeysWithValues: r.deductions.map { ($0.kind, $0) })
        #expect(r.deductions.map(\.kind) == DeductionKind.allCases)
        #expect(by[.refusedWithoutReasons]?.cases.map(\.caseNumber) == ["C5"])
        #expect(by[.stoppedWithoutReason]?.cases.map(\.caseNumber) == ["C7"])
        // C2 was due 12-03 and finished 12-07; C6 was due 12-09 and is still under way.
        #expect(by[.overdue]?.cases.map(\.caseNumber) == ["C2", "C6"])
        #expect(by[.overdue]?.cases.map(\.day) == [Self.day("2026-12-03"), Self.day("2026-12-09")])
        #expect(by[.wrongFee]?.count == 0)
        // C3 finished 12-02 and was never handed out: the 10th working day after is 12-16.
        #expect(by[.resultNotHandedOut]?.cases.map(\.caseNumber) == ["C3"])
        #expect(by[.resultNotHandedOut]?.cases.first?.day == Self.day("2026-12-16"))
        let window1 = try #require(r.windows.first { $0.scope.id == "1" })
        #expect(window1.deductions["overdue"] == 2 && window1.deductions["resultNotHandedOut"] == 0)
    }

    @Test func ticketsReviewsAndComplaints() throws {
        let r = try Self.report()
        let s = r.hall.service
        #expect(s.tickets == 3 && s.served == 1 && s.noShows == 1)
        // Waits 5 and 19 minutes; the one service 4 minutes; calls at 09:05 and 09:20.
        #expect(s.waitingTime == TimeFigures(count: 2, meanSeconds: 720, p50Seconds: 300, p90Seconds: 1140))
        #expect(s.serviceTime == TimeFigures(count: 1, meanSeconds: 240, p50Seconds: 240, p90Seconds: 240))
        #expect(s.callsPerHour[9] == 2 && s.callsPerHour.reduce(0, +) == 2)
        let clerk1 = try #require(r.staff.first { $0.scope.id == "clerk1" })
        #expect(clerk1.scope.name == "张一" && clerk1.service.tickets == 1 && clerk1.service.served == 1)
        // clerk2 has no account name here: the name their review recorded.
        #expect(r.staff.first { $0.scope.id == "clerk2" }?.scope.name == "李二")

        // November's review is left out.
        let v = r.hall.reviews
        #expect(v.total == 2 && v.bad == 1 && v.satisfaction == Rate(1, of: 2))
        #expect(v.tasksOpened == 1 && v.tasksClosed == 1 && v.tasksOpen == 0 && v.timeToClose.meanSeconds == 86_400)

        let c = r.hall.complaints
        #expect(c.received == 2 && c.answered == 2 && c.answeredOnTime == Rate(1, of: 2) && c.upheld == 1 && c.closed == 1)
        #expect(clerk1.complaints.received == 1 && clerk1.complaints.upheld == 1)
        #expect(r.windows.map(\.scope.id) == ["1", "2"] && r.windows.map(\.scope.name) == ["1号窗口（综合窗口）", "2号窗口（综合窗口）"])
    }

    @Test func periodsParseAndNameThemselves() {
        #expect(ReportPeriod.parse("2026-12-07") == .day(Self.day("2026-12-07")))
        #expect(ReportPeriod.parse("2026-02")?.last == Self.day("2026-02-28"))
        #expect(ReportPeriod.parse("2026-Q4")?.first == Self.day("2026-10-01") && ReportPeriod.parse("2026-Q4")?.last == Self.day("2026-12-31"))
        #expect(ReportPeriod.parse("2026-Q4")?.description == "2026-Q4")
        for bad in ["2026-13", "2026-Q5", "2026-12-32", "", "2026", "12-2026"] { #expect(ReportPeriod.parse(bad) == nil, "\(bad)") }
    }

    @Test func csvHasARowPerScopeAndOnePerDeductedCase() throws {
        let csv = SupervisionReportCSV.render(try Self.report())
        let lines = csv.dropFirst().split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("期间,范围,编号,名称"))
        #expect(lines[1].hasPrefix("2026-12,全厅,,全厅,2,3,0.6667,5,3,2,0.6667,3,1.0,0,0.0,1,0.2"))
        #expect(lines.contains { $0.hasPrefix("2026-12,逾期未办结,§12.3.5c,C2,") })
    }
}
