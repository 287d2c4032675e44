import Foundation
import GRDB
import HallServer
import IntakeCore
import Testing
@testable import IntakeStore

/// 2026-11-23 09:00 in Asia/Shanghai.
let nine = Date(timeIntervalSince1970: 1_795_395_600)

let demoCatalog: Catalog = try! HallFiles.loadCatalog(path: nil)

func smallHall(dailyCap: Int? = nil) -> HallLayout {
    HallLayout(
        hallName: "测试大厅",
        queues: [
            ServiceQueue(id: "general", name: "综合受理", prefix: "A", anyItem: true, dailyCap: dailyCap),
            ServiceQueue(id: "one-thing", name: "一件事一次办", prefix: "B", bundles: ["newborn"]),
            ServiceQueue(id: "green", name: "绿色通道", prefix: "V", priorityLane: true),
        ],
        windows: [
            ServiceWindow(id: "1", name: "综合窗口", kind: .comprehensive, queues: ["general", "one-thing"]),
            ServiceWindow(id: "2", name: "一件事专窗", kind: .special, queues: ["one-thing", "general"]),
            ServiceWindow(id: "3", name: "绿色通道", kind: .special, queues: ["green", "general"]),
        ],
        waitEstimate: WaitEstimator(defaultServiceMinutes: 10, sampleSize: 20))
}

func store(_ writer: any DatabaseWriter, layout: HallLayout = smallHall()) -> QueueStore {
    QueueStore(writer: writer, layout: layout, catalog: demoCatalog,
               calendar: HallCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
}

func temporaryDatabasePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("hall.sqlite").path
}

@Suite("Ticket numbering", .timeLimit(.minutes(5)))
struct NumberingTests {
    @Test func numbersContinueAcrossARestartOfTheRealDatabaseFile() async throws {
        let path = temporaryDatabasePath()
        do {
            let first = store(try HallDatabase.open(path: path))
            #expect(try await first.issue(.queue("general"), at: nine).number == "A001")
            #expect(try await first.issue(.queue("general"), at: nine).number == "A002")
            #expect(try await first.issue(.bundle("newborn"), at: nine).number == "B001")
        }  // the pool is released here: the file is closed
        let reopened = store(try HallDatabase.open(path: path))
        #expect(try await reopened.issue(.queue("general"), at: nine.addingTimeInterval(60)).number == "A003")
        #expect(try await reopened.issue(.bundle("newborn"), at: nine.addingTimeInterval(60)).number == "B002")
        let journal = try await reopened.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func eachServiceDayStartsAgainAtOne() async throws {
        let s = store(try HallDatabase.inMemory())
        #expect(try await s.issue(.queue("general"), at: nine).number == "A001")
        #expect(try await s.issue(.queue("general"), at: nine).number == "A002")
        let tomorrow = try await s.issue(.queue("general"), at: nine.addingTimeInterval(86_400))
        #expect(tomorrow.number == "A001" && tomorrow.serviceDay == "2026-11-24")
    }

    @Test func concurrentKiosksNeverGetTheSameNumber() async throws {
        let s = store(try HallDatabase.open(path: temporaryDatabasePath()))
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<60 { group.addTask { try await s.issue(.queue("general"), at: nine).number } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(numbers).count == 60)
        #expect(Set(numbers) == Set((1...60).map { Ticket.number(prefix: "A", sequence: $0) }))
    }

    @Test func dailyCapIsEnforcedByTheStore() async throws {
        let s = store(try HallDatabase.inMemory(), layout: smallHall(dailyCap: 2))
        _ = try await s.issue(.queue("general"), at: nine)
        _ = try await s.issue(.queue("general"), at: nine)
        await #expect(throws: QueueError.admission(.dailyCapReached(queue: "综合受理", cap: 2))) {
            try await s.issue(.queue("general"), at: nine)
        }
    }

    @Test func requestsAreRoutedToTheirQueue() async throws {
        let s = store(try HallDatabase.inMemory())
        let byBundle = try await s.issue(.bundle("newborn"), at: nine)
        #expect(byBundle.queueID == "one-thing" && byBundle.bundleID == "newborn")
        let byItem = try await s.issue(.item("birth-registration"), at: nine)
        #expect(byItem.queueID == "one-thing", "an item of a bundle goes to the bundle's queue")
        await #expect(throws: QueueError.routing(.unknownItem("no-such-item"))) {
            try await s.issue(.item("no-such-item"), at: nine)
        }
    }
}

@Suite("Windows calling tickets", .timeLimit(.minutes(5)))
struct WindowTests {
    @Test func priorityTicketIsCalledFirstAndEventsAreStored() async throws {
        let s = store(try HallDatabase.inMemory())
        let a1 = try await s.issue(.queue("general"), at: nine)
        let a2 = try await s.issue(.queue("general"), priority: .elderly, at: nine.addingTimeInterval(60))
        #expect(a2.weight == 1 && a2.peopleAheadAtIssue == 0)
        let called = try await s.callNext(window: "1", at: nine.addingTimeInterval(120))
        #expect(called.id == a2.id && called.state == .called && called.windowID == "1")
        await #expect(throws: QueueError.windowBusy(window: "1", number: a2.number, state: .called)) {
            try await s.callNext(window: "1", at: nine.addingTimeInterval(130))
        }
        _ = try await s.act(window: "1", .start, at: nine.addingTimeInterval(150))
        _ = try await s.act(window: "1", .finish, at: nine.addingTimeInterval(420))
        #expect(try await s.callNext(window: "1", at: nine.addingTimeInterval(430)).id == a1.id)
        let events = try await s.events(ofTicket: a2.id)
        #expect(events.map(\.kind) == [.issue, .call, .start, .finish])
        #expect(events.map(\.to) == [.waiting, .called, .serving, .done])
    }

    @Test func nothingWaitingAndNoCurrentTicketAreClearRefusals() async throws {
        let s = store(try HallDatabase.inMemory())
        await #expect(throws: QueueError.nothingWaiting(window: "2")) { try await s.callNext(window: "2", at: nine) }
        await #expect(throws: QueueError.noCurrentTicket(window: "2")) { try await s.act(window: "2", .finish, at: nine) }
        await #expect(throws: QueueError.unknownWindow("99")) { try await s.callNext(window: "99", at: nine) }
    }

    @Test func transferToAWindowIsCalledOnlyThere() async throws {
        let s = store(try HallDatabase.inMemory())
        let t = try await s.issue(.queue("general"), at: nine)
        _ = try await s.callNext(window: "1", at: nine)
        let moved = try await s.act(window: "1", .transfer(.window("3")), at: nine.addingTimeInterval(60))
        #expect(moved.state == .waiting && moved.targetWindowID == "3" && moved.issuedAt == t.issuedAt)
        await #expect(throws: QueueError.nothingWaiting(window: "2")) { try await s.callNext(window: "2", at: nine) }
        #expect(try await s.callNext(window: "3", at: nine.addingTimeInterval(90)).id == t.id)
    }

    @Test func heldTicketFreesTheWindowAndReturnsWithItsPlace() async throws {
        let s = store(try HallDatabase.inMemory())
        let first = try await s.issue(.queue("general"), at: nine)
        let second = try await s.issue(.queue("general"), at: nine.addingTimeInterval(60))
        _ = try await s.callNext(window: "1", at: nine.addingTimeInterval(120))
        _ = try await s.act(window: "1", .hold, at: nine.addingTimeInterval(130))
        #expect(try await s.callNext(window: "1", at: nine.addingTimeInterval(140)).id == second.id)
        _ = try await s.act(ticket: first.id, .returnToQueue, at: nine.addingTimeInterval(200))
        #expect(try await s.callNext(window: "2", at: nine.addingTimeInterval(210)).id == first.id)
    }

    @Test func estimateUsesTheQueuesRecentServiceTimes() async throws {
        let s = store(try HallDatabase.inMemory())
        // No history: default 10 min × 2 people ahead ÷ 1 window.
        _ = try await s.issue(.queue("general"), at: nine)
        _ = try await s.issue(.queue("general"), at: nine)
        #expect(try await s.issue(.queue("general"), at: nine).estimatedWaitMinutes == 20)
        // One service of 4 minutes, call to finish; two windows signed in.
        _ = try await s.callNext(window: "1", at: nine)
        _ = try await s.act(window: "1", .start, at: nine.addingTimeInterval(30))
        _ = try await s.act(window: "1", .finish, at: nine.addingTimeInterval(240))
        try await s.signIn(window: "1", staff: StaffMember(id: "s1", name: "张三"), at: nine)
        try await s.signIn(window: "2", staff: StaffMember(id: "s2", name: "李四"), at: nine)
        // 2 still waiting ahead × 4 min ÷ 2 windows = 4 min.
        #expect(try await s.issue(.queue("general"), at: nine.addingTimeInterval(300)).estimatedWaitMinutes == 4)
    }
}

@Suite("People ahead and stale tickets", .timeLimit(.minutes(5)))
struct PeopleAheadTests {
    @Test func onlyTodaysWaitingTicketsOfTheQueueWithEqualOrHigherWeightCount() async throws {
        let s = store(try HallDatabase.inMemory())
        _ = try await s.issue(.queue("general"), at: nine.addingTimeInterval(-86_400))  // yesterday, never called
        _ = try await s.issue(.queue("general"), at: nine)
        _ = try await s.issue(.queue("general"), priority: .disabled, at: nine)
        _ = try await s.issue(.bundle("newborn"), at: nine)  // another queue
        let held = try await s.issue(.queue("general"), at: nine)
        _ = try await s.act(ticket: held.id, .call(window: "2"), at: nine)
        _ = try await s.act(window: "2", .hold, at: nine)
        #expect(try await s.issue(.queue("general"), at: nine).peopleAheadAtIssue == 2)
        #expect(try await s.issue(.queue("general"), priority: .pregnant, at: nine).peopleAheadAtIssue == 1)
        let status = try await s.queueStatus(day: "2026-11-23").first { $0.queue.id == "general" }
        #expect(status?.waiting == 4)
    }

    @Test func yesterdaysLeftoverIsNeverCalled() async throws {
        let s = store(try HallDatabase.inMemory())
        _ = try await s.issue(.queue("general"), at: nine.addingTimeInterval(-86_400))
        await #expect(throws: QueueError.nothingWaiting(window: "1")) { try await s.callNext(window: "1", at: nine) }
        let today = try await s.issue(.queue("general"), at: nine)
        #expect(try await s.callNext(window: "1", at: nine).id == today.id)
    }

    @Test func returnAtTheWindowBringsBackTheHeldTicketNotTheCurrentOne() async throws {
        let s = store(try HallDatabase.inMemory())
        let first = try await s.issue(.queue("general"), at: nine)
        let second = try await s.issue(.queue("general"), at: nine.addingTimeInterval(1))
        _ = try await s.callNext(window: "1", at: nine)
        _ = try await s.act(window: "1", .hold, at: nine)
        _ = try await s.callNext(window: "1", at: nine)
        let status = try await s.windowStatus().first { $0.window.id == "1" }
        #expect(status?.current?.id == second.id && status?.held.map(\.id) == [first.id])
        let back = try await s.act(window: "1", .returnToQueue, at: nine)
        #expect(back.id == first.id && back.state == .waiting && back.windowID == nil)
        await #expect(throws: QueueError.noHeldTicket(window: "1")) { try await s.act(window: "1", .returnToQueue, at: nine) }
        let events = try await s.events(ofTicket: first.id)
        #expect(events.last?.kind == .returnToQueue && events.last?.windowID == "1", "the event keeps the window that acted")
    }
}
