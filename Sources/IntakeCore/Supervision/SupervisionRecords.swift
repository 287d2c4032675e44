/// What a supervision report is computed from (docs/METRICS.md), as stored: the tickets of
/// the period's days with their events, the cases touched in it or still under way with
/// their events, the period's reviews with the bad ones' rectification tasks, and the
/// period's complaints. The store reads them; the figures are pure functions of these.
public struct SupervisionRecords: Sendable {
    public var tickets: [Ticket]
    public var ticketEvents: [TicketEvent]
    public var cases: [ServiceCase]
    public var caseEvents: [CaseEvent]
    public var reviews: [Review]
    public var tasks: [RectificationTask]
    public var complaints: [Complaint]
    /// The archive chain's last entry written before the period ended.
    public var archiveHead: ArchiveHead?

    public init(tickets: [Ticket] = [], ticketEvents: [TicketEvent] = [], cases: [ServiceCase] = [], caseEvents: [CaseEvent] = [],
                reviews: [Review] = [], tasks: [RectificationTask] = [], complaints: [Complaint] = [], archiveHead: ArchiveHead? = nil) {
        self.tickets = tickets; self.ticketEvents = ticketEvents; self.cases = cases; self.caseEvents = caseEvents
        self.reviews = reviews; self.tasks = tasks; self.complaints = complaints; self.archiveHead = archiveHead
    }
}

/// The hall a report speaks of: its catalog (which items have entered the hall, whose
/// department an item is), its calendars, and the names of its windows and staff.
public struct SupervisionContext: Sendable {
    public var catalog: Catalog
    public var calendar: HallCalendar
    public var workingCalendar: WorkingCalendar
    public var windowNames: [String: String]
    public var staffNames: [String: String]
    /// Working days a finished result may wait at the pickup window before it counts as
    /// not handed out (§12.3.5e).
    public var handOverWorkingDays: Int

    /// The naive wait estimator's time per person ahead, which the hall's is compared with.
    public var naiveMinutesPerPerson: Double

    public static let defaultHandOverWorkingDays = 10

    public init(catalog: Catalog, calendar: HallCalendar, workingCalendar: WorkingCalendar, windowNames: [String: String] = [:],
                staffNames: [String: String] = [:], handOverWorkingDays: Int = SupervisionContext.defaultHandOverWorkingDays,
                naiveMinutesPerPerson: Double = WaitEstimator().defaultServiceMinutes) {
        self.catalog = catalog; self.calendar = calendar; self.workingCalendar = workingCalendar; self.windowNames = windowNames
        self.staffNames = staffNames; self.handOverWorkingDays = handOverWorkingDays
        self.naiveMinutesPerPerson = naiveMinutesPerPerson
    }
}

/// The head of the tamper-evident archive as a report carries it (issue 17: the anchor in the
/// daily report): the last entry's number and hash at the period's end, so a printed or filed
/// report vouches for the chain outside the database too.
public struct ArchiveHead: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) { self.sequence = sequence; self.hash = hash }
}
