import Foundation

/// The kiosk side of the simulated day: each citizen takes a ticket when they arrive, for
/// their item or bundle, on the kiosk's printer. A real-name citizen lays their card on the
/// kiosk's reader first (through the simulator, so the card goes through the reader's
/// driver), one card at a time as at a real kiosk.
struct CitizenArrivals: Sendable {
    let kiosk: DayAPI
    let technician: DayAPI
    let timeline: HallTimeline
    let tally: DayTally
    let paper: Bool
    /// Presses of a real-name citizen while the reader has not read the card yet (10 s in
    /// all: a reader starved by a busy machine takes seconds).
    static let cardRetries = 100

    /// One card at a time on the kiosk's reader.
    let reader = KioskReaderTurn()

    /// Each citizen comes at their time, whether or not the one before has their ticket yet.
    func run(_ plan: DayPlan) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for citizen in plan.citizens {
                try await timeline.wait(untilSecondOfDay: DayPlan.opening + citizen.arrival)
                group.addTask { try await issue(citizen) }
            }
            try await group.waitForAll()
        }
        await tally.issuingFinished()
    }

    private func issue(_ citizen: CitizenPlan) async throws {
        var body: [String: any Sendable] = ["print": paper]
        switch citizen.visit {
        case .item(let id): body["item"] = id
        case .bundle(let id): body["bundle"] = id
        }
        if let priority = citizen.priority { body["priority"] = priority }
        let answer: DayAPI.Answer
        if citizen.realName {
            await reader.take()
            do { answer = try await issueWithCard(body, card: citizen.priority == "elderly" ? "elderly-resident" : "resident") } catch {
                await reader.give()
                throw error
            }
            await reader.give()
        } else {
            answer = try await kiosk.post("/api/v1/tickets", body)
        }
        guard answer.ok else { return await tally.refused("ticket", answer) }
        let ticket = try answer.decoded(DayViews.Ticket.self)
        await tally.issued(ticket.id, plan: citizen)
        await tally.count("tickets.issued")
        if citizen.realName { await tally.count("tickets.real_name") }
        if citizen.priority != nil { await tally.count("tickets.priority") }
    }

    /// Lays the card, takes the ticket once the reader has read it, and takes the card away.
    private func issueWithCard(_ body: [String: any Sendable], card: String) async throws -> DayAPI.Answer {
        var body = body
        let placed = try await technician.post("/api/v1/simulator/readers/kiosk-1", ["sample": card])
        if placed.ok { body["reader"] = "kiosk-1" } else { await tally.refused("card", placed) }
        var answer = try await kiosk.post("/api/v1/tickets", body)
        // The reader finds a laid card at its next poll (real time, not the hall's): the
        // citizen presses again, as at a kiosk that says "place the card".
        for _ in 0..<Self.cardRetries where placed.ok && answer.status == 409 {
            try await Task.sleep(for: .milliseconds(100))
            answer = try await kiosk.post("/api/v1/tickets", body)
        }
        if placed.ok { _ = try await technician.post("/api/v1/simulator/readers/kiosk-1", ["remove": true]) }
        return answer
    }
}

/// The kiosk's reader as citizens queue for it: one card on it at a time.
actor KioskReaderTurn {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func take() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
