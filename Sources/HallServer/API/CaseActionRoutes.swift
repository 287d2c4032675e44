import Foundation
import IntakeCore

/// One action on a case as a typed route (R4, R5): the last segment of its path, the roles
/// whose work it is, the kind of work the core's ``CaseAccess`` binds the caller by, and the
/// body it decodes, whose every field it needs is non-optional, so a missing one is a 400
/// naming it before anything is done.
protocol CaseActionRoute: Sendable {
    associatedtype Body: Decodable & Sendable
    static var name: String { get }
    static var roles: Set<StaffRole> { get }
    static var work: CaseAccess.Work { get }
    static func action(_ body: Body, by staff: String, hall: HallInForce) throws -> CaseAction
}

/// A body-less action's body: any JSON object.
struct NoFields: Decodable, Sendable {}

/// Every case action, in the order the API document lists them.
enum CaseActionRoutes {
    static let all: [any CaseActionRoute.Type] = [
        CheckMaterials.self, FillForm.self, Decide.self, CorrectionsSupplied.self, Lapse.self,
        SupplyDeficiencies.self, HandOverResult.self, Withdraw.self,
        DepartmentStep.self, Suspend.self, Resume.self, ItemResult.self,
        Delegate.self, Escalate.self, ProxyResult.self,
    ]

    /// 材料核验: each material checked present, missing or flawed.
    enum CheckMaterials: CaseActionRoute {
        struct Body: Decodable { var checks: [MaterialCheck] }
        static let name = "materials", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atCaseWindow
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .checkMaterials(b.checks) }
    }

    enum FillForm: CaseActionRoute {
        struct Body: Decodable { var values: [String: String] }
        static let name = "form", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atCaseWindow
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .fillForm(b.values) }
    }

    /// 受理, 一次性告知, 容缺受理 or 不予受理, with the fields of that decision.
    enum Decide: CaseActionRoute {
        struct Body: Decodable {
            enum Decision: String, Decodable { case accept, correct, acceptWithDeficiencies = "accept-with-deficiencies", refuse }
            var decision: Decision
            var items: [CorrectionNotice.Item]?
            var materialIDs: [String]?
            var supplyBy: CivilDay?
            var form: String?
            var consequence: String?
            var pledgeSigned: Bool?
            var reasons: [String]?
            var legalBasis: String?
        }
        static let name = "decision", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atCaseWindow
        static func action(_ b: Body, by _: String, hall _: HallInForce) throws -> CaseAction {
            switch b.decision {
            case .accept: .accept
            case .correct: .requestCorrection(try need(b.items, "items"))
            case .acceptWithDeficiencies:
                .acceptWithDeficiencies(materialIDs: try need(b.materialIDs, "materialIDs"), supplyBy: try need(b.supplyBy, "supplyBy"),
                                        form: try need(b.form, "form"), consequence: try need(b.consequence, "consequence"),
                                        pledgeSigned: b.pledgeSigned ?? false)
            case .refuse: .refuse(reasons: try need(b.reasons, "reasons"), legalBasis: try need(b.legalBasis, "legalBasis"))
            }
        }
    }

    enum CorrectionsSupplied: CaseActionRoute {
        struct Body: Decodable { var checks: [MaterialCheck]? }
        static let name = "corrections-supplied", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atCaseWindow
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .correctionsSupplied(b.checks ?? []) }
    }

    /// The correction notice's time ran out.
    enum Lapse: CaseActionRoute {
        static let name = "lapse", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atCaseWindow
        static func action(_: NoFields, by _: String, hall _: HallInForce) -> CaseAction { .lapse }
    }

    /// The pledged papers of 容缺受理 brought in, at whichever window.
    enum SupplyDeficiencies: CaseActionRoute {
        static let name = "supply-deficiencies", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atAnyWindow
        static func action(_: NoFields, by _: String, hall _: HallInForce) -> CaseAction { .supplyDeficiencies }
    }

    /// The result handed out at a window (pickup) or sent by courier.
    enum HandOverResult: CaseActionRoute {
        struct Body: Decodable {
            var mode: HandOver.Mode?
            var windowID: String?
            var ticketNumber: String?
            var courier: String?
            var trackingNumber: String?
            var address: String?
        }
        static let name = "hand-over", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atAnyWindow
        static func action(_ b: Body, by staff: String, hall: HallInForce) -> CaseAction {
            .handOver(HandOver(mode: b.mode ?? .pickup, windowID: b.windowID, ticketNumber: b.ticketNumber, courier: b.courier,
                               trackingNumber: b.trackingNumber, address: b.address, by: staff, at: hall.clock()))
        }
    }

    enum Withdraw: CaseActionRoute {
        struct Body: Decodable { var reason: String }
        static let name = "withdraw", roles: Set<StaffRole> = [.clerk], work = CaseAccess.Work.atAnyWindow
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .withdraw(reason: b.reason) }
    }

    /// A back-office step (审查, 决定) of one item, by its department.
    enum DepartmentStep: CaseActionRoute {
        struct Body: Decodable { var itemID: String; var name: String; var opinion: String }
        static let name = "step", roles: Set<StaffRole> = [.department], work = CaseAccess.Work.department(itemID: nil)
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .step(itemID: b.itemID, name: b.name, opinion: b.opinion) }
    }

    /// A clock stop (听证, 鉴定 and the like) that the deadline does not count.
    enum Suspend: CaseActionRoute {
        struct Body: Decodable { var reason: String }
        static let name = "suspend", roles: Set<StaffRole> = [.department], work = CaseAccess.Work.department(itemID: nil)
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .suspend(reason: b.reason) }
    }

    enum Resume: CaseActionRoute {
        static let name = "resume", roles: Set<StaffRole> = [.department], work = CaseAccess.Work.department(itemID: nil)
        static func action(_: NoFields, by _: String, hall _: HallInForce) -> CaseAction { .resume }
    }

    /// An item's result, granted or refused, with the certificate issued.
    enum ItemResult: CaseActionRoute {
        struct Body: Decodable { var itemID: String; var outcome: SubCaseResult.Outcome; var opinion: String; var certificate: String? }
        static let name = "result", roles: Set<StaffRole> = [.department], work = CaseAccess.Work.department(itemID: nil)
        static func action(_ b: Body, by staff: String, hall: HallInForce) -> CaseAction {
            .decide(itemID: b.itemID, result: SubCaseResult(outcome: b.outcome, opinion: b.opinion, handler: staff, at: hall.clock(),
                                                           certificate: b.certificate))
        }
    }

    /// 帮办代办: the case handed to a proxy staff member against a delegation slip.
    enum Delegate: CaseActionRoute {
        struct Body: Decodable { var request: String; var assignedTo: String; var assignedName: String }
        static let name = "delegate", roles: Set<StaffRole> = [.clerk, .proxy], work = CaseAccess.Work.delegation
        static func action(_ b: Body, by _: String, hall: HallInForce) -> CaseAction {
            .delegate(ProxyService(slipNumber: "", delegatedOn: hall.civilToday, request: b.request,
                                   assignedTo: b.assignedTo, assignedName: b.assignedName))
        }
    }

    enum Escalate: CaseActionRoute {
        struct Body: Decodable { var to: String }
        static let name = "escalate", roles: Set<StaffRole> = [.proxy], work = CaseAccess.Work.proxy
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .escalateProxy(to: b.to) }
    }

    enum ProxyResult: CaseActionRoute {
        struct Body: Decodable { var result: String }
        static let name = "proxy-result", roles: Set<StaffRole> = [.proxy], work = CaseAccess.Work.proxy
        static func action(_ b: Body, by _: String, hall _: HallInForce) -> CaseAction { .proxyResult(b.result) }
    }

    /// A field that one choice of a body needs.
    static func need<T>(_ value: T?, _ field: String) throws -> T {
        guard let value else { throw APIError.badRequest("missing field \"\(field)\"") }
        return value
    }
}
