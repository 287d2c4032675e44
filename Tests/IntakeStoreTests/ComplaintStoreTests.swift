import Foundation
import GRDB
import IntakeCore
import Testing
@testable import IntakeStore

/// Complaints in the real database file (seed 004 §10): numbers per day that survive a
/// reopening, concurrent filings each with a number of its own, the supervisor's steps
/// stored with who and when, the invariants held by the database itself, and the lists by
/// state and day read through their indexes.
@Suite("Complaint store", .timeLimit(.minutes(2)))
struct ComplaintStoreTests {
    let monday = CivilDay("2026-12-07")!
    let t0 = Date(timeIntervalSince1970: 1_796_000_000)
    let policy = ComplaintPolicy(answerDays: 3, yellowDays: 1)
    let supervisor = SignedInStaff(account: StaffAccount(id: "supervisor1", name: "朱红", roles: [.supervisor]))

    func filing(_ n: Int = 0) -> ComplaintFiling {
        ComplaintFiling(channel: .online, type: .efficiency, unit: "不动产登记中心", windowID: n % 2 == 0 ? "3" : nil,
                        content: "等了很久没人办理 \(n)", demand: "尽快办理", complainant: Complainant(name: "张三", phone: "13800000000"))
    }

    func file(_ store: ComplaintStore, _ n: Int = 0, on day: CivilDay? = nil) async throws -> Complaint {
        try await store.file(filing(n), day: day ?? monday, at: t0, by: "online", staff: nil, policy: policy, calendar: WorkingCalendar())
    }

    @Test func numbersPerDayContinueAfterReopeningTheFile() async throws {
        let path = temporaryDatabasePath()
        let first: Complaint
        do {
            let store = ComplaintStore(writer: try HallDatabase.open(path: path))
            first = try await file(store)
            #expect(first.number == ComplaintNumber.make(day: monday, sequence: 1) && first.answerDue == CivilDay("2026-12-10"))
        }
        let store = ComplaintStore(writer: try HallDatabase.open(path: path))
        let second = try await file(store)
        #expect(second.number == ComplaintNumber.make(day: monday, sequence: 2))
        let tuesday = try await file(store, on: monday.adding(days: 1))
        #expect(tuesday.number == ComplaintNumber.make(day: monday.adding(days: 1), sequence: 1))
        #expect(try await store.find(number: first.number) == first, "stored and read back field for field")
    }

    @Test func concurrentFilingsEachTakeANumberOfTheirOwn() async throws {
        let store = ComplaintStore(writer: try HallDatabase.open(path: temporaryDatabasePath()))
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<40 { group.addTask { try await file(store, n).number } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(numbers.count == 40)
        #expect(numbers.contains(ComplaintNumber.make(day: monday, sequence: 40)))
    }

    @Test func stepsAreStoredWithWhoAndWhenAndListedByState() async throws {
        let store = ComplaintStore(writer: try HallDatabase.open(path: temporaryDatabasePath()))
        let a = try await file(store, 0), b = try await file(store, 1)
        _ = try await store.act(number: a.number, .investigate, at: t0.addingTimeInterval(60), by: supervisor)
        let answered = try await store.act(number: a.number, .answer(ComplaintAnswer(result: "属实", measures: "重新培训", upheld: true)),
                                           at: t0.addingTimeInterval(120), by: supervisor)
        #expect(answered.state == .answered && answered.answered?.by == "supervisor1")
        let read = try #require(try await store.find(number: a.number))
        #expect(read.investigating == ComplaintStep(at: t0.addingTimeInterval(60), by: "supervisor1") && read.answer?.upheld == true)
        await #expect(throws: ComplaintStoreError.refused(.notAllowed(action: "close", state: .received))) {
            try await store.act(number: b.number, .close, at: t0, by: supervisor)
        }
        await #expect(throws: ComplaintStoreError.notFound("TS2026120799990")) {
            try await store.act(number: "TS2026120799990", .investigate, at: t0, by: supervisor)
        }
        #expect(try await store.list(state: .answered).map(\.number) == [a.number])
        #expect(try await store.list(state: .received).map(\.number) == [b.number])
        #expect(try await store.list().map(\.number) == [b.number, a.number], "newest first")
        #expect(try await store.list(from: monday.adding(days: 1)).isEmpty)
        #expect(try await store.about(windowID: "3").map(\.number) == [a.number])
    }

    @Test func theDatabaseRefusesAComplaintThatBreaksItsInvariants() async throws {
        let pool = try HallDatabase.open(path: temporaryDatabasePath())
        let c = try await file(ComplaintStore(writer: pool))
        func refused(_ change: @escaping @Sendable (inout ComplaintRecord) -> Void) async -> Bool {
            do {
                try await pool.write { db in
                    var r = try #require(try ComplaintRecord.fetchOne(db, key: c.number))
                    change(&r)
                    try r.update(db)
                }
                return false
            } catch let error as DatabaseError { return error.resultCode == .SQLITE_CONSTRAINT } catch { return false }
        }
        #expect(await refused { $0.state = "answered" }, "answered without the answer nor its step")
        #expect(await refused { $0.state = "investigating" }, "investigating without who and when")
        #expect(await refused { $0.unit = nil; $0.windowID = nil }, "about nobody")
        #expect(await refused { $0.publishedAt = Date(); $0.publishedBy = "supervisor1" }, "published before answered")
        #expect(await refused { $0.channel = "fax" })
        #expect(await refused { $0.content = "" })
        #expect(await refused { $0.state = "closed"; $0.investigatingAt = Date(); $0.investigatingBy = "s"; $0.answeredAt = Date()
            $0.answeredBy = "s"; $0.result = "r"; $0.measures = "m"; $0.upheld = false }, "closed without its step")
        #expect(await !refused { $0.state = "investigating"; $0.investigatingAt = Date(); $0.investigatingBy = "s" }, "a consistent row is taken")
    }

    @Test func theListsByStateAndDayUseTheirIndexes() async throws {
        let pool = try HallDatabase.open(path: temporaryDatabasePath())
        let plans = try await pool.read { db in
            try ["SELECT * FROM complaint WHERE state = 'received' AND receivedOn >= '2026-12-01' ORDER BY receivedOn DESC",
                 "SELECT * FROM complaint WHERE receivedOn >= '2026-12-01'",
                 "SELECT * FROM complaint WHERE windowID = '3'", "SELECT * FROM complaint WHERE staffID = 'clerk3'"].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: " | ")
            }
        }
        for plan in plans { #expect(plan.contains("SEARCH complaint USING INDEX"), "\(plan)") }
    }
}
