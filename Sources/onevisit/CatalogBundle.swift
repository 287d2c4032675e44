import ArgumentParser
import Foundation

/// `onevisit catalog bundle ID`: shows a clerk what a "one thing" bundle (一件事) involves:
/// its items in order, the merged materials list (一套材料) and the merged form (一表申请).
struct CatalogBundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Show a bundle's items, merged materials and merged form from the daemon.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Bundle id, e.g. newborn.")
    var id: String

    func run() async throws {
        try await reportingFailures {
            let data = try await server.client().get(HallClient.path("api", "v1", "catalog", "bundles", id))
            if server.json { return printRawJSON(data) }
            print(render(try decode(BundleDetailInfo.self, from: data)))
        }
    }

    func render(_ detail: BundleDetailInfo) -> String {
        let b = detail.bundle
        let items = detail.items ?? []
        let names = Dictionary(items.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var lines = ["\(b.name) (\(b.id))" + (b.seedNumber.map { "  [seed 002 A.1 #\($0)]" } ?? "")]
        if let lead = b.leadDepartment { lines.append("牵头部门: \(lead)") }
        if let co = b.cooperatingDepartments, !co.isEmpty { lines.append("协办部门: \(co.joined(separator: "、"))") }

        lines.append(contentsOf: ["", "Items (in order):"])
        if items.isEmpty { lines.append("  (none)") }
        for (n, item) in items.enumerated() {
            var line = "  \(n + 1). \(item.name) (\(item.id))"
            if let department = item.department { line += " — \(department)" }
            if item.caseType == "immediate" { line += ", 即办件" }
            else if let days = item.promisedLimitDays { line += ", 承诺 \(days) 个工作日" }
            lines.append(line)
        }

        let materials = detail.mergedMaterials ?? []
        lines.append(contentsOf: ["", "Merged materials (一套材料):"])
        if materials.isEmpty { lines.append("  (none)") }
        let rows = materials.map { m -> [String] in
            var name = m.material.name
            if m.required == false { name += " [条件: \(m.material.condition ?? "conditional")]" }
            let needs = (m.neededBy ?? []).map { names[$0] ?? $0 }.joined(separator: "、")
            return ["  " + name, Format.disposition(m, names: names), m.key == false ? "可容缺" : "key", "needed by: \(needs)"]
        }
        lines.append(contentsOf: Format.columns(rows))

        let form = detail.mergedForm ?? []
        lines.append(contentsOf: ["", "Merged form (一表申请):"])
        if form.isEmpty { lines.append("  (none)") }
        let formRows = form.map { f in
            ["  " + (f.field.label ?? f.field.id), f.field.id, "used by: " + (f.usedBy ?? []).map { names[$0] ?? $0 }.joined(separator: "、")]
        }
        lines.append(contentsOf: Format.columns(formRows))
        return lines.joined(separator: "\n")
    }
}
