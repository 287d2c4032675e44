import Foundation

/// One window's day in the simulation: its clerk signs in at opening, calls the next ticket
/// whenever the window is free, serves as the citizen's plan says (absent ones are recalled
/// and marked 过号 as the hall's rule allows), rates on the window's keypad through the
/// simulator, closes for lunch if it is a lunch window, and signs out once the hall has
/// closed and its queues are empty.
struct WindowShift: Sendable {
    let window: String
    let clerk: DayAPI
    let technician: DayAPI
    let timeline: HallTimeline
    let tally: DayTally
    let desk: CaseDesk
    /// Closes from 12:00 to 13:30 (the others stay open over lunch, as halls do with 午间不断档).
    let lunchBreak: Bool
    /// What became of the presses on this window's keypad.
    let keypad = KeypadOutcomes()
    /// How long a free window waits before it calls again, in hall seconds.
    static let idleSeconds = 30.0
    /// How long a citizen's press may take to reach the hall, in real time (the keypad's line and driver).
    static let pressLimit = Duration.seconds(2)

    func run() async throws {
        try await keypad.follow(window: window, baseURL: clerk.baseURL)
        try await signIn()
        while true {
            let second = timeline.secondOfDay
            if lunchBreak && second >= DayPlan.lunchStart && second < DayPlan.lunchEnd {
                try await signOut()
                try await timeline.wait(untilSecondOfDay: DayPlan.lunchEnd)
                try await signIn()
                continue
            }
            let called = try await clerk.post("/api/v1/windows/\(window)/call-next")
            if called.ok {
                try await serve(try called.decoded(DayViews.Ticket.self))
                continue
            }
            if called.status == 401 { try await signIn(); continue }
            if second >= DayPlan.closing, await tally.isIssuingFinished { break }
            try await timeline.wait(hallSeconds: Self.idleSeconds)
        }
        try await signOut()
        await keypad.stop()
        await tally.count("reviews.recorded", await keypad.reviews)
        await tally.count("reviews.ignored", await keypad.ignored)
        for (reason, n) in await keypad.ignoredWhy { await tally.count("reviews.ignored.\(reason)", n) }
    }

    private func path(_ action: String) -> String { "/api/v1/windows/\(window)/\(action)" }

    private func signIn() async throws {
        let answer = try await clerk.post(path("sign-in"))
        if !answer.ok { await tally.refused("sign-in", answer) }
    }

    private func signOut() async throws {
        let answer = try await clerk.post(path("sign-out"))
        if !answer.ok { await tally.refused("sign-out", answer) }
    }

    private func step(_ action: String) async throws -> Bool {
        let answer = try await clerk.post(path(action))
        if !answer.ok { await tally.refused(action, answer) }
        return answer.ok
    }

    private func serve(_ ticket: DayViews.Ticket) async throws {
        await tally.count("tickets.called")
        guard let plan = await tally.plan(of: ticket.id) else {
            // Not this day's citizen (a ticket left from before): served briefly.
            _ = try await step("start")
            _ = try await step("finish")
            return
        }
        if plan.absent {
            for _ in 0..<2 {
                try await timeline.wait(hallSeconds: 60)
                _ = try await step("recall")
            }
            try await timeline.wait(hallSeconds: 65)
            if try await step("no-show") { await tally.count("tickets.no_show") }
            return
        }
        try await timeline.wait(hallSeconds: 30)  // the citizen walks to the window
        guard try await step("start") else { return }
        try await timeline.wait(hallSeconds: plan.serviceSeconds * 0.6)
        try await desk.handle(plan, ticketID: ticket.id)
        try await timeline.wait(hallSeconds: plan.serviceSeconds * 0.4)
        guard try await step("finish") else { return }
        await tally.count("tickets.served")
        guard let level = plan.review else { return }
        try await timeline.wait(hallSeconds: 5)
        let before = await keypad.outcomes
        let pressed = try await technician.post("/api/v1/simulator/keypads/\(window)", ["level": level])
        guard pressed.ok else { return await tally.refused("keypad", pressed) }
        await tally.count("reviews.pressed.\(level)")
        if !(await keypad.wait(beyond: before, limit: Self.pressLimit)) { await tally.count("reviews.press_unanswered") }
    }
}
