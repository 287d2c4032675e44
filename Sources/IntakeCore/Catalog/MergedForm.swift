/// One field of a bundle's merged form (一表申请): asked once, used by several items.
public struct MergedFormField: Codable, Sendable, Hashable {
    public var field: FormField
    public var usedBy: [String]
}

extension Catalog {
    /// Derives the merged form of a bundle: fields de-duplicated by canonical id, in order of
    /// first use, each with the items that use it (seed 002 §3 一表申请).
    public func mergedForm(of bundle: ServiceBundle) -> [MergedFormField] {
        var order: [String] = []
        var fields: [String: MergedFormField] = [:]
        for item in items(of: bundle) {
            for field in item.formFields ?? [] {
                if fields[field.id] == nil {
                    order.append(field.id)
                    fields[field.id] = MergedFormField(field: field, usedBy: [])
                }
                fields[field.id]!.usedBy.append(item.id)
            }
        }
        return order.map { fields[$0]! }
    }
}
