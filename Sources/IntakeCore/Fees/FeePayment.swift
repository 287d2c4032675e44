#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A fee taken at the window (统一收费, seed 004 §9.6), as the hall's terminal or platform
/// confirmed it: the item, the amount in fen, the method and its reference, and the receipt
/// (收费凭证) number. A refund or a correction never changes what was taken: the payment keeps
/// its amount and method and gains its closing with the reason, and a correction is a new
/// payment that names the one it replaces.
public struct FeePayment: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var caseID: String
    public var caseNumber: String
    public var itemID: String
    public var amountFen: Int
    public var method: PaymentMethod
    /// The POS terminal's or the platform's reference; none for cash.
    public var reference: String?
    public var receiptNumber: String
    public var windowID: String?
    public var by: String
    public var at: Date
    public var state: State
    /// Why it was refunded or corrected, by whom and when.
    public var closing: Closing?
    /// The payment this one corrects.
    public var replaces: String?

    public enum State: String, Codable, Sendable, CaseIterable { case paid, refunded, corrected }

    public struct Closing: Codable, Sendable, Hashable {
        public var reason: String
        public var by: String
        public var at: Date

        public init(reason: String, by: String, at: Date) { self.reason = reason; self.by = by; self.at = at }
    }

    public init(id: String, caseID: String, caseNumber: String, itemID: String, amountFen: Int, method: PaymentMethod, reference: String?,
                receiptNumber: String, windowID: String?, by: String, at: Date, state: State, closing: Closing? = nil, replaces: String? = nil) {
        self.id = id; self.caseID = caseID; self.caseNumber = caseNumber; self.itemID = itemID; self.amountFen = amountFen
        self.method = method; self.reference = reference; self.receiptNumber = receiptNumber; self.windowID = windowID
        self.by = by; self.at = at; self.state = state; self.closing = closing; self.replaces = replaces
    }

    /// `80.00`.
    public static func yuan(_ fen: Int) -> String {
        let cents = String(fen % 100)
        return "\(fen / 100)." + (cents.count == 1 ? "0" + cents : cents)
    }
}

/// How the citizen paid (seed 004 §9.6 多种支付方式).
public enum PaymentMethod: String, Codable, Sendable, CaseIterable {
    case cash, bankCard, wechatPay, alipay, unionPay

    public var chineseName: String {
        switch self {
        case .cash: "现金"
        case .bankCard: "银行卡（POS）"
        case .wechatPay: "微信支付"
        case .alipay: "支付宝"
        case .unionPay: "云闪付"
        }
    }

    /// A card or QR payment carries the terminal's or platform's reference; cash has none.
    public var needsReference: Bool { self != .cash }
}
