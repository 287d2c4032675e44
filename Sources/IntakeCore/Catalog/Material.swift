/// One application material of a service item (申请材料), as in the national
/// `up_task_general_material` schema: necessity, form, copies, source channel.
public struct Material: Codable, Sendable, Hashable, Identifiable {
    /// Canonical id shared by every item that needs the same material, so bundles merge it.
    public var id: String
    public var name: String
    public var requirement: Requirement
    /// When `requirement` is conditional: the condition, in the guide's words.
    public var condition: String?
    /// Key materials (主要材料) must be present even for accept-with-deficiencies (容缺受理).
    public var key: Bool
    public var form: MaterialForm
    public var copies: Int
    public var source: MaterialSource
    /// Reference to the blank form (空白表格), if any.
    public var blankForm: String?
    /// Reference to a filled-in sample (示例样表), if any.
    public var sample: String?
    public var examples: [String]?

    public init(
        id: String, name: String, requirement: Requirement = .required, condition: String? = nil,
        key: Bool = true, form: MaterialForm = .paper, copies: Int = 1, source: MaterialSource = .applicant,
        blankForm: String? = nil, sample: String? = nil, examples: [String]? = nil
    ) {
        self.id = id; self.name = name; self.requirement = requirement; self.condition = condition
        self.key = key; self.form = form; self.copies = copies; self.source = source
        self.blankForm = blankForm; self.sample = sample; self.examples = examples
    }

    public enum Requirement: String, Codable, Sendable, CaseIterable { case required, conditional }

    /// 材料形式.
    public enum MaterialForm: String, Codable, Sendable, CaseIterable {
        case paper, electronic
        /// Original shown for inspection and handed back (原件核验).
        case original
    }

    /// 来源渠道: only what the applicant must bring is asked at the window.
    public enum MaterialSource: String, Codable, Sendable, CaseIterable {
        case applicant
        /// Issued by another department; the applicant still brings it.
        case otherDepartment
        /// Obtainable by data sharing (数据共享): never asked of the applicant (seed 004 §9.1.2).
        case dataSharing
    }
}
