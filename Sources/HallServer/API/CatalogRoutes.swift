import Hummingbird
import IntakeCore

/// `GET /api/v1/catalog/…`: items, bundles with their merged materials and merged form.
struct CatalogRoutes {
    let hall: HallInForce

    struct BundleSummary: Codable {
        var id: String, name: String, seedNumber: Int?, items: [String], leadDepartment: String
        var cooperatingDepartments: [String]
    }

    struct BundleDetail: Codable {
        var bundle: ServiceBundle
        var items: [ServiceItem]
        var mergedMaterials: [MergedMaterial]
        var mergedForm: [MergedFormField]
        var notice: OneTimeNotice
    }

    struct ItemDetail: Codable {
        var item: ServiceItem
        var bundles: [String]
        var notice: OneTimeNotice
    }

    func register(on routes: HallRoutes) {
        let router = routes.anyone  // a decision: all of these are public
        router.get("/api/v1/catalog/items") { _, _ in
            try JSONCoding.response(["items": hall.catalog.items])
        }
        router.get("/api/v1/catalog/items/{id}") { _, context in
            let id = try context.parameters.require("id")
            let catalog = hall.catalog
            guard let item = catalog.item(id) else { throw APIError.notFound("no service item \"\(id)\"") }
            return try JSONCoding.response(ItemDetail(
                item: item, bundles: catalog.bundles(containing: id).map(\.id), notice: catalog.oneTimeNotice(for: item)))
        }
        router.get("/api/v1/catalog/bundles") { _, _ in
            try JSONCoding.response(["bundles": hall.catalog.bundles.map {
                BundleSummary(id: $0.id, name: $0.name, seedNumber: $0.seedNumber, items: $0.items,
                              leadDepartment: $0.leadDepartment, cooperatingDepartments: $0.cooperatingDepartments)
            }])
        }
        router.get("/api/v1/catalog/bundles/{id}") { _, context in
            let id = try context.parameters.require("id")
            let catalog = hall.catalog
            guard let bundle = catalog.bundle(id) else { throw APIError.notFound("no bundle \"\(id)\"") }
            return try JSONCoding.response(BundleDetail(
                bundle: bundle, items: catalog.items(of: bundle), mergedMaterials: catalog.mergedMaterials(of: bundle),
                mergedForm: catalog.mergedForm(of: bundle), notice: catalog.oneTimeNotice(for: bundle)))
        }
        router.get("/api/v1/catalog/warnings") { _, _ in
            try JSONCoding.response(["warnings": hall.catalog.warnings.map {
                ["entry": $0.entry, "field": $0.field, "message": $0.message]
            }])
        }
    }
}
