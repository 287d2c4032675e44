import Foundation

/// The supervisor's part of the simulated day: a few complaints come in from the kiosk
/// during the day (seed 004 §10), and at closing the supervisor investigates and answers
/// them, and takes every bad review's rectification (§11) through verify, rectify and
/// answer, with the call-back a real-name review needs.
struct SupervisorRound: Sendable {
    let supervisor: DayAPI
    let citizen: DayAPI
    let timeline: HallTimeline
    let tally: DayTally
    let complaints: Int
    let seed: UInt64

    static let kinds = ["attitude", "efficiency", "extraRequirements"]

    /// A complaint as its complainant holds it: the number and the rating code.
    struct Filed: Sendable { var number: String; var code: String? }

    /// Files the day's complaints at even intervals through the opening hours.
    func fileComplaints() async throws -> [Filed] {
        var random = DayRandom(seed: seed ^ 0xC0C0)
        var numbers: [Filed] = []
        for k in 0..<complaints {
            let at = DayPlan.opening + (DayPlan.closing - DayPlan.opening) * Double(k + 1) / Double(complaints + 1)
            try await timeline.wait(untilSecondOfDay: at)
            let window = String(Int.random(in: 1...6, using: &random))
            let answer = try await citizen.post("/api/v1/complaints", [
                "type": Self.kinds[Int.random(in: 0..<Self.kinds.count, using: &random)], "window": window,
                "content": "\(window)号窗口办理时间过长，工作人员解释不清。", "demand": "希望改进服务，给出明确答复。",
            ])
            if answer.ok {
                let filed = try answer.decoded(DayViews.Complaint.self)
                numbers.append(Filed(number: filed.number, code: filed.ratingCode))
                await tally.count("complaints.filed")
            }
            else { await tally.refused("complaint", answer) }
        }
        return numbers
    }

    /// After closing: every complaint investigated and answered (the first upheld), then rated
    /// by its complainant with their code (§12.3.6a; the second not satisfied) and the rated
    /// ones closed; every bad review's task closed.
    func closeTheDay(complaints filed: [Filed]) async throws {
        for (k, complaint) in filed.enumerated() {
            let path = "/api/v1/complaints/\(complaint.number)"
            let steps: [(String, [String: any Sendable])] = [
                ("investigate", [:]),
                ("answer", ["result": k == 0 ? "经核查，反映情况属实。" : "经核查，窗口按规定办理，已向投诉人说明。",
                            "measures": k == 0 ? "对窗口人员进行批评教育，优化叫号分流。" : "加强政策解释。", "upheld": k == 0]),
            ]
            for (action, body) in steps {
                let answer = try await supervisor.post(path + "/" + action, body)
                if answer.ok { await tally.count("complaints.\(action)") } else { await tally.refused("complaint.\(action)", answer) }
            }
            guard let code = complaint.code else { continue }
            let rated = try await citizen.post(path + "/rating", ["satisfied": k != 1, "code": code])
            guard rated.ok else { await tally.refused("complaint.rating", rated); continue }
            await tally.count("complaints.rated")
            let closed = try await supervisor.post(path + "/close")
            if closed.ok { await tally.count("complaints.close") } else { await tally.refused("complaint.close", closed) }
        }
        let listed = try await supervisor.get("/api/v1/review-tasks")
        guard listed.ok else { return await tally.refused("review-tasks", listed) }
        for entry in try listed.decoded(DayViews.Tasks.self).tasks where entry.task.state == "verifying" {
            let path = "/api/v1/review-tasks/\(entry.task.id)"
            var answer: [String: any Sendable] = ["reply": "已核实并整改，感谢您的监督。"]
            if entry.task.realName { answer["callBack"] = ["outcome": "已电话回访，群众表示认可"] as [String: any Sendable] }
            let steps: [(String, [String: any Sendable])] = [
                ("verify", ["finding": "核实属实：等候时间较长"]), ("rectify", ["measures": "高峰时段增开窗口"]), ("answer", answer),
            ]
            for (action, body) in steps {
                let done = try await supervisor.post(path + "/" + action, body)
                guard done.ok else { await tally.refused("review-task.\(action)", done); break }
                if action == "answer" { await tally.count("reviews.rectified") }
            }
        }
    }
}
