/// The merged materials list (一套材料) of a bundle: each material once, with the items
/// that need it and whether the applicant is asked for it (seed 002 §3 一套材料, §5.1).
public struct MergedMaterial: Codable, Sendable, Hashable {
    public var material: Material
    /// Items of the bundle that need it, in bundle order.
    public var neededBy: [String]
    public var disposition: Disposition
    /// Required by at least one item (conditional only if every item has it conditional).
    public var required: Bool
    /// Key for at least one item: cannot be missing under accept-with-deficiencies.
    public var key: Bool

    /// For `producedInBundle`: the item of the bundle that issues it.
    public var producedBy: String?

    public enum Disposition: String, Codable, Sendable, Hashable {
        /// The applicant brings it.
        case ask
        /// The hall obtains it by data sharing; never asked (seed 004 §9.1.2).
        case dataSharing
        /// An earlier item of the same bundle issues it (e.g. 出生医学证明 in 新生儿出生).
        case producedInBundle

        /// Whether the one-time notice asks the applicant for it.
        public var isAsked: Bool { self == .ask }
    }
}

extension Catalog {
    /// Derives the merged materials list of a bundle.
    ///
    /// A material is matched across items by its canonical id. It is produced inside the
    /// bundle when an item *before* the first one that needs it lists it as its result.
    public func mergedMaterials(of bundle: ServiceBundle) -> [MergedMaterial] {
        let bundleItems = items(of: bundle)
        var order: [String] = []
        var merged: [String: MergedMaterial] = [:]
        var producedBy: [String: (item: String, position: Int)] = [:]
        for (position, item) in bundleItems.enumerated() {
            if let produced = item.result?.producesMaterial, producedBy[produced] == nil {
                producedBy[produced] = (item.id, position)
            }
            for material in item.materials {
                if var existing = merged[material.id] {
                    existing.neededBy.append(item.id)
                    existing.required = existing.required || material.requirement == .required
                    existing.key = existing.key || material.key
                    if material.source != .dataSharing && existing.material.source == .dataSharing {
                        existing.material.source = material.source
                    }
                    merged[material.id] = existing
                } else {
                    order.append(material.id)
                    merged[material.id] = MergedMaterial(
                        material: material, neededBy: [item.id], disposition: .ask,
                        required: material.requirement == .required, key: material.key)
                }
            }
        }
        return order.map { id in
            var entry = merged[id]!
            let firstNeed = bundleItems.firstIndex { $0.id == entry.neededBy[0] } ?? 0
            if let producer = producedBy[id], producer.position < firstNeed {
                entry.disposition = .producedInBundle
                entry.producedBy = producer.item
            } else if entry.material.source == .dataSharing {
                entry.disposition = .dataSharing
            }
            return entry
        }
    }

    /// The materials of a single item, in the same shape as a bundle's merged list.
    public func materialsList(of item: ServiceItem) -> [MergedMaterial] {
        item.materials.map { material in
            MergedMaterial(
                material: material, neededBy: [item.id],
                disposition: material.source == .dataSharing ? .dataSharing : .ask,
                required: material.requirement == .required, key: material.key)
        }
    }
}
