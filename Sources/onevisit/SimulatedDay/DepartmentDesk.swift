import Foundation

/// The department's back office in the simulated day: the demo department's staff member
/// decides the items of their department in the cases the windows accepted, a while after
/// acceptance, with a step (审查) and a result, granted or now and then refused.
actor DepartmentDesk {
    nonisolated let name: String
    private let staff: DayAPI
    private let timeline: HallTimeline
    private let tally: DayTally
    private var queue: [(number: String, itemID: String)] = []
    private var random: DayRandom

    init(name: String, staff: DayAPI, timeline: HallTimeline, tally: DayTally, seed: UInt64) {
        self.name = name; self.staff = staff; self.timeline = timeline; self.tally = tally
        random = DayRandom(seed: seed ^ 0xD0D0)
    }

    func take(number: String, items: [String]) { queue += items.map { (number, $0) } }

    /// Works through what the windows sent, every quarter of an hour, until `closing` and the windows are done.
    func run(until done: @Sendable () async -> Bool) async throws {
        while true {
            let finished = await done()
            while !queue.isEmpty {
                let (number, itemID) = queue.removeFirst()
                try await decide(number: number, itemID: itemID)
            }
            if finished { return }
            try await timeline.wait(hallSeconds: 15 * 60)
        }
    }

    private func decide(number: String, itemID: String) async throws {
        let path = "/api/v1/cases/\(number)"
        let step = try await staff.post(path + "/step", ["itemID": itemID, "name": "审查", "opinion": "材料齐全，符合法定形式"])
        if !step.ok { await tally.refused("department.step", step) }
        let granted = !random.chance(0.05)
        var body: [String: any Sendable] = ["itemID": itemID, "outcome": granted ? "granted" : "refused",
                                            "opinion": granted ? "准予办理" : "不符合办理条件"]
        if granted { body["certificate"] = "准予行政许可决定书" }
        let result = try await staff.post(path + "/result", body)
        if result.ok { await tally.count("department.results.\(granted ? "granted" : "refused")") } else { await tally.refused("department.result", result) }
    }
}
