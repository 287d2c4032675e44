/// The fee rules of the window (统一收费, seed 004 §9.6; issue 15): every fee is checked against
/// the catalog as the case holds it, so an item that charges none cannot be charged and a wrong
/// amount is refused — the "wrong fee" deduction of §12.3.5d prevented at the source. A fee due
/// at acceptance is taken before the case is accepted; every fee before the result is handed
/// out. Refunds and corrections keep the original with the reason.
public enum FeeRules {
    /// A fee the window is asked to record, as the terminal or platform confirmed it.
    public struct Charge: Sendable, Equatable {
        public var itemID: String
        public var amountFen: Int
        public var method: PaymentMethod
        public var reference: String?

        public init(itemID: String, amountFen: Int, method: PaymentMethod, reference: String? = nil) {
            self.itemID = itemID; self.amountFen = amountFen; self.method = method; self.reference = reference
        }
    }

    /// One charged item of a case, with its payment when it is paid.
    public struct CaseFee: Codable, Sendable, Equatable {
        public var itemID: String
        public var itemName: String
        public var amountFen: Int
        public var due: FeeDue
        public var basis: String?
        public var paid: FeePayment?
    }

    public static func fees(of c: ServiceCase, payments: [FeePayment]) -> [CaseFee] {
        c.subCases.compactMap { s in
            guard let fee = s.fee, fee.charged, let amount = fee.amountFen else { return nil }
            return CaseFee(itemID: s.itemID, itemName: s.itemName, amountFen: amount, due: fee.due ?? .handOver, basis: fee.basis,
                           paid: payments.first { $0.itemID == s.itemID && $0.state == .paid })
        }
    }

    /// The names of the fees not yet paid that are due by `moment` (acceptance: those due then;
    /// hand-over: all of them).
    public static func unpaid(_ c: ServiceCase, payments: [FeePayment], by moment: FeeDue) -> [String] {
        fees(of: c, payments: payments).filter { $0.paid == nil && (moment == .handOver || $0.due == .acceptance) }
            .map { "\($0.itemName) \(FeePayment.yuan($0.amountFen)) 元" }
    }

    /// Checks a charge against the case and the fees it holds.
    public static func check(_ charge: Charge, on c: ServiceCase, payments: [FeePayment]) throws(FeeRefusal) {
        guard let sub = c.subCases.first(where: { $0.itemID == charge.itemID }) else { throw .unknownItem(charge.itemID) }
        guard let fee = fees(of: c, payments: payments).first(where: { $0.itemID == charge.itemID }) else { throw .noFee(sub.itemName) }
        guard charge.amountFen == fee.amountFen else {
            throw .wrongAmount(item: sub.itemName, expected: fee.amountFen, given: charge.amountFen)
        }
        let reference = charge.reference?.trimmingCharacters(in: .whitespaces) ?? ""
        if charge.method.needsReference && reference.isEmpty { throw .referenceRequired(charge.method) }
        if !charge.method.needsReference && !reference.isEmpty { throw .referenceForCash }
        if let paid = fee.paid { throw .alreadyPaid(item: sub.itemName, receipt: paid.receiptNumber) }
        guard !c.state.isFinal else { throw .caseClosed(c.state) }
        // A fee due at acceptance is taken at intake; one due before hand-over once the case is accepted.
        if fee.due == .handOver && c.acceptedOn == nil { throw .notYetDue(item: sub.itemName) }
    }

    /// Checks a refund or a correction of a payment: only a payment still standing, with a reason.
    public static func checkClosing(_ payment: FeePayment, reason: String) throws(FeeRefusal) {
        guard payment.state == .paid else { throw .notStanding(payment.receiptNumber, payment.state) }
        guard !reason.allSatisfy(\.isWhitespace) else { throw .reasonRequired }
    }
}

/// Why a fee is refused, in words for the clerk.
public enum FeeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownItem(String)
    case noFee(String)
    case wrongAmount(item: String, expected: Int, given: Int)
    case referenceRequired(PaymentMethod)
    case referenceForCash
    case alreadyPaid(item: String, receipt: String)
    case caseClosed(CaseState)
    case notYetDue(item: String)
    case notStanding(String, FeePayment.State)
    case reasonRequired

    public var description: String {
        switch self {
        case .unknownItem(let id): "the case has no item \"\(id)\""
        case .noFee(let item): "\(item) charges no fee (the catalog says so): nothing may be taken"
        case .wrongAmount(let item, let expected, let given):
            "\(item) charges \(FeePayment.yuan(expected)) 元, not \(FeePayment.yuan(given)) 元 (the catalog's fee)"
        case .referenceRequired(let method): "a \(method.chineseName) payment needs the terminal's or platform's reference"
        case .referenceForCash: "a cash payment has no terminal reference"
        case .alreadyPaid(let item, let receipt): "the fee of \(item) is paid already (receipt \(receipt))"
        case .caseClosed(let state): "the case is \(state.chineseName): no fee is taken"
        case .notYetDue(let item): "the fee of \(item) is taken once the case is accepted, before the result is handed out"
        case .notStanding(let receipt, let state): "payment \(receipt) is \(state.rawValue): only a standing payment is refunded or corrected"
        case .reasonRequired: "give the reason"
        }
    }
}
