/// Checks a catalog against the rules of the service guide (R3): codes, limits, references,
/// no duplicate ids, and no vague catch-all materials (seed 000 §8.3, seed 003 §二(一)3).
enum CatalogValidator {
    struct Report {
        var errors: [CatalogIssue] = []
        var warnings: [CatalogIssue] = []
    }

    /// Words that mark a catch-all material entry the guide should have named.
    static let vagueMaterialMarkers = ["其他材料", "其他有效", "其他相关材料", "等材料"]

    static func validate(items: [ServiceItem], bundles: [ServiceBundle], file: String) -> Report {
        var report = Report()
        func error(_ entry: String, _ field: String, _ message: String) {
            report.errors.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
        }
        func warn(_ entry: String, _ field: String, _ message: String) {
            report.warnings.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
        }

        var seenItems: [String: Int] = [:]
        var seenCodes: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let entry = "items[\(index)] (\(item.id.isEmpty ? item.name : item.id))"
            if !isIdentifier(item.id) { error(entry, "id", "must be lowercase letters, digits and '-', got \"\(item.id)\"") }
            if let first = seenItems[item.id] { error(entry, "id", "duplicate id, first used by items[\(first)]") }
            seenItems[item.id] = seenItems[item.id] ?? index
            if item.basicCode.count != 12 || !item.basicCode.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) {
                error(entry, "basicCode", "must be 12 characters of digits and capital letters, got \"\(item.basicCode)\"")
            } else if let other = seenCodes[item.basicCode] {
                error(entry, "basicCode", "\(item.basicCode) is already the code of \(other)")
            } else {
                seenCodes[item.basicCode] = item.id
            }
            if item.implementingCode.trimmed.isEmpty { error(entry, "implementingCode", "must not be empty") }
            if item.name.trimmed.isEmpty { error(entry, "name", "must not be empty") }
            if item.department.trimmed.isEmpty { error(entry, "department", "must not be empty") }
            if item.legalLimitDays < 0 { error(entry, "legalLimitDays", "must be 0 or more working days") }
            if item.promisedLimitDays < 0 { error(entry, "promisedLimitDays", "must be 0 or more working days") }
            // 统一收费: the window takes exactly the catalog's amount, so a charged item names it.
            if let fee = item.fee {
                if fee.charged && (fee.amountFen ?? 0) <= 0 { error(entry, "fee.amountFen", "a charged item names its amount in fen (8000 for 80 yuan)") }
                if !fee.charged && fee.amountFen != nil { error(entry, "fee.amountFen", "an item that charges no fee has no amount") }
            }
            if item.promisedLimitDays > item.legalLimitDays {
                error(entry, "promisedLimitDays", "promised limit \(item.promisedLimitDays) exceeds the legal limit \(item.legalLimitDays)")
            }
            if item.caseType != .immediate && item.promisedLimitDays == 0 {
                error(entry, "promisedLimitDays", "only an immediate case (即办件) may have a 0-day promised limit")
            }
            if item.visitsRequired < 0 { error(entry, "visitsRequired", "must be 0 or more") }
            var seenMaterials = Set<String>()
            for (m, material) in item.materials.enumerated() {
                let field = "materials[\(m)]"
                if !isIdentifier(material.id) { error(entry, "\(field).id", "must be lowercase letters, digits and '-', got \"\(material.id)\"") }
                if !seenMaterials.insert(material.id).inserted { error(entry, "\(field).id", "material \(material.id) is listed twice") }
                if material.name.trimmed.isEmpty { error(entry, "\(field).name", "must not be empty") }
                if material.copies < 1 { error(entry, "\(field).copies", "must be at least 1") }
                if material.requirement == .conditional && (material.condition ?? "").trimmed.isEmpty {
                    error(entry, "\(field).condition", "a conditional material must say its condition")
                }
                if vagueMaterialMarkers.contains(where: material.name.contains) {
                    warn(entry, "\(field).name", "\"\(material.name)\" is a catch-all entry; name the material (seed 000 §8.3)")
                }
            }
            var seenFields = Set<String>()
            for (f, formField) in (item.formFields ?? []).enumerated() {
                if !isFieldIdentifier(formField.id) {
                    error(entry, "formFields[\(f)].id", "must look like \"applicant.name\", got \"\(formField.id)\"")
                }
                if !seenFields.insert(formField.id).inserted { error(entry, "formFields[\(f)].id", "field \(formField.id) is listed twice") }
            }
        }

        var seenBundles: [String: Int] = [:]
        for (index, bundle) in bundles.enumerated() {
            let entry = "bundles[\(index)] (\(bundle.id.isEmpty ? bundle.name : bundle.id))"
            if !isIdentifier(bundle.id) { error(entry, "id", "must be lowercase letters, digits and '-', got \"\(bundle.id)\"") }
            if let first = seenBundles[bundle.id] { error(entry, "id", "duplicate id, first used by bundles[\(first)]") }
            seenBundles[bundle.id] = seenBundles[bundle.id] ?? index
            if seenItems[bundle.id] != nil { error(entry, "id", "\(bundle.id) is already an item id") }
            if bundle.name.trimmed.isEmpty { error(entry, "name", "must not be empty") }
            if bundle.leadDepartment.trimmed.isEmpty { error(entry, "leadDepartment", "must not be empty") }
            if bundle.items.isEmpty { error(entry, "items", "a bundle needs at least one item") }
            var inBundle = Set<String>()
            for (i, itemID) in bundle.items.enumerated() {
                if seenItems[itemID] == nil { error(entry, "items[\(i)]", "no item with id \"\(itemID)\"") }
                if !inBundle.insert(itemID).inserted { error(entry, "items[\(i)]", "item \(itemID) is listed twice") }
            }
        }
        return report
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    static func isFieldIdentifier(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
