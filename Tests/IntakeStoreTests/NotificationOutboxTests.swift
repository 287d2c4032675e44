import Foundation
import GRDB
import IntakeCore
import IntakeStore
import Synchronization
import Testing

/// The notification outbox on a real database file (seed 004 §8.2.4): one message per
/// dedupe key, due order, the retry state of failed attempts, and the wake-up after commit only.
@Suite(.timeLimit(.minutes(2)))
struct NotificationOutboxTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func outbox(onEnqueue: @escaping @Sendable () -> Void = {}) throws -> NotificationOutbox {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-outbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return NotificationOutbox(writer: try HallDatabase.open(path: dir + "/onevisit.sqlite"), onEnqueue: onEnqueue)
    }

    func reminder(_ key: String, at: Date, phone: String = "13800138000") -> NewNotification {
        NewNotification(dedupeKey: key, kind: "reminder", recipient: phone, text: "明天 9:00 请到大厅办理",
                        payload: ["code": "K7Q2"], notBefore: at)
    }

    @Test func theSameKeyTwiceIsOneMessage() async throws {
        let box = try outbox()
        let first = try await box.enqueue(reminder("reminder:K7Q2:day-before", at: now), at: now)
        let again = try await box.enqueue(reminder("reminder:K7Q2:day-before", at: now.addingTimeInterval(60)), at: now)
        #expect(first.isNew && !again.isNew && again.message == first.message)
        #expect(try await box.recent().count == 1)
        // The database itself holds the invariant, whatever a caller does.
        await #expect(throws: DatabaseError.self) {
            try await box.writer.write { db in
                var copy = first.message
                copy.id = "other"
                try copy.insert(db)
            }
        }
        #expect(try await box.message(dedupeKey: "reminder:K7Q2:day-before")?.payload == ["code": "K7Q2"])
    }

    @Test func dueInOrderAndNotBeforeTheirTime() async throws {
        let box = try outbox()
        try await box.enqueue(reminder("b", at: now.addingTimeInterval(-10)), at: now)
        try await box.enqueue(reminder("a", at: now.addingTimeInterval(-20)), at: now)
        try await box.enqueue(reminder("later", at: now.addingTimeInterval(3600)), at: now)
        #expect(try await box.due(at: now).map(\.dedupeKey) == ["a", "b"])
        #expect(try await box.nextDue() == now.addingTimeInterval(-20))
        #expect(try await box.due(at: now.addingTimeInterval(3600)).map(\.dedupeKey) == ["a", "b", "later"])
    }

    @Test func failedAttemptsKeepTheirRetryStateUntilSent() async throws {
        let box = try outbox()
        let id = try await box.enqueue(reminder("r", at: now), at: now).message.id
        #expect(try await box.message(id: id)?.state == .pending)
        try await box.markFailed(id: id, error: "HTTP 503", retryAt: now.addingTimeInterval(5))
        var m = try #require(try await box.message(id: id))
        #expect(m.state == .failing && m.attempts == 1 && m.lastError == "HTTP 503" && m.nextAttemptAt == now.addingTimeInterval(5))
        #expect(try await box.due(at: now).isEmpty)
        #expect(try await box.nextDue() == now.addingTimeInterval(5))
        try await box.markSent(id: id, at: now.addingTimeInterval(6))
        m = try #require(try await box.message(id: id))
        #expect(m.state == .sent && m.attempts == 2 && m.lastError == nil && m.sentAt == now.addingTimeInterval(6))
        let dueLater = try await box.due(at: now.addingTimeInterval(1000)), next = try await box.nextDue()
        #expect(dueLater.isEmpty && next == nil)
        // A late failure report cannot undo a sent message.
        try await box.markFailed(id: id, error: "late", retryAt: now)
        #expect(try await box.message(id: id)?.state == .sent)
    }

    @Test func aWithdrawnReminderIsNeverDue() async throws {
        let box = try outbox()
        try await box.enqueue(reminder("r", at: now), at: now)
        let withdrawn = try await box.writer.write { db in try box.withdraw(dedupeKey: "r", in: db, at: now) }
        let due = try await box.due(at: now)
        #expect(withdrawn && due.isEmpty)
        #expect(try await box.message(dedupeKey: "r")?.state == .withdrawn)
    }

    @Test func enqueuedWithAnotherWriteCommitsWithItAndWakesOnlyAfterCommit() async throws {
        let wakes = Mutex(0)
        let box = try outbox { wakes.withLock { $0 += 1 } }
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await box.writer.write { db in
                try box.enqueue(reminder("rolled-back", at: now), in: db, at: now)
                throw Refused()
            }
        }
        let none = try await box.recent()
        #expect(none.isEmpty && wakes.withLock { $0 } == 0)
        try await box.writer.write { db in
            try db.execute(sql: "INSERT INTO healthProbe (id, at) VALUES (1, ?)", arguments: [now])
            try box.enqueue(reminder("together", at: now), in: db, at: now)
        }
        let stored = try await box.recent()
        #expect(stored.map(\.dedupeKey) == ["together"] && wakes.withLock { $0 } == 1)
        try await box.enqueue(reminder("together", at: now), at: now)
        #expect(wakes.withLock { $0 } == 1, "a duplicate enqueue is no new message to wake for")
    }

    @Test func backoffDoublesToItsCapWithJitterBelowIt() {
        let backoff = RetryBackoff(base: 5, cap: 600, jitter: 0.2)
        #expect((1...9).map { backoff.delay(afterFailures: $0, random: 0) } == [5, 10, 20, 40, 80, 160, 320, 600, 600])
        #expect(backoff.delay(afterFailures: 1, random: 1) == 4)
        #expect(backoff.delay(afterFailures: 1000, random: 0.5) == 540)
        #expect(MobilePhone.isValid("13800138000") && !MobilePhone.isValid("12800138000") && !MobilePhone.isValid("1380013800"))
        #expect(!MobilePhone.isValid("1380013800a") && !MobilePhone.isValid("+8613800138000"))
        #expect(MobilePhone.mask("13812345678") == "138****5678" && MobilePhone.mask("123") == "***")
    }
}
