import Foundation
import IntakeCore
import IntakeStore

/// Today in the hall as the supervisor's dashboard shows it (R7 supervision, seed 004 §12):
/// the queues' figures (``DayFigures``), the open windows and who is at them, the day's
/// reviews with the bad ones' rectification tasks (R6), and the cases on a yellow or red
/// card (R4, seed 001 §二(四)4). Ticket and case numbers only: no applicant's name or ID.
public final class SupervisionService: Sendable {
    let hall: HallInForce
    let reviews: ReviewStore
    let reviewDesk: ReviewDesk
    let intake: CaseService
    let uploads: ReviewUploads
    /// How many of the day's reviews the dashboard lists, newest first.
    static let latestReviews = 10

    init(hall: HallInForce, reviews: ReviewStore, reviewDesk: ReviewDesk, intake: CaseService, uploads: ReviewUploads) {
        self.hall = hall; self.reviews = reviews; self.reviewDesk = reviewDesk; self.intake = intake; self.uploads = uploads
    }

    public func today() async throws -> SupervisionToday {
        let now = hall.clock()
        let store = hall.store
        let day = store.calendar.serviceDay(of: now)
        let (tickets, events) = try await store.day(day)
        let figures = DayFigures.compute(tickets: tickets, events: events, queues: store.layout.queues.map(\.id), now: now,
                                         calendar: store.calendar)
        let windows = try await store.windowStatus()
        return SupervisionToday(
            day: day, at: now,
            queues: figures.queues.map { SupervisionToday.QueueRow($0, name: store.layout.queue($0.queueID ?? "")?.name) },
            total: figures.total, callsPerHour: figures.callsPerHour,
            windowCount: windows.count,
            openWindows: windows.compactMap { w in
                w.staff.map { .init(windowID: w.window.id, name: w.window.name, staffID: $0.id, staffName: $0.name,
                                    currentTicket: w.current?.number, currentState: w.current?.state) }
            },
            reviews: try await reviewsOf(day: day, now: now),
            tasks: try await tasks(since: store.calendar.instant(day: now, minuteOfDay: 0)),
            cases: try await cases(), uploads: try await uploads.status(at: now))
    }

    private func reviewsOf(day: String, now: Date) async throws -> SupervisionToday.Reviews {
        let calendar = hall.store.calendar
        let dayOf = reviewDesk.reviewRules.day
        let start = calendar.instant(day: now, minuteOfDay: 0)
        // Whole hall-local day, whatever its length: fetched from its start, kept by its day.
        let found = try await reviews.reviews(ReviewFilter(from: start, to: start.addingTimeInterval(26 * 3600)))
            .filter { dayOf($0.at).description == day }
        let all = ReviewSummary.group(found, by: .day) { _ in "all" }.first
        let rows = found.reversed().map(SupervisionToday.ReviewRow.init)
        return .init(total: all?.total ?? 0, bad: all?.bad ?? 0, satisfactionRate: all?.satisfactionRate,
                     latest: Array(rows.prefix(Self.latestReviews)), badToday: rows.filter(\.bad))
    }

    /// The open tasks, and of the closed and voided ones those of today: the years of closed
    /// tasks are not read on every refresh of the dashboard.
    private func tasks(since startOfDay: Date) async throws -> SupervisionToday.Tasks {
        let open = try await reviews.openTasks()
        let all = open + (try await reviews.tasksClosed(from: startOfDay))
        let today = hall.civilToday
        var rows: [SupervisionToday.TaskRow] = []
        for task in open {
            let review = try await reviews.review(id: task.reviewID)
            rows.append(.init(id: task.id, reviewID: task.reviewID, department: task.department, state: task.state,
                              stateName: task.state.chineseName, dueDay: task.dueDay.description, overdue: task.isOverdue(today: today),
                              windowID: review?.windowID, ticketNumber: review?.ticketNumber, level: review?.level.rawValue,
                              levelName: review?.level.chineseName))
        }
        return .init(byState: RectificationState.allCases.map { state in
            .init(state: state, name: state.isFinal ? "今日" + state.chineseName : state.chineseName,
                  count: all.filter { $0.state == state }.count)
        }, open: rows)
    }

    private func cases() async throws -> SupervisionToday.Cases {
        var red: [SupervisionToday.CaseRow] = [], yellow: [SupervisionToday.CaseRow] = []
        // Only a case under way carries a card (CaseDeadline): the finished years of history
        // are never read on the dashboard's every refresh.
        let underWay = try await intake.cases.cases(state: .accepted) + intake.cases.cases(state: .suspended)
        for c in underWay {
            let deadline = intake.deadline(of: c)
            let row = SupervisionToday.CaseRow(number: c.number, title: c.title, state: c.state, stateName: c.state.chineseName,
                                               windowID: c.windowID, leadDepartment: c.leadDepartment,
                                               promisedDue: deadline.promisedDue?.description, daysLeft: deadline.daysLeft,
                                               card: deadline.card, cardName: deadline.card.chineseName)
            switch deadline.card {
            case .red: red.append(row)
            case .yellow: yellow.append(row)
            case .none: break
            }
        }
        let byDue: (SupervisionToday.CaseRow, SupervisionToday.CaseRow) -> Bool = { ($0.promisedDue ?? "", $0.number) < ($1.promisedDue ?? "", $1.number) }
        return .init(overdue: red.sorted(by: byDue), nearlyOverdue: yellow.sorted(by: byDue))
    }
}

/// The answer of `GET /api/v1/supervision/today`.
public struct SupervisionToday: Encodable, Sendable {
    public var day: String
    public var at: Date
    public var queues: [QueueRow]
    public var total: QueueFigures
    public var callsPerHour: [Int]
    public var windowCount: Int
    public var openWindows: [WindowRow]
    public var reviews: Reviews
    public var tasks: Tasks
    public var cases: Cases
    /// The reviews' upload to the 好差评 platform: waiting, failing, sent.
    public var uploads: ReviewUploadStatus

    public struct QueueRow: Encodable, Sendable {
        public var queueID: String
        public var name: String
        public var issued, waiting, served, noShows: Int
        public var waitingTime, serviceTime: TimeFigures
        public var longestWaitingSeconds: Double?

        init(_ f: QueueFigures, name: String?) {
            queueID = f.queueID ?? ""; self.name = name ?? queueID
            issued = f.issued; waiting = f.waiting; served = f.served; noShows = f.noShows
            waitingTime = f.waitingTime; serviceTime = f.serviceTime; longestWaitingSeconds = f.longestWaitingSeconds
        }
    }

    public struct WindowRow: Encodable, Sendable {
        public var windowID, name, staffID, staffName: String
        public var currentTicket: String?
        public var currentState: TicketState?
    }

    public struct Reviews: Encodable, Sendable {
        public var total, bad: Int
        public var satisfactionRate: Double?
        public var latest: [ReviewRow]
        /// Every bad review of the day, newest first: each is a rectification the hall answers for.
        public var badToday: [ReviewRow]
    }

    public struct ReviewRow: Encodable, Sendable {
        public var id: String
        public var at: Date
        public var level: Int
        public var levelName: String
        public var bad: Bool
        public var channel: ReviewChannel
        public var windowID, staffName, ticketNumber, caseNumber: String?
        public var itemName: String
        public var reasons: [String]

        init(_ r: Review) {
            id = r.id; at = r.at; level = r.level.rawValue; levelName = r.level.chineseName; bad = r.level.isBad; channel = r.channel
            windowID = r.windowID; staffName = r.staffName; ticketNumber = r.ticketNumber; caseNumber = r.caseNumber
            itemName = r.itemName; reasons = r.reasons
        }
    }

    public struct Tasks: Encodable, Sendable {
        /// Open tasks by state; closed and voided ones of today only.
        public var byState: [StateCount]
        /// Tasks not yet closed or voided, the earliest due first.
        public var open: [TaskRow]
    }

    public struct StateCount: Encodable, Sendable {
        public var state: RectificationState
        public var name: String
        public var count: Int
    }

    public struct TaskRow: Encodable, Sendable {
        public var id, reviewID, department: String
        public var state: RectificationState
        public var stateName, dueDay: String
        public var overdue: Bool
        public var windowID, ticketNumber: String?
        public var level: Int?
        public var levelName: String?
    }

    public struct Cases: Encodable, Sendable {
        /// Red card: past the promised day.
        public var overdue: [CaseRow]
        /// Yellow card: in the last working days before it.
        public var nearlyOverdue: [CaseRow]
    }

    public struct CaseRow: Encodable, Sendable {
        public var number, title: String
        public var state: CaseState
        public var stateName: String
        public var windowID: String?
        public var leadDepartment: String
        public var promisedDue: String?
        public var daysLeft: Int?
        public var card: CaseDeadline.Card
        public var cardName: String
    }
}
