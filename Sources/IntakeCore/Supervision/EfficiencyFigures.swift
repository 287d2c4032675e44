/// The four efficiency figures of seed 004 §12.3.4 for one scope and period, each defined in
/// docs/METRICS.md:
/// - 受理集中率 `concentration`: the catalog's items of the scope that have entered the hall
///   (``ServiceItem/acceptedInHall``) over all its items — hall and departments only;
/// - 按时办结率 `onTimePromised` / `onTimeLegal`: cases finished in the period on or before
///   their promised (legal) due day over the cases finished in it;
/// - 网上办结率 `online`: finished cases of the online channel over all finished — 0 of n
///   while the hall has no online intake;
/// - 即办件比率 `immediate`: immediate cases (即办件) over the cases accepted in the period.
public struct EfficiencyFigures: Codable, Sendable, Equatable {
    public var concentration: Rate?
    public var accepted: Int
    public var finished: Int
    public var onTimePromised: Rate
    public var onTimeLegal: Rate
    public var online: Rate
    public var immediate: Rate

    /// - Parameter items: the scope's catalog items, or nil for a window or a staff member
    ///   (the catalog gives items to departments only).
    static func compute(_ cases: [(ServiceCase, CaseTimeline)], period: ReportPeriod, items: [ServiceItem]?) -> EfficiencyFigures {
        let finished = cases.filter { $0.1.finishedOn.map(period.contains) ?? false }
        let accepted = cases.filter { $0.0.acceptedOn.map(period.contains) ?? false }
        return EfficiencyFigures(
            concentration: items.map { items in Rate(items.filter { $0.acceptedInHall ?? true }.count, of: items.count) },
            accepted: accepted.count, finished: finished.count,
            onTimePromised: Rate(finished.filter { $0.1.onTimePromised == true }.count, of: finished.count),
            onTimeLegal: Rate(finished.filter { $0.1.onTimeLegal == true }.count, of: finished.count),
            online: Rate(finished.filter { $0.0.channel == .online }.count, of: finished.count),
            immediate: Rate(accepted.filter { $0.0.caseType == .immediate }.count, of: accepted.count))
    }
}
