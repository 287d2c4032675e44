import Foundation
import Testing
@testable import IntakeCore

@Suite("Ticket state machine", .timeLimit(.minutes(5)))
struct TicketTransitionTests {
    /// One representative action per kind (issue is not an action on an existing ticket).
    static let actions: [TicketAction] = [
        .call(window: "3"), .recall, .start, .finish, .noShow, .hold, .returnToQueue,
        .transfer(.queue("other")), .cancel,
    ]

    static let expected: [TicketState: [TicketAction.Kind: TicketState]] = [
        .waiting: [.call: .called, .transfer: .waiting, .cancel: .cancelled],
        .called: [.recall: .called, .start: .serving, .noShow: .noShow, .hold: .held, .transfer: .waiting, .cancel: .cancelled],
        .serving: [.finish: .done, .hold: .held, .transfer: .waiting],
        .held: [.returnToQueue: .waiting, .transfer: .waiting, .cancel: .cancelled],
        .done: [:], .noShow: [:], .cancelled: [:],
    ]

    @Test("every allowed and every refused transition", arguments: TicketState.allCases)
    func everyTransition(from state: TicketState) throws {
        for action in Self.actions {
            var t = ticket("A001", state: state)
            t.recallCount = 2  // satisfies the no-show rule so only the table decides
            t.windowID = "3"
            t.calledAt = monday9am
            let allowed = Self.expected[state]?[action.kind]
            if let allowed {
                let (changed, event) = try TicketTransitions.apply(action, to: t, at: monday9am.addingTimeInterval(60))
                #expect(changed.state == allowed, "\(state) --\(action.kind)--> \(allowed)")
                #expect(event.from == state && event.to == allowed && event.kind == action.kind)
            } else {
                #expect(throws: TicketError.refused(number: "A001", state: state, action: action.kind)) {
                    try TicketTransitions.apply(action, to: t, at: monday9am)
                }
            }
        }
    }

    @Test func theTableIsTheOneDocumented() {
        #expect(TicketTransitions.table == Self.expected)
    }

    @Test func recallsAreCounted() throws {
        var t = try TicketTransitions.apply(.call(window: "3"), to: ticket("A001"), at: monday9am).0
        #expect(t.recallCount == 0 && t.windowID == "3" && t.calledAt == monday9am)
        t = try TicketTransitions.apply(.recall, to: t, at: monday9am).0
        t = try TicketTransitions.apply(.recall, to: t, at: monday9am).0
        #expect(t.recallCount == 2 && t.state == .called)
    }

    @Test func noShowNeedsRecallsOrMinutes() throws {
        let policy = NoShowPolicy(recalls: 2, minutes: 3)
        let called = try TicketTransitions.apply(.call(window: "3"), to: ticket("A001"), at: monday9am).0
        #expect(throws: TicketError.noShowTooEarly(number: "A001", recallsNeeded: 2, minutesNeeded: 3)) {
            try TicketTransitions.apply(.noShow, to: called, at: monday9am.addingTimeInterval(60), noShow: policy)
        }
        let late = try TicketTransitions.apply(.noShow, to: called, at: monday9am.addingTimeInterval(180), noShow: policy).0
        #expect(late.state == .noShow)
        var recalled = called
        recalled.recallCount = 2
        #expect(try TicketTransitions.apply(.noShow, to: recalled, at: monday9am, noShow: policy).0.state == .noShow)
    }

    @Test func transferKeepsTheIssueTime() throws {
        let issued = ticket("A007", issued: -42)
        let called = try TicketTransitions.apply(.call(window: "1"), to: issued, at: monday9am).0
        let toQueue = try TicketTransitions.apply(.transfer(.queue("enterprise")), to: called, at: monday9am).0
        #expect(toQueue.queueID == "enterprise" && toQueue.state == .waiting && toQueue.issuedAt == issued.issuedAt)
        let toWindow = try TicketTransitions.apply(.transfer(.window("5")), to: called, at: monday9am).0
        #expect(toWindow.targetWindowID == "5" && toWindow.queueID == "general" && toWindow.issuedAt == issued.issuedAt)
    }

    @Test func transferToItsOwnQueueIsRefused() throws {
        let called = try TicketTransitions.apply(.call(window: "1"), to: ticket("A001"), at: monday9am).0
        #expect(throws: TicketError.transferToSameQueue(number: "A001", queue: "general")) {
            try TicketTransitions.apply(.transfer(.queue("general")), to: called, at: monday9am)
        }
    }

    @Test func numbersArePaddedToThreeDigitsAndGrow() {
        #expect(Ticket.number(prefix: "A", sequence: 1) == "A001")
        #expect(Ticket.number(prefix: "B", sequence: 42) == "B042")
        #expect(Ticket.number(prefix: "C", sequence: 999) == "C999")
        #expect(Ticket.number(prefix: "C", sequence: 1000) == "C1000")
    }
}
