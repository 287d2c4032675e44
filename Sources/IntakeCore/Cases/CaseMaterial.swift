/// One line of a case's materials checklist: what the item or bundle needs, and where the
/// case stands with it (R4; seed 004 §9.3). Shared data and what the bundle itself issues
/// are never asked of the applicant.
public struct CaseMaterial: Codable, Sendable, Hashable {
    public var materialID: String
    public var name: String
    /// Key (主要) materials must be present for accept-with-deficiencies.
    public var key: Bool
    public var required: Bool
    /// Items of the case that need it.
    public var neededBy: [String]
    public var status: Status
    /// What is wrong with it, or how it was obtained.
    public var note: String?

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Not yet checked at the window.
        case pending
        case present
        case missing
        /// Brought, but not in the legal form (expired, unreadable, wrong copy).
        case flawed
        /// Obtained by data sharing (数据共享).
        case dataSharing
        /// Issued by an earlier item of the same bundle.
        case producedInBundle
        /// Missing under a pledge (容缺): to be supplied by the deadline.
        case pledged

        /// The hall has it, or will have it without the applicant.
        public var isSatisfied: Bool { self == .present || self == .dataSharing || self == .producedInBundle }

        public var chineseName: String {
            switch self {
            case .pending: "待核验"
            case .present: "已收取"
            case .missing: "缺少"
            case .flawed: "需补正"
            case .dataSharing: "共享获取"
            case .producedInBundle: "联办产生"
            case .pledged: "容缺待补"
            }
        }
    }

    public init(materialID: String, name: String, key: Bool, required: Bool, neededBy: [String], status: Status, note: String? = nil) {
        self.materialID = materialID; self.name = name; self.key = key; self.required = required; self.neededBy = neededBy
        self.status = status; self.note = note
    }
}

extension Catalog {
    /// The checklist a new case starts with: the merged list for a bundle, the item's own list
    /// otherwise; shared-data and in-bundle materials already satisfied.
    public func checklist(itemID: String?, bundleID: String?) -> [CaseMaterial] {
        if let bundleID, let bundle = bundle(bundleID) {
            return mergedMaterials(of: bundle).map { m in
                let status: CaseMaterial.Status = switch m.disposition {
                case .ask: .pending
                case .dataSharing: .dataSharing
                case .producedInBundle: .producedInBundle
                }
                return CaseMaterial(materialID: m.material.id, name: m.material.name, key: m.key, required: m.required,
                                    neededBy: m.neededBy, status: status)
            }
        }
        guard let itemID, let item = item(itemID) else { return [] }
        return item.materials.map { m in
            CaseMaterial(materialID: m.id, name: m.name, key: m.key, required: m.requirement == .required, neededBy: [item.id],
                         status: m.source == .dataSharing ? .dataSharing : .pending)
        }
    }
}
