import EscPos
import Foundation
import IntakeCore
import IntakeStore

/// Cases at the window and in the back office (R4, R5): opened, moved by their actions, their
/// deadlines in working days, and the documents each decision issues printed at the window.
public final class CaseService: Sendable {
    let hall: HallInForce
    let cases: CaseStore
    let printers: HallPrinters

    init(hall: HallInForce, cases: CaseStore, printers: HallPrinters) {
        self.hall = hall; self.cases = cases; self.printers = printers
    }

    /// The context of a case action taken now by `by`.
    public func caseContext(by: String) -> CaseTransitions.Context {
        CaseTransitions.Context(now: hall.clock(), today: hall.civilToday, by: by, calendar: hall.layout.workingCalendar)
    }

    public func deadline(of c: ServiceCase) -> CaseDeadline {
        CaseDeadline.of(c, today: hall.civilToday, calendar: hall.layout.workingCalendar)
    }

    /// Opens a case and logs it (number and item only: the applicant stays out of the log).
    public func open(_ request: CaseRequest, by: String) async throws(CaseStoreError) -> ServiceCase {
        let c = try await cases.open(request, at: hall.clock(), day: hall.civilToday, catalog: hall.catalog, by: by)
        hall.logger.info("Case opened", metadata: ["case": "\(c.number)", "for": "\(c.bundleID ?? c.itemID ?? "-")",
                                              "window": "\(c.windowID ?? "-")", "ticket": "\(c.ticketNumber ?? "-")"])
        return c
    }

    /// Applies an action to a case and prints the documents it issues at the case's window.
    public func act(onCase caseNumber: String, _ action: CaseAction, by: String, window: String? = nil) async throws(CaseStoreError)
        -> (ServiceCase, [CaseDocument], [PrintOutcome]) {
        let (c, documents) = try await cases.act(number: caseNumber, action, context: caseContext(by: by))
        hall.logger.info("Case changed", metadata: ["case": "\(c.number)", "action": "\(action.name)", "state": "\(c.state.rawValue)",
                                               "documents": "\(documents.map(\.kind.rawValue).joined(separator: ","))"])
        var outcomes: [PrintOutcome] = []
        for document in documents {
            outcomes.append(await print(document, window: window ?? c.windowID, reprint: false))
        }
        return (c, documents, outcomes)
    }

    /// Prints a case document on the window's printer; without one, says it was skipped.
    public func print(_ document: CaseDocument, window: String?, reprint: Bool) async -> PrintOutcome {
        let printer = window.flatMap { printers.windowPrinter($0) }
        let layout = noticeLayout(of: document)
        return await printers.printDocument(kind: "case-document", id: document.id, title: document.title + " " + document.number,
                                            on: printer, hall: hall, reprint: reprint) { reprintedAt, encoder throws(EncodingError) in
            var l = layout
            l.reprintedAt = reprintedAt.map { HallCalendar(timeZone: hall.store.calendar.timeZone).serviceDay(of: $0) }
            return try encoder.encode(l.document(paper: encoder.paper))
        }
    }

    /// The paper form of a case document.
    public func noticeLayout(of d: CaseDocument) -> NoticeLayout {
        NoticeLayout(hallName: hall.layout.hallName, title: d.title, number: d.number,
                     fields: d.fields.map { .init($0.label, $0.value) },
                     sections: d.sections.map { .init($0.heading, $0.lines, numbered: $0.numbered) },
                     signatures: d.signatures, progressURL: hall.publicURL + "/c/" + d.caseNumber, barcode: d.caseNumber,
                     footer: hall.layout.complaintPhone.map { ["监督投诉电话 \($0)"] } ?? [])
    }
}
