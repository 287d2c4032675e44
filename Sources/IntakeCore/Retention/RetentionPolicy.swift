/// How long the hall keeps each kind of personal record (issue 17; seed 004 §6.1 保密,
/// seed 002 人员素质: staff must not leak citizens' information), in days after the record's
/// day: a ticket's service day, a booking's slot day, a case's or a complaint's closing, a
/// message's creation, a press or print. Past it the personal fields are erased, not hidden
/// (``RetentionStore``); the record itself and every figure built from it stay.
///
/// The defaults are a starting point for the hall's own archive rules: a real-name ticket's
/// holder a month; a booking's holder a quarter; a closed case's applicant five years and its
/// page images ten (a typical 办件 archive period); a closed complaint's complainant three
/// years; sent messages' recipients and texts a quarter; keypad presses and the print log
/// half a year.
public struct RetentionPolicy: Codable, Sendable, Equatable {
    public var ticketHolderDays = 30
    public var bookingHolderDays = 90
    public var caseApplicantDays = 1825
    public var pageImageDays = 3650
    public var complainantDays = 1095
    public var notificationDays = 90
    public var pressLogDays = 180
    public var printLogDays = 180

    public init() {}

    /// Each kind with its configuration key (`retention.<key>`) and days.
    public var periods: [(key: String, days: Int)] {
        [("ticketHolderDays", ticketHolderDays), ("bookingHolderDays", bookingHolderDays), ("caseApplicantDays", caseApplicantDays),
         ("pageImageDays", pageImageDays), ("complainantDays", complainantDays), ("notificationDays", notificationDays),
         ("pressLogDays", pressLogDays), ("printLogDays", printLogDays)]
    }

    /// What is wrong with the periods, each naming its key: a period under a day would erase
    /// today's work.
    public var problems: [String] {
        periods.filter { $0.days < 1 }.map { "retention.\($0.key) must be at least 1 day, got \($0.days)" }
    }

    /// The first day kept of each kind on `today`: records whose day is before it are erased.
    public func cutoffs(today: CivilDay) -> RetentionCutoffs {
        func keep(_ days: Int) -> CivilDay { today.adding(days: -days) }
        return RetentionCutoffs(ticketHolders: keep(ticketHolderDays), bookingHolders: keep(bookingHolderDays),
                                caseApplicants: keep(caseApplicantDays), pageImages: keep(pageImageDays),
                                complainants: keep(complainantDays), notifications: keep(notificationDays),
                                pressLog: keep(pressLogDays), printLog: keep(printLogDays))
    }
}

/// The first day kept of each kind of record (``RetentionPolicy/cutoffs(today:)``).
public struct RetentionCutoffs: Codable, Sendable, Equatable {
    public var ticketHolders, bookingHolders, caseApplicants, pageImages, complainants, notifications, pressLog, printLog: CivilDay
}

/// What one run erased, as counts: the archive records these, never what was erased.
public struct RetentionErasure: Codable, Sendable, Equatable {
    public var ticketHolders = 0, bookingHolders = 0, caseApplicants = 0, pageImages = 0, complainants = 0, notifications = 0
    /// Review reports sent to the 好差评 platform, their masked rater dropped (with the messages' period).
    public var reviewReports = 0
    public var pressLog = 0, printLog = 0

    public init() {}

    /// Adds a batch's counts (a run erases in batches).
    public mutating func add(_ other: RetentionErasure) {
        ticketHolders += other.ticketHolders; bookingHolders += other.bookingHolders; caseApplicants += other.caseApplicants
        pageImages += other.pageImages; complainants += other.complainants; notifications += other.notifications
        reviewReports += other.reviewReports; pressLog += other.pressLog; printLog += other.printLog
    }

    public var total: Int {
        ticketHolders + bookingHolders + caseApplicants + pageImages + complainants + notifications + reviewReports + pressLog + printLog
    }

    /// The archive entry's facts: the counts and the cutoffs, nothing erased.
    public func facts(_ cutoffs: RetentionCutoffs) -> [String: String] {
        ["ticketHolders": "\(ticketHolders) before \(cutoffs.ticketHolders)", "bookingHolders": "\(bookingHolders) before \(cutoffs.bookingHolders)",
         "caseApplicants": "\(caseApplicants) closed before \(cutoffs.caseApplicants)", "pageImages": "\(pageImages) closed before \(cutoffs.pageImages)",
         "complainants": "\(complainants) closed before \(cutoffs.complainants)", "notifications": "\(notifications) before \(cutoffs.notifications)",
         "reviewReports": "\(reviewReports) sent before \(cutoffs.notifications)",
         "pressLog": "\(pressLog) before \(cutoffs.pressLog)", "printLog": "\(printLog) before \(cutoffs.printLog)"]
    }
}
