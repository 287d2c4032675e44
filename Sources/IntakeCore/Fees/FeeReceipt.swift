#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CaseDocuments {
    /// 收费凭证 (seed 004 §9.6): the fee taken, its basis, how it was paid and the terminal's
    /// reference, numbered by the receipt; printed at the window that took it. A correction's
    /// receipt names the one it replaces.
    public static func feeReceipt(_ p: FeePayment, case c: ServiceCase, replacing: String? = nil, id: String) -> CaseDocument {
        let sub = c.subCases.first { $0.itemID == p.itemID }
        var fields = head(c) + [
            .init("收费项目", sub?.itemName ?? p.itemID), .init("金额（元）", FeePayment.yuan(p.amountFen)),
            .init("收费依据", sub?.fee?.basis ?? "-"), .init("支付方式", p.method.chineseName),
        ]
        if let reference = p.reference { fields.append(.init("交易参考号", reference)) }
        fields.append(.init("收费凭证号", p.receiptNumber))
        if let replacing { fields.append(.init("更正原凭证", replacing)) }
        return CaseDocument(id: id, caseID: c.id, caseNumber: c.number, kind: .feeReceipt, title: CaseDocument.Kind.feeReceipt.title,
                            number: p.receiptNumber, fields: fields, sections: [], signatures: ["收款人"], issuedAt: p.at)
    }
}
