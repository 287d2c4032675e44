import Foundation
import GRDB
import IntakeCore
import TestSupport
import Testing
@testable import IntakeStore

/// The waiting counts SQLite keeps by trigger (``WaitingCounts``) against a count of the
/// tickets themselves, after every step of a seeded walk through a day: issues with and
/// without priority, calls, recalls, no-shows, holds and returns, transfers to a queue and
/// to a window, cancels and finishes, across two days.
@Suite("Waiting counts kept by the database", .timeLimit(.minutes(5)))
struct WaitingCountsTests {
    @Test func theCountsMatchTheTicketsAfterEveryStep() async throws {
        let s = store(try HallDatabase.inMemory())
        var random = SeededGenerator()
        let targets: [TicketTarget] = [.queue("general"), .bundle("newborn"), .queue("green")]
        let priorities: [PriorityReason?] = [nil, nil, .disabled, .pregnant]
        let windows = ["1", "2", "3"]
        let actions: [TicketAction] = [.recall, .start, .finish, .noShow, .hold, .returnToQueue, .cancel,
                                       .transfer(.queue("one-thing")), .transfer(.window("3"))]
        for step in 0..<400 {
            let at = nine.addingTimeInterval(Double(step) * 30 + (step >= 200 ? 86_400 : 0))
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                _ = try? await s.issue(targets.randomElement(using: &random)!, priority: priorities.randomElement(using: &random)!, at: at)
            case 1:
                _ = try? await s.callNext(window: windows.randomElement(using: &random)!, at: at)
            default:
                _ = try? await s.act(window: windows.randomElement(using: &random)!, actions.randomElement(using: &random)!, at: at)
            }
            let (kept, counted) = try await s.writer.read { db in
                (try Row.fetchAll(db, sql: "SELECT serviceDay, queueID, weight, waiting FROM queueWaiting WHERE waiting > 0 ORDER BY 1, 2, 3")
                    .map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int): \($0[3] as Int)" },
                 try Row.fetchAll(db, sql: """
                    SELECT serviceDay, queueID, weight, count(*) FROM ticket WHERE state = 'waiting' AND targetWindowID IS NULL
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int): \($0[3] as Int)" })
            }
            try #require(kept == counted, "after step \(step) (seed \(random.seed))")
        }
        let waitingAtEnd = try await s.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM ticket WHERE state = 'waiting'") ?? 0 }
        #expect(waitingAtEnd > 0, "the walk left tickets waiting, so the counts were exercised")
    }
}
