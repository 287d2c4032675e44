#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A case (办件): one application for an item or a bundle, opened at a window from a queue
/// ticket (or directly, or online), carried from intake through acceptance, the departments'
/// steps and results to the hand-over (R4, R5; seed 003 §二(二), seed 004 §9). The applicant's
/// full ID number lives here because the case needs it; every screen and paper masks it.
public struct ServiceCase: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var number: String
    public var ticketID: String?
    public var ticketNumber: String?
    public var itemID: String?
    public var bundleID: String?
    /// Item or bundle name, as the citizen knows the case.
    public var title: String
    public var caseType: CaseType
    public var leadDepartment: String
    public var channel: Channel
    public var windowID: String?
    public var openedBy: String?
    public var openedAt: Date
    public var state: CaseState
    public var applicant: Applicant?
    public var materials: [CaseMaterial]
    /// The application form (一表申请), pre-filled from shared data.
    public var form: [CaseFormField] = []
    public var subCases: [SubCase]
    /// The hall-local day of acceptance: the clock starts the next working day.
    public var acceptedOn: CivilDay?
    /// Special procedures named on the acceptance notice (they stop the clock when they run).
    public var specialProcedures: [String]
    public var clockStops: [ClockStop]
    public var correction: CorrectionNotice?
    public var deficiency: Deficiency?
    public var refusal: Refusal?
    public var closing: Closing?
    public var handOver: HandOver?
    /// Set when the case is a proxy-service case (帮办代办).
    public var proxy: ProxyService?

    public enum Channel: String, Codable, Sendable { case window, online }

    public init(id: String, number: String, ticketID: String? = nil, ticketNumber: String? = nil, itemID: String? = nil,
                bundleID: String? = nil, title: String, caseType: CaseType, leadDepartment: String, channel: Channel = .window,
                windowID: String? = nil, openedBy: String? = nil, openedAt: Date, state: CaseState = .received,
                applicant: Applicant? = nil, materials: [CaseMaterial] = [], subCases: [SubCase] = []) {
        self.id = id; self.number = number; self.ticketID = ticketID; self.ticketNumber = ticketNumber; self.itemID = itemID
        self.bundleID = bundleID; self.title = title; self.caseType = caseType; self.leadDepartment = leadDepartment
        self.channel = channel; self.windowID = windowID; self.openedBy = openedBy; self.openedAt = openedAt; self.state = state
        self.applicant = applicant; self.materials = materials; self.subCases = subCases
        acceptedOn = nil; specialProcedures = []; clockStops = []
    }

    /// Promised limit of the case: the longest of its items (they run side by side).
    public var promisedLimitDays: Int { subCases.map(\.promisedLimitDays).max() ?? 0 }
    public var legalLimitDays: Int { subCases.map(\.legalLimitDays).max() ?? 0 }
}

/// The applicant as the case keeps them (from the ID card read at the window, or typed).
public struct Applicant: Codable, Sendable, Hashable {
    public var name: String
    public var idNumber: String
    public var phone: String?
    /// On the dishonesty list (失信): accept-with-deficiencies is refused.
    public var untrustworthy: Bool

    public init(name: String, idNumber: String, phone: String? = nil, untrustworthy: Bool = false) {
        self.name = name; self.idNumber = idNumber; self.phone = phone; self.untrustworthy = untrustworthy
    }

    /// `张**`.
    public var maskedName: String { name.isEmpty ? "" : String(name.prefix(1)) + String(repeating: "*", count: max(1, name.count - 1)) }
    /// `1506**********123X`: the first four and last four characters.
    public var maskedNumber: String {
        guard idNumber.count > 8 else { return String(repeating: "*", count: idNumber.count) }
        return String(idNumber.prefix(4)) + String(repeating: "*", count: idNumber.count - 8) + String(idNumber.suffix(4))
    }
    /// `138****5678`.
    public var maskedPhone: String? {
        phone.map { $0.count >= 11 ? String($0.prefix(3)) + String(repeating: "*", count: $0.count - 7) + String($0.suffix(4)) : "****" }
    }
}

/// States of a case; every change is a stored ``CaseEvent``.
public enum CaseState: String, Codable, Sendable, CaseIterable {
    /// 接件: opened at the window, materials being checked.
    case received
    /// 一次性告知 given: waiting for the applicant to bring what is missing or wrong.
    case awaitingCorrection
    /// 受理 (or 容缺受理): with the departments, the clock running.
    case accepted
    /// A special procedure or a correction during handling: the clock stopped.
    case suspended
    /// Every item has its result: waiting at the pickup window or for the courier.
    case awaitingPickup
    /// Handed out or delivered.
    case completed
    /// 不予受理 (退办件).
    case refused
    case withdrawn
    /// 补正不来办结: the correction notice was never answered.
    case lapsed

    public var isFinal: Bool { [.completed, .refused, .withdrawn, .lapsed].contains(self) }
    /// The promised-limit clock runs in these states only.
    public var clockRunning: Bool { self == .accepted }

    public var chineseName: String {
        switch self {
        case .received: "已接件"
        case .awaitingCorrection: "待补正"
        case .accepted: "已受理"
        case .suspended: "特别程序中"
        case .awaitingPickup: "待取件"
        case .completed: "已办结"
        case .refused: "不予受理"
        case .withdrawn: "已撤回"
        case .lapsed: "补正未到办结"
        }
    }
}

/// An interval the clock stood still (特别程序, 补正 during handling), in hall-local days.
public struct ClockStop: Codable, Sendable, Hashable {
    public var reason: String
    public var from: CivilDay
    /// The day the clock ran again; nil while stopped.
    public var to: CivilDay?

    public init(reason: String, from: CivilDay, to: CivilDay? = nil) { self.reason = reason; self.from = from; self.to = to }
}

/// 一次性告知: everything missing or wrong, listed at once, with how to put it right.
public struct CorrectionNotice: Codable, Sendable, Hashable {
    public struct Item: Codable, Sendable, Hashable {
        public var materialID: String?
        public var name: String
        /// What is wrong: missing, expired, unreadable…
        public var problem: String
        /// How to correct it.
        public var remedy: String

        public init(materialID: String? = nil, name: String, problem: String, remedy: String) {
            self.materialID = materialID; self.name = name; self.problem = problem; self.remedy = remedy
        }
    }
    public var items: [Item]
    public var issuedOn: CivilDay
    public var by: String
}

/// 容缺受理: key materials complete; the missing non-key ones pledged by a day no later than
/// the promised completion date, with what happens if they are late.
public struct Deficiency: Codable, Sendable, Hashable {
    public var materialIDs: [String]
    public var supplyBy: CivilDay
    public var form: String
    public var consequence: String
    public var pledgeSigned: Bool
    public var suppliedOn: CivilDay?
}

/// 不予受理决定: written reasons and the legal basis.
public struct Refusal: Codable, Sendable, Hashable {
    public var reasons: [String]
    public var legalBasis: String
    public var by: String
    public var on: CivilDay
}

/// How a case ended before a result, or after one (办结结果).
public struct Closing: Codable, Sendable, Hashable {
    public var outcome: String
    public var note: String?
    public var at: Date
}

/// 统一出件 or 便捷送达: how the result reached the citizen.
public struct HandOver: Codable, Sendable, Hashable {
    public enum Mode: String, Codable, Sendable { case pickup, courier }
    public var mode: Mode
    public var windowID: String?
    /// The pickup ticket called to the window (Q001).
    public var ticketNumber: String?
    public var courier: String?
    public var trackingNumber: String?
    /// Courier address, masked in every view.
    public var address: String?
    public var by: String
    public var at: Date

    public init(mode: Mode, windowID: String? = nil, ticketNumber: String? = nil, courier: String? = nil, trackingNumber: String? = nil,
                address: String? = nil, by: String, at: Date) {
        self.mode = mode; self.windowID = windowID; self.ticketNumber = ticketNumber; self.courier = courier
        self.trackingNumber = trackingNumber; self.address = address; self.by = by; self.at = at
    }
}
