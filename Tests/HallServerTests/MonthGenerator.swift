import Foundation
import HallServer
import IntakeCore
import TestSupport

/// A month of a small hall made through the hall's own services on a clock the test moves
/// (issue 15: "generated events"): each generated working day, tickets for three items served
/// at windows 1–3 in time order, some not present; half of them open a case that is refused,
/// withdrawn, or accepted and decided some working days later (on time or not) and handed
/// out some days after that, or never; keypad reviews after every service; complaints about
/// the windows, answered on some later day or never. Then the rest of the month's working
/// days carry the scheduled decisions, hand-overs and answers.
struct MonthGenerator {
    let hall: Hall
    let clock: ManualClock
    static let items = ["vaccination-certificate-issuance", "birth-medical-certificate-issuance", "social-security-card-application"]
    static let supervisor = SignedInStaff(account: StaffAccount(id: "supervisor1", name: "督查", roles: [.supervisor]))

    struct Generated { var tickets = 0; var cases = 0 }
    /// Something to do on a later working day, at 16:00.
    enum Later { case decide(String, String, granted: Bool), handOver(String), withdraw(String), answer(String, upheld: Bool) }

    func run(days: Int, random: inout SeededGenerator) async throws -> Generated {
        let calendar = hall.current.layout.workingCalendar
        let workingDays = ReportPeriod.month("2026-12")!.days.filter(calendar.isWorkingDay)
        var later: [CivilDay: [Later]] = [:]
        var generated = Generated()
        for w in 1...3 { _ = try await hall.session("clerk\(w)", window: "\(w)") }
        for (index, day) in workingDays.enumerated() {
            func on(_ offset: Int, _ what: Later) { later[workingDays[min(index + offset, workingDays.count - 1)], default: []].append(what) }
            if index < days {
                try await serve(day: day, random: &random, generated: &generated, schedule: on)
                if index % 2 == 0 { try await complain(day: day, random: &random, schedule: on) }
            }
            clock.set(ReportMonthTests.at(day.description, 16 * 60))
            for what in later[day] ?? [] { try await carry(what, day: day, random: &random, schedule: on) }
        }
        clock.set(ReportMonthTests.at(workingDays.last!.description, 17 * 60))
        return generated
    }

    /// A morning at three windows, in time order: each step at the earliest window's next instant.
    private func serve(day: CivilDay, random: inout SeededGenerator, generated: inout Generated,
                       schedule: (Int, Later) -> Void) async throws {
        for k in 0..<12 {
            clock.set(ReportMonthTests.at(day.description, 9 * 60 + 4 * k))
            _ = try await hall.tickets.issue(.item(Self.items.randomElement(using: &random)!), priority: nil)
            generated.tickets += 1
        }
        var free = ["1": 9 * 60 + 5, "2": 9 * 60 + 7, "3": 9 * 60 + 9]
        while let (window, minute) = free.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            func at(_ m: Int) { clock.set(ReportMonthTests.at(day.description, m)) }
            at(minute)
            guard let ticket = try? await hall.windows.callNext(window: window) else { free[window] = nil; continue }
            if Int.random(in: 0..<10, using: &random) == 0 {
                at(minute + 1); _ = try await hall.windows.act(window: window, .recall)
                at(minute + 2); _ = try await hall.windows.act(window: window, .recall)
                at(minute + 5); _ = try await hall.windows.act(window: window, .noShow)
                free[window] = minute + 6
                continue
            }
            at(minute + 1); _ = try await hall.windows.act(window: window, .start)
            let finish = minute + 1 + Int.random(in: 3...15, using: &random)
            at(finish)
            if Bool.random(using: &random) {
                try await openCase(for: ticket, window: window, random: &random, schedule: schedule)
                generated.cases += 1
            }
            _ = try await hall.windows.act(window: window, .finish)
            let level = [5, 5, 5, 5, 4, 4, 3, 2, 1].randomElement(using: &random)!
            _ = await hall.reviewDesk.keypadPressed(window: window, level: level)
            free[window] = finish + 1
        }
    }

    private func openCase(for ticket: Ticket, window: String, random: inout SeededGenerator, schedule: (Int, Later) -> Void) async throws {
        let clerk = "clerk\(window)"
        let c = try await hall.intake.open(CaseRequest(ticket: ticket, windowID: window, openedBy: clerk,
                                                       applicant: Applicant(name: "测试", idNumber: "11010519491231002X")), by: clerk)
        let checks = c.materials.map { MaterialCheck(materialID: $0.materialID, status: .present) }
        _ = try await hall.intake.act(onCase: c.number, .checkMaterials(checks), by: clerk)
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            _ = try await hall.intake.act(onCase: c.number, .refuse(reasons: ["不属于本机关职权范围"], legalBasis: "《行政许可法》第三十二条"), by: clerk)
        case 1:
            _ = try await hall.intake.act(onCase: c.number, .accept, by: clerk)
            schedule(Int.random(in: 1...3, using: &random), .withdraw(c.number))
        default:
            _ = try await hall.intake.act(onCase: c.number, .accept, by: clerk)
            let limit = c.promisedLimitDays
            schedule(Int.random(in: 0...(limit + 3), using: &random), .decide(c.number, c.subCases[0].itemID, granted: Int.random(in: 0..<10, using: &random) > 0))
        }
    }

    private func complain(day: CivilDay, random: inout SeededGenerator, schedule: (Int, Later) -> Void) async throws {
        clock.set(ReportMonthTests.at(day.description, 12 * 60))
        let window = String(Int.random(in: 1...3, using: &random))
        let unit = hall.catalog.item(Self.items.randomElement(using: &random)!)!.department
        let c = try await hall.complaints.file(ComplaintFiling(channel: .kiosk, type: .attitude, unit: unit, windowID: window, staffID: "clerk\(window)",
                                                               content: "等候时工作人员态度生硬", demand: "请核实并改进"), byStaff: false, by: "online")
        if Int.random(in: 0..<4, using: &random) > 0 {
            schedule(Int.random(in: 2...8, using: &random), .answer(c.number, upheld: Int.random(in: 0..<10, using: &random) < 4))
        }
    }

    private func carry(_ what: Later, day: CivilDay, random: inout SeededGenerator, schedule: (Int, Later) -> Void) async throws {
        switch what {
        case .decide(let number, let item, let granted):
            let result = SubCaseResult(outcome: granted ? .granted : .refused, opinion: granted ? "准予办理" : "不予办理",
                                       handler: "department1", at: clock.read())
            _ = try await hall.intake.act(onCase: number, .decide(itemID: item, result: result), by: "department1")
            if Int.random(in: 0..<6, using: &random) > 0 { schedule(Int.random(in: 0...14, using: &random), .handOver(number)) }
        case .handOver(let number):
            _ = try await hall.intake.act(onCase: number, .handOver(HandOver(mode: .pickup, windowID: "7", by: "clerk7", at: clock.read())), by: "clerk7")
        case .withdraw(let number):
            _ = try await hall.intake.act(onCase: number, .withdraw(reason: "申请人申请撤回"), by: "clerk1")
        case .answer(let number, let upheld):
            _ = try await hall.complaints.act(number: number, .investigate, by: Self.supervisor)
            _ = try await hall.complaints.act(number: number, .answer(ComplaintAnswer(result: upheld ? "情况属实" : "经核实不属实", measures: "已约谈窗口人员",
                                                                                      upheld: upheld)), by: Self.supervisor)
        }
    }
}
