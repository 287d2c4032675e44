#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a new case is for, and who opens it.
public struct CaseRequest: Sendable, Hashable {
    public var itemID: String?
    public var bundleID: String?
    public var ticket: Ticket?
    public var windowID: String?
    public var openedBy: String?
    public var applicant: Applicant?
    public var channel: ServiceCase.Channel
    /// The applicant came from the card on the window's reader, not from typed text.
    public var applicantFromCard: Bool

    public init(itemID: String? = nil, bundleID: String? = nil, ticket: Ticket? = nil, windowID: String? = nil, openedBy: String? = nil,
                applicant: Applicant? = nil, channel: ServiceCase.Channel = .window, applicantFromCard: Bool = false) {
        self.itemID = itemID; self.bundleID = bundleID; self.ticket = ticket; self.windowID = windowID; self.openedBy = openedBy
        self.applicant = applicant; self.channel = channel; self.applicantFromCard = applicantFromCard
    }

    /// Earlier cases fill the form only for an applicant whose card was read at the window
    /// (R8): a typed ID number would otherwise show anyone that person's earlier answers.
    public var prefillsFromEarlierCases: Bool { applicantFromCard }
}

public enum CaseOpeningError: Error, Sendable, Equatable, CustomStringConvertible {
    case nothingToOpen
    case unknownItem(String)
    case unknownBundle(String)

    public var description: String {
        switch self {
        case .nothingToOpen: "give the item or bundle of the case (itemID or bundleID), or a ticket taken for one"
        case .unknownItem(let id): "no catalog item \"\(id)\""
        case .unknownBundle(let id): "no catalog bundle \"\(id)\""
        }
    }
}

extension ServiceCase {
    /// A new case for an item or a bundle (the ticket's, unless named): one sub-case per item,
    /// the checklist with shared data and in-bundle materials already satisfied. A bundle is a
    /// joint case (联办件) led by its lead department.
    public static func open(_ request: CaseRequest, id: String, number: String, at now: Date, catalog: Catalog) throws(CaseOpeningError) -> ServiceCase {
        let bundleID = request.bundleID ?? (request.itemID == nil ? request.ticket?.bundleID : nil)
        let itemID = request.itemID ?? (bundleID == nil ? request.ticket?.itemID : nil)
        func sub(_ item: ServiceItem) -> SubCase {
            SubCase(itemID: item.id, itemName: item.name, department: item.department, promisedLimitDays: item.promisedLimitDays,
                    legalLimitDays: item.legalLimitDays, specialProcedures: item.specialProcedures ?? [], fee: item.fee)
        }
        var c: ServiceCase
        if let bundleID {
            guard let bundle = catalog.bundle(bundleID) else { throw .unknownBundle(bundleID) }
            c = ServiceCase(id: id, number: number, bundleID: bundle.id, title: bundle.name, caseType: .joint,
                            leadDepartment: bundle.leadDepartment, openedAt: now,
                            materials: catalog.checklist(itemID: nil, bundleID: bundle.id), subCases: catalog.items(of: bundle).map(sub))
        } else if let itemID {
            guard let item = catalog.item(itemID) else { throw .unknownItem(itemID) }
            c = ServiceCase(id: id, number: number, itemID: item.id, title: item.name, caseType: item.caseType, leadDepartment: item.department,
                            openedAt: now, materials: catalog.checklist(itemID: item.id, bundleID: nil), subCases: [sub(item)])
        } else {
            throw .nothingToOpen
        }
        c.ticketID = request.ticket?.id
        c.ticketNumber = request.ticket?.number
        c.windowID = request.windowID
        c.openedBy = request.openedBy
        c.applicant = request.applicant
        c.channel = request.channel
        c.form = catalog.caseForm(itemID: c.itemID, bundleID: c.bundleID)
        return c
    }
}
