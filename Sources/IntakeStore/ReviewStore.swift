import Foundation
import GRDB
import IntakeCore

extension Review: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "review" }
}

extension KeypadArming: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "keypadArming" }
}

extension RectificationTask: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "rectificationTask" }
}

extension RectificationEvent: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "rectificationEvent" }
}

extension KeypadPress: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "keypadPress" }
}

/// Reviews, keypad armings and presses, and the rectification tasks of bad reviews. Each
/// press or step is one write transaction: a review, its task and its upload to the 好差评
/// platform (``ReviewUploadOutbox``) are stored together, and the unique indexes make a
/// second review of one service or one online case impossible.
public struct ReviewStore: Sendable {
    public let writer: any DatabaseWriter
    /// Where every stored review's report to the 好差评 platform waits (issue 15).
    public let uploads: ReviewUploadOutbox
    private let makeID: @Sendable () -> String

    /// - Parameter uploads: the hall's upload outbox (one that wakes its uploader); by default
    ///   one on `writer` that wakes nobody.
    public init(writer: any DatabaseWriter, uploads: ReviewUploadOutbox? = nil,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.writer = writer
        self.uploads = uploads ?? ReviewUploadOutbox(writer: writer)
        self.makeID = makeID
    }

    /// Arms a window's keypad for the service it just finished (replacing any earlier arming).
    public func arm(_ arming: KeypadArming) async throws(ReviewStoreError) {
        try await run { db in try arming.save(db) }
    }

    /// Ends a window's arming (the next citizen was called).
    public func disarm(window: String) async throws(ReviewStoreError) {
        try await run { db in _ = try KeypadArming.deleteOne(db, key: window) }
    }

    public func arming(window: String) async throws -> KeypadArming? {
        try await writer.read { db in try KeypadArming.fetchOne(db, key: window) }
    }

    /// A key press at a window: the review it makes (with the task of a bad review), or why it made none.
    public func press(window: String, level: ReviewLevel, at now: Date, hall: ReviewRules) async throws(ReviewStoreError) -> PressResult {
        let reviewID = makeID(), taskID = makeID()
        return try await run { db in
            let arming = try KeypadArming.fetchOne(db, key: window)
            let outcome = KeypadPressOutcome.decide(level: level, arming: arming, at: now, reviewID: reviewID)
            switch outcome {
            case .ignored(let why):
                try KeypadPress(windowID: window, level: level, at: now, outcome: why.rawValue, reviewID: nil).insert(db)
                return PressResult(review: nil, task: nil, ignored: why)
            case .review(let review, let used):
                if let ticketID = review.ticketID, try Review.filter(Column("ticketID") == ticketID).fetchCount(db) > 0 {
                    try KeypadPress(windowID: window, level: level, at: now, outcome: IgnoredPress.alreadyReviewed.rawValue, reviewID: nil).insert(db)
                    return PressResult(review: nil, task: nil, ignored: .alreadyReviewed)
                }
                try used.update(db)
                let task = try store(review, rater: used.subject.rater, taskID: taskID, db: db, rules: hall)
                try KeypadPress(windowID: window, level: level, at: now, outcome: "review", reviewID: review.id).insert(db)
                return PressResult(review: review, task: task, ignored: nil)
            }
        }
    }

    /// A review given at the kiosk or online for a ticket or case that has none yet.
    public func add(_ subject: ReviewSubject, channel: ReviewChannel, level: ReviewLevel, at now: Date,
                    hall: ReviewRules) async throws(ReviewStoreError) -> PressResult {
        let review = subject.review(id: makeID(), channel: channel, level: level, at: now)
        let taskID = makeID()
        return try await run { db in
            if let ticketID = review.ticketID, try Review.filter(Column("ticketID") == ticketID).fetchCount(db) > 0 {
                throw ReviewStoreError.alreadyReviewed("ticket \(review.ticketNumber ?? ticketID) has its review already (一次一评)")
            }
            if let number = review.caseNumber, try Review.filter(Column("caseNumber") == number).fetchCount(db) > 0 {
                throw ReviewStoreError.alreadyReviewed("case \(number) has its review already (一事一评)")
            }
            // The window's keypad must not rate the same service afterwards.
            if let ticketID = review.ticketID {
                try db.execute(sql: "UPDATE keypadArming SET reviewID = ? WHERE json_extract(subject, '$.ticketID') = ?",
                               arguments: [review.id, ticketID])
            }
            let task = try store(review, rater: subject.rater, taskID: taskID, db: db, rules: hall)
            return PressResult(review: review, task: task, ignored: nil)
        }
    }

    /// The reasons a citizen chose after a bad review (once, from the hall's list).
    public func setReasons(review id: String, reasons: [String], allowed: [String],
                           upload: ReviewUploadPolicy = ReviewUploadPolicy()) async throws(ReviewStoreError) -> Review {
        let unknown = reasons.filter { !allowed.contains($0) }
        guard unknown.isEmpty else { throw .badInput("not a reason on the hall's list: \(unknown.joined(separator: ", "))") }
        guard !reasons.isEmpty else { throw .badInput("choose at least one reason") }
        return try await run { db in
            guard var review = try Review.fetchOne(db, key: id) else { throw ReviewStoreError.notFound("no review \(id)") }
            guard review.level.isBad else { throw ReviewStoreError.badInput("reasons are asked only after a bad review") }
            guard review.reasons.isEmpty else { throw ReviewStoreError.conflict("the reasons of this review were given already") }
            var seen = Set<String>()
            review.reasons = reasons.filter { seen.insert($0).inserted }
            try review.update(db)
            try uploads.reasonsGiven(review, policy: upload, in: db)
            return review
        }
    }

    /// Applies a step to a task and records it with who and when.
    public func act(task id: String, _ action: RectificationAction, by staff: String, at now: Date) async throws(ReviewStoreError) -> RectificationTask {
        try await run { db in
            guard let task = try RectificationTask.fetchOne(db, key: id) else { throw ReviewStoreError.notFound("no review task \(id)") }
            let changed: RectificationTask
            do { changed = try RectificationTransitions.apply(action, to: task, at: now) } catch let error as RectificationError { throw ReviewStoreError.refused(error) }
            try changed.update(db)
            try RectificationEvent(taskID: id, action: action.name, from: task.state, to: changed.state, by: staff, at: now,
                                   note: action.note).insert(db)
            return changed
        }
    }

    // MARK: Reading

    public func reviews(_ filter: ReviewFilter = ReviewFilter()) async throws -> [Review] {
        try await writer.read { db in
            var request = Review.all()
            if let w = filter.window { request = request.filter(Column("windowID") == w) }
            if let s = filter.staff { request = request.filter(Column("staffID") == s) }
            if let i = filter.item { request = request.filter(Column("itemCode") == i) }
            if let c = filter.channel { request = request.filter(Column("channel") == c.rawValue) }
            if filter.badOnly { request = request.filter(Column("level") <= ReviewLevel.dissatisfied.rawValue) }
            if let from = filter.from { request = request.filter(Column("at") >= from) }
            if let to = filter.to { request = request.filter(Column("at") < to) }
            return try request.order(Column("at"), Column("id")).fetchAll(db)
        }
    }

    public func review(id: String) async throws -> Review? {
        try await writer.read { db in try Review.fetchOne(db, key: id) }
    }

    /// Tasks not yet closed or voided, earliest due first: the hall's open work, read through
    /// `rectificationTask_state_due` without the closed tasks of past years.
    public func openTasks() async throws -> [RectificationTask] {
        let open = RectificationState.allCases.filter { !$0.isFinal }.map(\.rawValue)
        return try await writer.read { db in
            try RectificationTask.filter(open.contains(Column("state"))).order(Column("dueDay"), Column("openedAt")).fetchAll(db)
        }
    }

    /// Tasks closed or voided at `start` or later.
    public func tasksClosed(from start: Date) async throws -> [RectificationTask] {
        try await writer.read { db in try RectificationTask.filter(Column("closedAt") >= start).fetchAll(db) }
    }

    public func tasks(state: RectificationState? = nil) async throws -> [RectificationTask] {
        try await writer.read { db in
            var request = RectificationTask.all()
            if let state { request = request.filter(Column("state") == state.rawValue) }
            return try request.order(Column("dueDay"), Column("openedAt")).fetchAll(db)
        }
    }

    public func task(id: String) async throws -> RectificationTask? {
        try await writer.read { db in try RectificationTask.fetchOne(db, key: id) }
    }

    public func task(forReview id: String) async throws -> RectificationTask? {
        try await writer.read { db in try RectificationTask.filter(Column("reviewID") == id).fetchOne(db) }
    }

    public func events(ofTask id: String) async throws -> [RectificationEvent] {
        try await writer.read { db in try RectificationEvent.filter(Column("taskID") == id).order(Column("id")).fetchAll(db) }
    }

    /// Presses that made no review, by window and reason.
    public func ignoredPresses() async throws -> [IgnoredPressCount] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT windowID, outcome, count(*) AS n FROM keypadPress WHERE outcome != 'review'
                GROUP BY windowID, outcome ORDER BY windowID, outcome
                """).map { IgnoredPressCount(windowID: $0["windowID"], reason: $0["outcome"], count: $0["n"]) }
        }
    }

    // MARK: Internals

    private func store(_ review: Review, rater: ReviewRater?, taskID: String, db: Database, rules: ReviewRules) throws -> RectificationTask? {
        try review.insert(db)
        try uploads.enqueue(review, rater: rater, policy: rules.upload, in: db)
        guard review.level.isBad else { return nil }
        let task = RectificationTask.open(for: review, id: taskID, reviewDay: rules.day(review.at), policy: rules.policy,
                                          calendar: rules.calendar)
        try task.insert(db)
        try RectificationEvent(taskID: task.id, action: "open", from: nil, to: task.state, by: "system", at: review.at,
                               note: "\(review.level.chineseName), due \(task.dueDay)").insert(db)
        return task
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ReviewStoreError) -> T {
        do {
            return try await writer.write(body)
        } catch let error as ReviewStoreError {
            throw error
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && "\(error)".contains("review.") {
            throw .alreadyReviewed("this service or case has its review already")
        } catch {
            throw .storage(String(describing: error))
        }
    }
}

/// What the store needs of the hall to open a task: its review policy, working calendar,
/// and the hall-local day of an instant.
public struct ReviewRules: Sendable {
    public var policy: ReviewPolicy
    public var calendar: WorkingCalendar
    public var day: @Sendable (Date) -> CivilDay
    /// When a stored review's upload to the 好差评 platform falls due.
    public var upload: ReviewUploadPolicy

    public init(policy: ReviewPolicy, calendar: WorkingCalendar, upload: ReviewUploadPolicy = ReviewUploadPolicy(),
                day: @escaping @Sendable (Date) -> CivilDay) {
        self.policy = policy; self.calendar = calendar; self.upload = upload; self.day = day
    }
}

/// What one press or one online review came to.
public struct PressResult: Sendable {
    public var review: Review?
    public var task: RectificationTask?
    public var ignored: IgnoredPress?
}

public struct ReviewFilter: Sendable {
    public var window: String?
    public var staff: String?
    public var item: String?
    public var channel: ReviewChannel?
    public var badOnly = false
    public var from: Date?
    public var to: Date?

    public init(window: String? = nil, staff: String? = nil, item: String? = nil, channel: ReviewChannel? = nil,
                badOnly: Bool = false, from: Date? = nil, to: Date? = nil) {
        self.window = window; self.staff = staff; self.item = item; self.channel = channel; self.badOnly = badOnly
        self.from = from; self.to = to
    }
}

public struct IgnoredPressCount: Codable, Sendable, Equatable {
    public var windowID: String
    public var reason: String
    public var count: Int
}

public enum ReviewStoreError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case alreadyReviewed(String)
    case conflict(String)
    case badInput(String)
    case refused(RectificationError)
    case storage(String)

    public var description: String {
        switch self {
        case .notFound(let s), .alreadyReviewed(let s), .conflict(let s), .badInput(let s), .storage(let s): s
        case .refused(let e): e.description
        }
    }
}
