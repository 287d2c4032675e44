import Foundation
@testable import IntakeCore
import Testing

/// The window's fee rules (统一收费, seed 004 §9.6; §12.3.5d prevented at the source).
@Suite("Fee rules")
struct FeeRulesTests {
    static func caseOf(fee: Fee?, accepted: Bool) -> ServiceCase {
        var c = ServiceCase(id: "c1", number: "C1", itemID: "x", title: "X", caseType: .promised, leadDepartment: "D", openedAt: Date(timeIntervalSince1970: 0),
                            subCases: [SubCase(itemID: "x", itemName: "不动产登记", department: "D", promisedLimitDays: 5, legalLimitDays: 30, fee: fee)])
        if accepted { c.acceptedOn = CivilDay("2026-12-01"); c.state = .accepted }
        return c
    }

    static let handOverFee = Fee(charged: true, basis: "b", amountFen: 8000, due: .handOver)

    @Test func theCatalogsAmountOnlyAndNothingWhereNoFeeIsCharged() {
        let c = Self.caseOf(fee: Self.handOverFee, accepted: true)
        #expect(throws: FeeRefusal.wrongAmount(item: "不动产登记", expected: 8000, given: 7000)) {
            try FeeRules.check(.init(itemID: "x", amountFen: 7000, method: .cash), on: c, payments: [])
        }
        let free = Self.caseOf(fee: Fee(charged: false), accepted: true)
        #expect(throws: FeeRefusal.noFee("不动产登记")) { try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .cash), on: free, payments: []) }
        #expect(throws: FeeRefusal.unknownItem("y")) { try FeeRules.check(.init(itemID: "y", amountFen: 8000, method: .cash), on: c, payments: []) }
    }

    @Test func aCardOrQRPaymentNamesItsReferenceAndCashNone() throws {
        let c = Self.caseOf(fee: Self.handOverFee, accepted: true)
        #expect(throws: FeeRefusal.referenceRequired(.wechatPay)) { try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .wechatPay), on: c, payments: []) }
        #expect(throws: FeeRefusal.referenceForCash) {
            try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .cash, reference: "T1"), on: c, payments: [])
        }
        try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .bankCard, reference: "POS-000123"), on: c, payments: [])
    }

    @Test func whenAFeeIsDueAndTakenOnce() throws {
        // Due before hand-over: taken once the case is accepted.
        #expect(throws: FeeRefusal.notYetDue(item: "不动产登记")) {
            try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .cash), on: Self.caseOf(fee: Self.handOverFee, accepted: false), payments: [])
        }
        let c = Self.caseOf(fee: Self.handOverFee, accepted: true)
        #expect(FeeRules.unpaid(c, payments: [], by: .acceptance).isEmpty && FeeRules.unpaid(c, payments: [], by: .handOver) == ["不动产登记 80.00 元"])
        let paid = FeePayment(id: "p", caseID: "c1", caseNumber: "C1", itemID: "x", amountFen: 8000, method: .cash, reference: nil,
                              receiptNumber: "SF1", windowID: "7", by: "clerk7", at: Date(timeIntervalSince1970: 0), state: .paid)
        #expect(FeeRules.unpaid(c, payments: [paid], by: .handOver).isEmpty)
        #expect(throws: FeeRefusal.alreadyPaid(item: "不动产登记", receipt: "SF1")) {
            try FeeRules.check(.init(itemID: "x", amountFen: 8000, method: .cash), on: c, payments: [paid])
        }
        // A refunded payment no longer counts: the fee is due again.
        var refunded = paid
        refunded.state = .refunded
        #expect(FeeRules.unpaid(c, payments: [refunded], by: .handOver).count == 1)
        #expect(throws: FeeRefusal.notStanding("SF1", .refunded)) { try FeeRules.checkClosing(refunded, reason: "x") }
        #expect(throws: FeeRefusal.reasonRequired) { try FeeRules.checkClosing(paid, reason: "  ") }
        // Due at acceptance: taken at intake, and acceptance waits for it.
        let atIntake = Self.caseOf(fee: Fee(charged: true, amountFen: 2000, due: .acceptance), accepted: false)
        try FeeRules.check(.init(itemID: "x", amountFen: 2000, method: .cash), on: atIntake, payments: [])
        #expect(FeeRules.unpaid(atIntake, payments: [], by: .acceptance) == ["不动产登记 20.00 元"])
        #expect(FeePayment.yuan(8000) == "80.00" && FeePayment.yuan(1205) == "12.05")
    }
}
