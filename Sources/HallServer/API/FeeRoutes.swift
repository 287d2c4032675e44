import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// 统一收费 at the window (seed 004 §9.6): a case's fees with what is paid; a clerk records a
/// payment as the hall's POS terminal or QR platform confirmed it (the window records what the
/// terminal says; a gateway would plug in behind this route), and the window's printer prints
/// the receipt (收费凭证); a correction and a refund keep the original with the reason. Each
/// fee is checked against the catalog by the core: no fee where the item charges none, no
/// amount but the catalog's.
struct FeeRoutes {
    let intake: CaseService
    let fees: FeeStore

    struct ChargeRequest: Decodable {
        var itemID: String
        var amountFen: Int
        var method: PaymentMethod
        var reference: String?
    }

    struct CorrectionRequest: Decodable {
        var method: PaymentMethod
        var reference: String?
        var reason: String
    }

    struct RefundRequest: Decodable { var reason: String }

    struct FeesView: Encodable {
        var fees: [FeeRules.CaseFee]
        var payments: [FeePayment]
        var unpaidBeforeHandOver: [String]
    }

    struct Recorded: Encodable {
        var payment: FeePayment
        var receipt: CaseDocument
        var printed: PrintOutcome
    }

    func register(on routes: HallRoutes) {
        // Those who see the case see its fees (amounts and receipts, no applicant data).
        routes.staff(.clerk, .department, .proxy, .supervisor).get("/api/v1/cases/{number}/fees", binding: .caseSeen) { _, context in
            let c = try await seen(context)
            let payments = try await fees.payments(caseID: c.id)
            return try JSONCoding.response(FeesView(fees: FeeRules.fees(of: c, payments: payments), payments: payments,
                                                    unpaidBeforeHandOver: FeeRules.unpaid(c, payments: payments, by: .handOver)))
        }
        // The clerk at a window takes the fee; the receipt comes out of that window's printer.
        routes.staff(.clerk).post("/api/v1/cases/{number}/payments", binding: .caseSeen, bodyLimit: 4096) { request, context in
            let staff = try context.staff()
            let c = try await seen(context)
            let body = try await JSONCoding.body(ChargeRequest.self, of: request, context: context)
            let charge = FeeRules.Charge(itemID: body.itemID, amountFen: body.amountFen, method: body.method, reference: body.reference)
            let day = intake.hall.civilToday, now = intake.hall.clock()
            let (payment, receipt): (FeePayment, CaseDocument)
            do { (payment, receipt) = try await fees.charge(charge, case: c.number, window: staff.windowID, by: staff.id, day: day, at: now) } catch let error as CaseStoreError {
                throw APIError(error)
            }
            intake.hall.logger.info("Fee taken", metadata: ["case": "\(c.number)", "payment": "\(payment.id)", "item": "\(payment.itemID)",
                                                            "amountFen": "\(payment.amountFen)", "method": "\(payment.method.rawValue)"])
            let printed = await intake.print(receipt, window: staff.windowID, reprint: false)
            return try JSONCoding.response(Recorded(payment: payment, receipt: receipt, printed: printed), status: .created)
        }
        // A wrong method or reference recorded: a new payment replaces it, the original kept.
        routes.staff(.clerk, .supervisor).post("/api/v1/payments/{id}/correct", bodyLimit: 4096) { request, context in
            let staff = try context.staff()
            let body = try await JSONCoding.body(CorrectionRequest.self, of: request, context: context)
            let id = try context.parameters.require("id")
            let day = intake.hall.civilToday, now = intake.hall.clock()
            let (payment, receipt): (FeePayment, CaseDocument)
            do {
                (payment, receipt) = try await fees.correct(payment: id, method: body.method, reference: body.reference, reason: body.reason,
                                                            by: staff.id, day: day, at: now)
            } catch let error as CaseStoreError { throw APIError(error) }
            let printed = await intake.print(receipt, window: staff.windowID, reprint: false)
            return try JSONCoding.response(Recorded(payment: payment, receipt: receipt, printed: printed), status: .created)
        }
        // Money handed back is a supervisor's decision, with its reason.
        routes.staff(.supervisor).post("/api/v1/payments/{id}/refund", bodyLimit: 4096) { request, context in
            let staff = try context.staff()
            let body = try await JSONCoding.body(RefundRequest.self, of: request, context: context)
            let id = try context.parameters.require("id")
            let now = intake.hall.clock()
            let payment: FeePayment
            do { payment = try await fees.refund(payment: id, reason: body.reason, by: staff.id, at: now) } catch let error as CaseStoreError { throw APIError(error) }
            intake.hall.logger.info("Fee refunded", metadata: ["payment": "\(payment.id)", "by": "\(staff.id)"])
            return try JSONCoding.response(payment)
        }
    }

    private func seen(_ context: HallRequestContext) async throws -> ServiceCase {
        let raw = try context.parameters.require("number")
        guard let c = try await intake.cases.find(number: CaseNumber.normalized(raw) ?? raw) else { throw APIError.notFound("no case \(raw)") }
        guard CaseAccess.maySee(c, by: try context.staff()) else {
            throw APIError(.forbidden, code: "forbidden", message: "case \(c.number) is not one of your department's cases")
        }
        return c
    }
}
