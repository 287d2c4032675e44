/// One scope's figures for a period (seed 004 §12.3.4–§12.3.6; docs/METRICS.md).
public struct ScopeFigures: Codable, Sendable, Equatable {
    public var scope: ReportScope
    public var efficiency: EfficiencyFigures
    public var service: ServiceFigures
    public var reviews: ReviewFigures
    public var complaints: ComplaintFigures
    /// The deductions (§12.3.5) of the scope's cases, by ``DeductionKind`` raw value; every kind present.
    public var deductions: [String: Int]
}

/// The supervision report of a day, month or quarter: the hall's figures, then each
/// department's, window's and staff member's, and the deductions with their cases. Every
/// figure is a pure function of the stored records (``SupervisionRecords``) and the day the
/// report is made; docs/METRICS.md defines each one with its clause.
public struct SupervisionReport: Codable, Sendable, Equatable {
    public var period: ReportPeriod
    /// `2026-12-07`, `2026-12` or `2026-Q4`.
    public var label: String
    /// The day the report was made: figures of a period still running can change.
    public var madeOn: CivilDay
    public var hall: ScopeFigures
    public var departments: [ScopeFigures]
    public var windows: [ScopeFigures]
    public var staff: [ScopeFigures]
    public var deductions: [Deduction]
    /// The hall's wait estimates against the waits had, and against the naive estimator.
    public var waitEstimate: WaitEstimateFigures
    /// What a reader must know to read a figure right (a rate that cannot be above 0 yet).
    public var notes: [String]
    /// The archive's head at the period's end (none while the archive is empty).
    public var archiveHead: ArchiveHead?

    public static func compute(_ records: SupervisionRecords, period: ReportPeriod, today: CivilDay,
                               context: SupervisionContext) -> SupervisionReport {
        let calendar = context.calendar
        func inPeriod(_ text: String) -> Bool { CivilDay(text).map(period.contains) ?? false }

        var eventsByTicket: [String: [TicketEvent]] = [:]
        for e in records.ticketEvents { eventsByTicket[e.ticketID, default: []].append(e) }
        let tickets = records.tickets.filter { inPeriod($0.serviceDay) }.map { t in
            (t, (eventsByTicket[t.id] ?? []).sorted { $0.at < $1.at })
        }
        let ticketKeys = tickets.map { ScopeKeys.of($0.0, events: $0.1, catalog: context.catalog) }

        var eventsByCase: [String: [CaseEvent]] = [:]
        for e in records.caseEvents { eventsByCase[e.caseID, default: []].append(e) }
        let cases = records.cases.map { c in
            (c, CaseTimeline.of(c, events: eventsByCase[c.id] ?? [], today: today, calendar: calendar,
                                workingCalendar: context.workingCalendar))
        }
        let deductions = Deduction.compute(cases, period: period, today: today, context: context)
        let reviews = records.reviews.filter { inPeriod(calendar.serviceDay(of: $0.at)) }
        let complaints = records.complaints.filter { period.contains($0.receivedOn) }

        func figures(_ scope: ReportScope) -> ScopeFigures {
            func mine(_ keys: ScopeKeys) -> Bool { keys.key(scope.kind) == (scope.kind == .hall ? "" : scope.id) }
            let scopeCases = cases.filter { mine(.of($0.0)) }
            let numbers = Set(scopeCases.map(\.0.number))
            let items: [ServiceItem]? = switch scope.kind {
            case .hall: context.catalog.items
            case .department: context.catalog.items.filter { $0.department == scope.id }
            case .window, .staff: nil
            }
            return ScopeFigures(
                scope: scope,
                efficiency: .compute(scopeCases, period: period, items: items),
                service: .compute(zip(tickets, ticketKeys).filter { mine($0.1) }.map(\.0), calendar: calendar),
                reviews: .compute(reviews.filter { mine(.of($0)) }, tasks: records.tasks),
                complaints: .compute(complaints.filter { mine(.of($0)) }, calendar: calendar),
                deductions: Dictionary(uniqueKeysWithValues: deductions.map { d in
                    (d.kind.rawValue, d.cases.filter { numbers.contains($0.caseNumber) }.count)
                }))
        }

        let allKeys = cases.map { ScopeKeys.of($0.0) } + ticketKeys + reviews.map { ScopeKeys.of($0) } + complaints.map { ScopeKeys.of($0) }
        let departments = Set(context.catalog.items.map(\.department) + allKeys.compactMap(\.department)).sorted()
        let windows = Set(context.windowNames.keys).union(allKeys.compactMap(\.window)).sorted { $0.countsBefore($1) }
        let staff = Set(allKeys.compactMap(\.staff)).sorted()
        let reviewedNames = Dictionary(reviews.compactMap { r in r.staffID.flatMap { id in r.staffName.map { (id, $0) } } },
                                       uniquingKeysWith: { a, _ in a })
        let hall = figures(ReportScope(kind: .hall, id: "", name: "全厅"))

        var notes: [String] = []
        if hall.efficiency.online.numerator == 0 {
            notes.append("网上办结率为 0：本厅尚无网上受理的办件（§12.3.4c）。")
        }
        notes.append("未按规定收费（§12.3.5d）：每笔收费按目录核对，不收费事项收费、金额不符当场拒收，故不会出现此类办件。")
        return SupervisionReport(
            period: period, label: period.description, madeOn: today, hall: hall,
            departments: departments.map { figures(ReportScope(kind: .department, id: $0, name: $0)) },
            // Several windows share a name (综合窗口): the number comes first.
            windows: windows.map { id in
                figures(ReportScope(kind: .window, id: id, name: "\(id)号窗口" + (context.windowNames[id].map { "（\($0)）" } ?? "")))
            },
            staff: staff.map { figures(ReportScope(kind: .staff, id: $0, name: context.staffNames[$0] ?? reviewedNames[$0] ?? $0)) },
            deductions: deductions,
            waitEstimate: .compute(tickets, naiveMinutesPerPerson: context.naiveMinutesPerPerson),
            notes: notes, archiveHead: records.archiveHead)
    }
}

extension String {
    /// Window ids in the order a person counts them: 2 before 10.
    func countsBefore(_ other: String) -> Bool {
        switch (Int(self), Int(other)) {
        case let (a?, b?): a < b
        case (_?, nil): true
        case (nil, _?): false
        default: self < other
        }
    }
}
