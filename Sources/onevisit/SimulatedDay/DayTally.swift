import Foundation

/// What happened in the simulated day, as the driver saw it: counts by name, printed as
/// `name value` lines at the end, and the plans of the tickets issued, which the windows
/// look up when they call a ticket.
actor DayTally {
    private var counts: [String: Int] = [:]
    private var plans: [String: CitizenPlan] = [:]
    private var waiting: [String: [CheckedContinuation<CitizenPlan?, Never>]] = [:]
    private var issuingDone = false
    private var windowsClosed = false

    func count(_ name: String, _ by: Int = 1) { counts[name, default: 0] += by }

    /// A refused call: counted by what was asked and the status, so a day with surprises says so.
    func refused(_ what: String, _ answer: DayAPI.Answer) {
        counts["refused.\(what).\(answer.status)", default: 0] += 1
        if counts["refused.\(what).\(answer.status)"] == 1 {
            printError("simulate day: \(what) refused (HTTP \(answer.status)): \(String(decoding: answer.data.prefix(300), as: UTF8.self))")
        }
    }

    var all: [String: Int] { counts }
    var isIssuingFinished: Bool { issuingDone }
    var areWindowsClosed: Bool { windowsClosed }
    func closeWindows() { windowsClosed = true }

    func issued(_ ticketID: String, plan: CitizenPlan) {
        plans[ticketID] = plan
        for waiter in waiting.removeValue(forKey: ticketID) ?? [] { waiter.resume(returning: plan) }
    }

    /// The plan of a ticket a window called. The call can come before the kiosk's answer has
    /// been read here, so this waits for it; nil for a ticket this day did not issue.
    func plan(of ticketID: String) async -> CitizenPlan? {
        if let plan = plans[ticketID] { return plan }
        if issuingDone { return nil }
        return await withCheckedContinuation { waiting[ticketID, default: []].append($0) }
    }

    /// Every ticket of the day is issued: a ticket still unknown is not this day's.
    func issuingFinished() {
        issuingDone = true
        for waiter in waiting.values.flatMap({ $0 }) { waiter.resume(returning: nil) }
        waiting = [:]
    }
}
