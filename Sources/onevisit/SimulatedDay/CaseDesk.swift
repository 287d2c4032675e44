import Foundation

/// The case work of one visit at the window (seed 004 §9): open the case from the ticket,
/// check the materials, take a fee due at acceptance, and decide as the plan says: accept,
/// a one-time correction notice, accept with deficiencies (容缺受理) or refuse.
struct CaseDesk: Sendable {
    let clerk: DayAPI
    let timeline: HallTimeline
    let tally: DayTally
    /// Accepted cases with an item of the department desk's department go there.
    let department: DepartmentDesk

    func handle(_ plan: CitizenPlan, ticketID: String) async throws {
        guard var decision = plan.decision else { return }
        var body: [String: any Sendable] = ["ticketID": ticketID, "applicant": SampleApplicant.of(plan.index).body]
        switch plan.visit {
        case .item(let id): body["itemID"] = id
        case .bundle(let id): body["bundleID"] = id
        }
        let opened = try await clerk.post("/api/v1/cases", body)
        guard opened.ok else { return await tally.refused("case", opened) }
        let c = try opened.decoded(DayViews.Case.self)
        await tally.count("cases.opened")
        let lines = c.materials.filter(\.required)
        let flawed = lines.first, missing = lines.first { !$0.key }
        if (decision == .correct && flawed == nil) || (decision == .acceptWithDeficiencies && missing == nil) { decision = .accept }
        let checks: [[String: any Sendable]] = c.materials.map { line in
            let status = switch decision {
            case .correct where line.materialID == flawed?.materialID: "flawed"
            case .acceptWithDeficiencies where line.materialID == missing?.materialID: "missing"
            default: "present"
            }
            return ["materialID": line.materialID, "status": status]
        }
        let path = "/api/v1/cases/\(c.number)"
        if !checks.isEmpty {
            let checked = try await clerk.post(path + "/materials", ["checks": checks])
            if !checked.ok { await tally.refused("materials", checked) }
        }
        if decision == .accept || decision == .acceptWithDeficiencies { try await payFeesDue(path) }
        let decided = try await clerk.post(path + "/decision", decisionBody(decision, flawed: flawed, missing: missing))
        guard decided.ok else { return await tally.refused("decision.\(decision.rawValue)", decided) }
        await tally.count("cases.decision.\(decision.rawValue)")
        // A case accepted with deficiencies waits for the pledged papers before the department decides.
        if decision == .accept {
            await department.take(number: c.number, items: c.subCases.filter { $0.department == department.name }.map(\.itemID))
        }
    }

    private func payFeesDue(_ path: String) async throws {
        let fees = try await clerk.get(path + "/fees")
        guard fees.ok else { return await tally.refused("fees", fees) }
        for fee in try fees.decoded(DayViews.Fees.self).fees where fee.due == "acceptance" {
            let paid = try await clerk.post(path + "/payments", ["itemID": fee.itemID, "amountFen": fee.amountFen, "method": "cash"])
            if paid.ok { await tally.count("fees.paid") } else { await tally.refused("payment", paid) }
        }
    }

    private func decisionBody(_ decision: CitizenPlan.Decision, flawed: DayViews.Case.Line?,
                              missing: DayViews.Case.Line?) -> [String: any Sendable] {
        switch decision {
        case .accept:
            return ["decision": "accept"]
        case .correct:
            return ["decision": "correct", "items": [[
                "materialID": flawed?.materialID ?? "", "name": flawed?.name ?? "", "problem": "复印件不清晰",
                "remedy": "补交清晰的复印件",
            ] as [String: any Sendable]]]
        case .acceptWithDeficiencies:
                        // By tomorrow: never after the promised completion date, which the core checks.
            let supplyBy = timeline.calendar.date(byAdding: .day, value: 1, to: timeline.now) ?? timeline.now
            return ["decision": "accept-with-deficiencies", "materialIDs": [missing?.materialID ?? ""], "supplyBy": timeline.day(of: supplyBy),
                    "consequence": "逾期未补齐的，终止办理并撤销受理", "form": "容缺受理承诺书", "pledgeSigned": true]
        case .refuse:
            return ["decision": "refuse", "reasons": ["申请事项不属于本机关法定职权范围"],
                    "legalBasis": "《中华人民共和国行政许可法》第三十二条第一款第二项"]
        }
    }
}
