import Foundation
@testable import IntakeCore

/// A fixed instant: 2026-11-23 09:00 in Asia/Shanghai (a Monday).
let monday9am = Date(timeIntervalSince1970: 1_795_395_600)

func ticket(_ number: String, queue: String = "general", weight: Int = 0, issued minutes: Double = 0,
            state: TicketState = .waiting, target: String? = nil) -> Ticket {
    Ticket(id: number, number: number, queueID: queue, serviceDay: "2026-11-23", sequence: Int(number.dropFirst()) ?? 0,
           state: state, weight: weight, issuedAt: monday9am.addingTimeInterval(minutes * 60), targetWindowID: target)
}

func item(_ id: String, code: String, materials: [Material] = [], produces: String? = nil,
          fields: [FormField] = []) -> ServiceItem {
    ServiceItem(id: id, basicCode: code, implementingCode: "IMPL-\(code)", name: id, type: .publicService,
                department: "测试部门", legalLimitDays: 20, promisedLimitDays: 10, caseType: .promised,
                result: produces.map { ItemResult(name: $0, producesMaterial: $0) }, visitsRequired: 1,
                materials: materials, formFields: fields)
}
