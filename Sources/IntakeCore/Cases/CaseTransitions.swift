#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The case's transition table: which action is open in which state, and what each checks
/// (seed 004 §9.3: complete → accept on the spot; incomplete → one written notice of
/// everything; 容缺 only with every key material, a signed pledge, a deadline no later than
/// the promised date, and never for the untrustworthy; refusal with reasons and basis).
public enum CaseTransitions {
    public struct Context: Sendable {
        public var now: Date
        public var today: CivilDay
        public var by: String
        public var calendar: WorkingCalendar
        /// The case's fee payments, read with it (统一收费): acceptance and hand-over wait for them.
        public var payments: [FeePayment] = []

        public init(now: Date, today: CivilDay, by: String, calendar: WorkingCalendar, payments: [FeePayment] = []) {
            self.now = now; self.today = today; self.by = by; self.calendar = calendar; self.payments = payments
        }
    }

    public static func apply(_ action: CaseAction, to c: ServiceCase, _ ctx: Context) throws(CaseError) -> (ServiceCase, detail: String?) {
        var n = c
        var detail: String?
        func refuse() -> CaseError { .notAllowed(action: action.name, state: c.state) }
        func nonEmpty(_ text: String, _ field: String) throws(CaseError) {
            if text.allSatisfy(\.isWhitespace) { throw .emptyText(field) }
        }

        switch action {
        case .checkMaterials(let checks):
            guard [.received, .awaitingCorrection].contains(c.state) else { throw refuse() }
            try mark(checks, in: &n)
            detail = checks.map { "\($0.materialID)=\($0.status.rawValue)" }.joined(separator: ", ")

        case .fillForm(let values):
            guard [.received, .awaitingCorrection, .accepted, .suspended].contains(c.state) else { throw refuse() }
            for (id, value) in values.sorted(by: { $0.key < $1.key }) {
                guard let i = n.form.firstIndex(where: { $0.fieldID == id }) else { throw .unknownField(id) }
                n.form[i].value = value.allSatisfy(\.isWhitespace) ? nil : value
                n.form[i].source = .applicant
            }
            // Field names only: the values are the applicant's.
            detail = values.keys.sorted().joined(separator: ", ")

        case .accept:
            guard c.state == .received else { throw refuse() }
            let fees = FeeRules.unpaid(c, payments: ctx.payments, by: .acceptance)
            guard fees.isEmpty else { throw .feesUnpaid(fees) }
            let open = n.materials.filter { $0.required && !$0.status.isSatisfied }
            guard open.isEmpty else { throw .materialsIncomplete(open.map(\.name)) }
            n.state = .accepted
            n.acceptedOn = ctx.today
            n.specialProcedures = Array(Set(n.subCases.flatMap(\.specialProcedures))).sorted()
            detail = dispatch(n)

        case .requestCorrection(let items):
            guard c.state == .received else { throw refuse() }
            guard !items.isEmpty else { throw .nothingToCorrect }
            // 一次性: every material found missing or flawed is on the notice…
            let listed = Set(items.compactMap(\.materialID))
            let unlisted = c.materials.filter { ($0.status == .missing || $0.status == .flawed) && !listed.contains($0.materialID) }
            guard unlisted.isEmpty else { throw .correctionIncomplete(unlisted.map(\.name)) }
            // …and a later notice may only repeat what the first one asked.
            if let first = c.correction {
                let asked = Set(first.items.compactMap(\.materialID))
                let new = items.filter { $0.materialID.map { !asked.contains($0) } ?? true }
                guard new.isEmpty else {
                    throw .correctionBeyondFirstNotice(new.map { item in item.materialID.flatMap { id in c.materials.first { $0.materialID == id }?.name } ?? item.name })
                }
            }
            for item in items {
                try nonEmpty(item.name, "name"); try nonEmpty(item.problem, "problem"); try nonEmpty(item.remedy, "remedy")
                if let id = item.materialID {
                    guard let i = n.materials.firstIndex(where: { $0.materialID == id }) else { throw .unknownMaterial(id) }
                    if n.materials[i].status.isSatisfied == false { n.materials[i].note = item.problem }
                }
            }
            // The notice names materials as the guide does, whatever the clerk typed.
            let named = items.map { item -> CorrectionNotice.Item in
                var i = item
                if let id = item.materialID, let m = n.materials.first(where: { $0.materialID == id }) { i.name = m.name }
                return i
            }
            n.correction = CorrectionNotice(items: named, issuedOn: ctx.today, by: ctx.by)
            n.state = .awaitingCorrection
            detail = items.map(\.name).joined(separator: ", ")

        case .correctionsSupplied(let checks):
            guard c.state == .awaitingCorrection else { throw refuse() }
            try mark(checks, in: &n)
            n.state = .received

        case .acceptWithDeficiencies(let ids, let supplyBy, let form, let consequence, let pledgeSigned):
            guard c.state == .received else { throw refuse() }
            let fees = FeeRules.unpaid(c, payments: ctx.payments, by: .acceptance)
            guard fees.isEmpty else { throw .feesUnpaid(fees) }
            guard let applicant = c.applicant else { throw .applicantRequired }
            if applicant.untrustworthy { throw .untrustworthyApplicant }
            guard pledgeSigned else { throw .pledgeNotSigned }
            try nonEmpty(form, "form"); try nonEmpty(consequence, "consequence")
            for id in ids where !n.materials.contains(where: { $0.materialID == id }) { throw .unknownMaterial(id) }
            let keyOpen = n.materials.filter { $0.key && $0.required && !$0.status.isSatisfied }
            guard keyOpen.isEmpty else { throw .keyMaterialMissing(keyOpen.map(\.name)) }
            // Every unsatisfied required material must be pledged, and only those.
            let open = Set(n.materials.filter { $0.required && !$0.status.isSatisfied }.map(\.materialID))
            guard !open.isEmpty else { throw refuse() }
            let unpledged = n.materials.filter { open.contains($0.materialID) && !ids.contains($0.materialID) }
            guard unpledged.isEmpty else { throw .materialsIncomplete(unpledged.map(\.name)) }
            let due = ctx.calendar.adding(workingDays: n.promisedLimitDays, to: ctx.today)
            guard supplyBy <= due else { throw .supplyDeadlineTooLate(supplyBy: supplyBy, promisedDue: due) }
            guard supplyBy >= ctx.today else { throw .supplyDeadlinePassed(supplyBy) }
            for i in n.materials.indices where open.contains(n.materials[i].materialID) { n.materials[i].status = .pledged }
            n.deficiency = Deficiency(materialIDs: ids.filter(open.contains), supplyBy: supplyBy, form: form, consequence: consequence,
                                      pledgeSigned: true)
            n.state = .accepted
            n.acceptedOn = ctx.today
            n.specialProcedures = Array(Set(n.subCases.flatMap(\.specialProcedures))).sorted()
            detail = "supply by \(supplyBy); " + dispatch(n)

        case .supplyDeficiencies:
            guard [.accepted, .suspended].contains(c.state), let deficiency = c.deficiency, deficiency.suppliedOn == nil else { throw refuse() }
            for i in n.materials.indices where n.materials[i].status == .pledged { n.materials[i].status = .present }
            n.deficiency?.suppliedOn = ctx.today
            detail = ctx.today > deficiency.supplyBy ? "late: due \(deficiency.supplyBy)" : nil

        case .refuse(let reasons, let basis):
            guard [.received, .awaitingCorrection].contains(c.state) else { throw refuse() }
            guard !reasons.isEmpty else { throw .emptyText("reasons") }
            for r in reasons { try nonEmpty(r, "reasons") }
            try nonEmpty(basis, "legalBasis")
            n.refusal = Refusal(reasons: reasons, legalBasis: basis, by: ctx.by, on: ctx.today)
            n.closing = Closing(outcome: "notAccepted", note: reasons.joined(separator: "；"), at: ctx.now)
            n.state = .refused

        case .step(let itemID, let name, let opinion):
            guard [.accepted, .suspended].contains(c.state) else { throw refuse() }
            guard let i = n.subCases.firstIndex(where: { $0.itemID == itemID }) else { throw .unknownItem(itemID) }
            try nonEmpty(name, "name"); try nonEmpty(opinion, "opinion")
            n.subCases[i].steps.append(DepartmentStep(name: name, department: n.subCases[i].department, handler: ctx.by, opinion: opinion, at: ctx.now))
            detail = "\(itemID): \(name)"

        case .suspend(let reason):
            guard c.state == .accepted else { throw refuse() }
            try nonEmpty(reason, "reason")
            n.clockStops.append(ClockStop(reason: reason, from: ctx.today))
            n.state = .suspended
            detail = reason

        case .resume:
            guard c.state == .suspended, let last = n.clockStops.indices.last else { throw refuse() }
            n.clockStops[last].to = ctx.today
            n.state = .accepted

        case .decide(let itemID, let result):
            guard c.state == .accepted else { throw refuse() }
            guard let i = n.subCases.firstIndex(where: { $0.itemID == itemID }) else { throw .unknownItem(itemID) }
            guard n.subCases[i].result == nil else { throw .alreadyDecided(itemID) }
            // 容缺: the pledged materials come before the item is granted.
            let pledged = n.materials.filter { $0.status == .pledged && $0.neededBy.contains(itemID) }
            if result.outcome == .granted && !pledged.isEmpty { throw .pledgedMaterialsOutstanding(pledged.map(\.name)) }
            try nonEmpty(result.opinion, "opinion")
            n.subCases[i].result = result
            if n.subCases.allSatisfy({ $0.result != nil }) { n.state = .awaitingPickup }
            detail = "\(itemID): \(result.outcome.rawValue)"

        case .handOver(let handOver):
            guard c.state == .awaitingPickup else {
                throw c.state == .accepted ? .resultsMissing(c.subCases.filter { $0.result == nil }.map(\.itemName)) : refuse()
            }
            let fees = FeeRules.unpaid(c, payments: ctx.payments, by: .handOver)
            guard fees.isEmpty else { throw .feesUnpaid(fees) }
            if handOver.mode == .courier {
                try nonEmpty(handOver.trackingNumber ?? "", "trackingNumber"); try nonEmpty(handOver.address ?? "", "address")
            }
            n.handOver = handOver
            n.closing = Closing(outcome: n.subCases.allSatisfy { $0.result?.outcome == .granted } ? "granted" : "decided", note: nil, at: ctx.now)
            n.state = .completed
            detail = handOver.mode.rawValue

        case .withdraw(let reason):
            guard !c.state.isFinal else { throw refuse() }
            try nonEmpty(reason, "reason")
            n.closing = Closing(outcome: "withdrawn", note: reason, at: ctx.now)
            if let last = n.clockStops.indices.last, n.clockStops[last].to == nil { n.clockStops[last].to = ctx.today }
            n.state = .withdrawn

        case .lapse:
            guard c.state == .awaitingCorrection else { throw refuse() }
            n.closing = Closing(outcome: "correctionsNeverCame", note: nil, at: ctx.now)
            n.state = .lapsed

        case .delegate(let proxy):
            guard !c.state.isFinal, c.proxy == nil else { throw refuse() }
            try nonEmpty(proxy.request, "request"); try nonEmpty(proxy.assignedTo, "assignedTo"); try nonEmpty(proxy.assignedName, "assignedName")
            n.proxy = proxy
            if proxy.slipNumber.isEmpty { n.proxy?.slipNumber = "W" + c.number.dropFirst() }
            detail = "assigned \(proxy.assignedName)"

        case .escalateProxy(let to):
            guard !c.state.isFinal, c.proxy != nil, c.proxy?.escalatedTo == nil else { throw refuse() }
            try nonEmpty(to, "to")
            n.proxy?.escalatedTo = to
            n.proxy?.escalatedOn = ctx.today
            detail = to

        case .proxyResult(let result):
            guard !c.state.isFinal, c.proxy?.escalatedTo != nil, c.proxy?.escalationResult == nil else { throw refuse() }
            try nonEmpty(result, "result")
            n.proxy?.escalationResult = result
            n.proxy?.resultOn = ctx.today
            detail = result
        }
        return (n, detail)
    }

    /// 按责转办: on acceptance every item goes to its department; the history says to whom.
    private static func dispatch(_ c: ServiceCase) -> String {
        var seen = Set<String>()
        let departments = c.subCases.map(\.department).filter { seen.insert($0).inserted }
        return "dispatched to " + departments.joined(separator: ", ") + (departments.count > 1 ? " (lead \(c.leadDepartment))" : "")
    }

    private static func mark(_ checks: [MaterialCheck], in c: inout ServiceCase) throws(CaseError) {
        for check in checks {
            // The window says what it saw; shared data and pledges are the hall's own doing.
            guard [.present, .missing, .flawed].contains(check.status) else { throw .statusNotSettable(check.status.rawValue) }
            guard let i = c.materials.firstIndex(where: { $0.materialID == check.materialID }) else { throw .unknownMaterial(check.materialID) }
            c.materials[i].status = check.status
            c.materials[i].note = check.note
        }
    }
}
