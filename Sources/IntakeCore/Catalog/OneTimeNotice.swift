/// The one-time notice (一次告知) given at ticket time: everything to bring, at once, with
/// what the hall obtains itself (seed 002 §3 一次告知; seed 004 §9.3).
public struct OneTimeNotice: Codable, Sendable, Hashable {
    public var title: String
    /// Materials the applicant must bring.
    public var bring: [MergedMaterial]
    /// Materials the applicant need not bring (data sharing or produced inside the bundle).
    public var skip: [MergedMaterial]
    /// Working days promised, the longest of the items involved.
    public var promisedLimitDays: Int
    public var visitsRequired: Int
}

extension Catalog {
    public func oneTimeNotice(for bundle: ServiceBundle) -> OneTimeNotice {
        let list = mergedMaterials(of: bundle)
        let items = items(of: bundle)
        return OneTimeNotice(
            title: bundle.name,
            bring: list.filter { $0.disposition.isAsked },
            skip: list.filter { !$0.disposition.isAsked },
            promisedLimitDays: items.map(\.promisedLimitDays).max() ?? 0,
            visitsRequired: items.map(\.visitsRequired).max() ?? 0)
    }

    public func oneTimeNotice(for item: ServiceItem) -> OneTimeNotice {
        let list = materialsList(of: item)
        return OneTimeNotice(
            title: item.name,
            bring: list.filter { $0.disposition.isAsked },
            skip: list.filter { !$0.disposition.isAsked },
            promisedLimitDays: item.promisedLimitDays,
            visitsRequired: item.visitsRequired)
    }
}
