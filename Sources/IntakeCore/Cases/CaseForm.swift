/// One field of a case's application form (the merged form of a bundle asks each field
/// once), with its value and where the value came from: shared data first (seed 004 §9.1.2,
/// §8.1.5), so what the ID card or an earlier case of the same applicant already says is
/// filled in and never asked again.
public struct CaseFormField: Codable, Sendable, Hashable {
    public var fieldID: String
    public var label: String
    public var usedBy: [String]
    public var value: String?
    public var source: Source?
    /// The catalog marks the field as holding nothing about a person (`"personal": false`).
    public var notPersonal: Bool?

    public enum Source: String, Codable, Sendable {
        /// Read from the ID card at the window, or typed from it.
        case idCard
        /// Taken from the applicant's earlier case.
        case earlierCase
        /// Given by the applicant at the window.
        case applicant
    }

    public init(fieldID: String, label: String, usedBy: [String], value: String? = nil, source: Source? = nil, notPersonal: Bool? = nil) {
        self.fieldID = fieldID; self.label = label; self.usedBy = usedBy; self.value = value; self.source = source
        self.notPersonal = notPersonal
    }

    /// Masked wherever the form is shown but at the clerk's window, unless the catalog says
    /// the field holds nothing about a person (R8: an allow-list, so a field the catalog has
    /// not judged, 残疾类别 or 社会保障卡卡号 among them, stays masked).
    public var isPersonal: Bool { notPersonal != true }

    /// Fields about the applicant and their household, which stay true from case to case;
    /// what a case is about (a child, a deceased person, a property) is never carried over.
    public var carriesOver: Bool {
        ["applicant.", "father.", "mother.", "enterprise.", "delivery.", "bank."].contains { fieldID.hasPrefix($0) }
    }
}

extension Catalog {
    /// The form of a new case: the bundle's merged form, or the item's own fields.
    public func caseForm(itemID: String?, bundleID: String?) -> [CaseFormField] {
        if let bundleID, let bundle = bundle(bundleID) {
            return mergedForm(of: bundle).map {
                CaseFormField(fieldID: $0.field.id, label: $0.field.label, usedBy: $0.usedBy, notPersonal: $0.field.personal == false ? true : nil)
            }
        }
        guard let itemID, let item = item(itemID) else { return [] }
        return (item.formFields ?? []).map {
            CaseFormField(fieldID: $0.id, label: $0.label, usedBy: [item.id], notPersonal: $0.personal == false ? true : nil)
        }
    }
}

extension ServiceCase {
    /// Fills what the hall knows already: the applicant's name, number and phone from the
    /// card, then any field the applicant's latest earlier case had a value for.
    public mutating func prefillForm(earlier: ServiceCase?) {
        for i in form.indices where form[i].value == nil {
            if let a = applicant {
                let known: String? = switch form[i].fieldID {
                case "applicant.name": a.name
                case "applicant.idNumber": a.idNumber
                case "applicant.phone": a.phone
                default: nil
                }
                if let known { form[i].value = known; form[i].source = .idCard; continue }
            }
            if form[i].carriesOver, let value = earlier?.form.first(where: { $0.fieldID == form[i].fieldID })?.value {
                form[i].value = value
                form[i].source = .earlierCase
            }
        }
    }
}
