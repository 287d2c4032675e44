import Foundation
import IntakeCore
import Testing

/// The wait estimate's errors in the supervision report (issue 15): estimate − actual over
/// the called tickets, for the hall's estimator and the naive one (people ahead × a fixed time).
@Suite("Wait estimate figures", .timeLimit(.minutes(1)))
struct WaitEstimateFiguresTests {
    let issued = Date(timeIntervalSince1970: 1_800_000_000)

    func ticket(_ id: String, ahead: Int, estimate: Int, calledAfterMinutes: Double?) -> (Ticket, [TicketEvent]) {
        let t = Ticket(id: id, number: id, queueID: "general", serviceDay: "2026-12-07", sequence: 1, itemID: "a", issuedAt: issued,
                       peopleAheadAtIssue: ahead, estimatedWaitMinutes: estimate)
        var events = [TicketEvent(ticketID: id, kind: .issue, from: nil, to: .waiting, at: issued, windowID: nil, queueID: "general")]
        if let minutes = calledAfterMinutes {
            events.append(TicketEvent(ticketID: id, kind: .call, from: .waiting, to: .called, at: issued.addingTimeInterval(minutes * 60),
                                      windowID: "1", queueID: "general"))
        }
        return (t, events)
    }

    @Test func errorsOfTheEstimatorAndOfTheNaiveOne() {
        let figures = WaitEstimateFigures.compute([
            ticket("A1", ahead: 0, estimate: 0, calledAfterMinutes: 2),     // estimator −2, naive −2
            ticket("A2", ahead: 3, estimate: 10, calledAfterMinutes: 14),   // estimator −4, naive 24 − 14 = +10
            ticket("A3", ahead: 6, estimate: 20, calledAfterMinutes: 20),   // estimator 0, naive 48 − 20 = +28
            ticket("A4", ahead: 9, estimate: 30, calledAfterMinutes: nil),  // never called: no actual wait
        ], naiveMinutesPerPerson: 8)
        #expect(figures.tickets == 3)
        #expect(figures.estimator.absolute.meanSeconds == 120, "(2 + 4 + 0) / 3 minutes")
        #expect(figures.estimator.absolute.p90Seconds == 240)
        #expect(figures.estimator.meanSignedSeconds == -120, "too short on the whole")
        #expect(figures.naive.absolute.meanSeconds == (2 + 10 + 28) * 60 / 3.0)
        #expect(figures.naive.meanSignedSeconds == (-2 + 10 + 28) * 60 / 3.0)
    }

    @Test func noTicketCalledGivesNoFigures() {
        let figures = WaitEstimateFigures.compute([ticket("A1", ahead: 1, estimate: 8, calledAfterMinutes: nil)], naiveMinutesPerPerson: 8)
        #expect(figures.tickets == 0 && figures.estimator.absolute == .none && figures.naive.meanSignedSeconds == nil)
    }
}
