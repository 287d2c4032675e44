/// A "one thing" bundle (一件事): several service items across departments packaged as
/// one citizen-facing task (seed 002 §3, Appendix A).
public struct ServiceBundle: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Row number in seed 002 Table A.1, when the bundle comes from it.
    public var seedNumber: Int?
    /// Item ids in the order they are handled.
    public var items: [String]
    public var leadDepartment: String
    public var cooperatingDepartments: [String]
    public var examples: [String]?

    public init(
        id: String, name: String, seedNumber: Int? = nil, items: [String], leadDepartment: String,
        cooperatingDepartments: [String], examples: [String]? = nil
    ) {
        self.id = id; self.name = name; self.seedNumber = seedNumber; self.items = items
        self.leadDepartment = leadDepartment; self.cooperatingDepartments = cooperatingDepartments
        self.examples = examples
    }
}
