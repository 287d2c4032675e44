/// The service catalog (政务服务事项实施清单): items and bundles, validated and indexed.
///
/// Build one with ``CatalogLoader`` (from file bytes) or ``init(items:bundles:)`` (validates).
public struct Catalog: Sendable {
    public let items: [ServiceItem]
    public let bundles: [ServiceBundle]
    /// Non-fatal findings, such as vague "other materials" entries (seed 000 §8.3).
    public let warnings: [CatalogIssue]
    private let itemIndex: [String: Int]
    private let bundleIndex: [String: Int]

    /// Validates and indexes. Throws ``CatalogError`` listing every problem found.
    public init(items: [ServiceItem], bundles: [ServiceBundle], file: String = "catalog") throws {
        let report = CatalogValidator.validate(items: items, bundles: bundles, file: file)
        if !report.errors.isEmpty { throw CatalogError(file: file, issues: report.errors) }
        self.items = items
        self.bundles = bundles
        self.warnings = report.warnings
        self.itemIndex = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.id, $0) })
        self.bundleIndex = Dictionary(uniqueKeysWithValues: bundles.enumerated().map { ($1.id, $0) })
    }

    public func item(_ id: String) -> ServiceItem? { itemIndex[id].map { items[$0] } }
    public func bundle(_ id: String) -> ServiceBundle? { bundleIndex[id].map { bundles[$0] } }

    /// The items of a bundle in handling order.
    public func items(of bundle: ServiceBundle) -> [ServiceItem] { bundle.items.compactMap(item) }

    /// Bundles that include an item.
    public func bundles(containing itemID: String) -> [ServiceBundle] {
        bundles.filter { $0.items.contains(itemID) }
    }
}
