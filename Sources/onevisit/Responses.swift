import Foundation

// CLI-local shapes of the daemon's JSON answers. Everything a formatter can live without is
// optional, so a newer or older daemon degrades the output instead of failing it.

/// A ticket (`TicketView` on the server).
struct TicketInfo: Decodable {
    var id: String
    var number: String
    var queue: String?
    var queueName: String?
    var state: String?
    var stateName: String?
    var item: String?
    var bundle: String?
    var serviceName: String?
    var priority: String?
    var window: String?
    var targetWindow: String?
    var recallCount: Int?
    var issuedAt: String?
    var serviceDay: String?
    var peopleAhead: Int?
    var estimatedWaitMinutes: Int?
    var notice: NoticeInfo?
    var print: PrintInfo?
}

/// How printing a ticket went.
struct PrintInfo: Decodable {
    var printer: String?
    var state: String
    var code: String?
    var reason: String?

    var line: String {
        switch state {
        case "printed": "Printed on \(printer ?? "?")"
        case "skipped": "Not printed: \(reason ?? "no printer")"
        case "failed": "PRINT FAILED on \(printer ?? "?"): \(reason ?? code ?? "unknown") (retry: onevisit ticket print ID)"
        default: "Printing on \(printer ?? "?") (\(state))"
        }
    }
}

/// The one-time notice (一次告知).
struct NoticeInfo: Decodable {
    var title: String?
    var bring: [MergedMaterialInfo]?
    var skip: [MergedMaterialInfo]?
    var promisedLimitDays: Int?
    var visitsRequired: Int?
}

/// One entry of a merged materials list.
struct MergedMaterialInfo: Decodable {
    var material: MaterialInfo
    var neededBy: [String]?
    var disposition: String?
    var required: Bool?
    var key: Bool?
    var producedBy: String?
}

struct MaterialInfo: Decodable {
    var id: String?
    var name: String
    var requirement: String?
    var condition: String?
    var form: String?
    var copies: Int?
}

/// `GET /api/v1/catalog/bundles/{id}`.
struct BundleDetailInfo: Decodable {
    var bundle: BundleInfo
    var items: [ItemInfo]?
    var mergedMaterials: [MergedMaterialInfo]?
    var mergedForm: [MergedFormFieldInfo]?
}

struct BundleInfo: Decodable {
    var id: String
    var name: String
    var seedNumber: Int?
    var items: [String]?
    var leadDepartment: String?
    var cooperatingDepartments: [String]?
}

struct ItemInfo: Decodable {
    var id: String
    var name: String
    var department: String?
    var promisedLimitDays: Int?
    var caseType: String?
}

struct MergedFormFieldInfo: Decodable {
    var field: FieldInfo
    var usedBy: [String]?
    struct FieldInfo: Decodable { var id: String; var label: String? }
}

/// `GET /api/v1/queues`.
struct QueuesInfo: Decodable {
    var serviceDay: String?
    var queues: [Entry]
    struct Entry: Decodable {
        var queue: QueueInfo
        var waiting: Int?
        var issuedToday: Int?
        var openWindows: [String]?
    }
    struct QueueInfo: Decodable { var id: String; var name: String?; var prefix: String? }
}

/// `GET /api/v1/windows`.
struct WindowsInfo: Decodable {
    var windows: [Entry]
    struct Entry: Decodable {
        var window: WindowInfo
        var staff: StaffInfo?
        var current: TicketInfo?
    }
    struct WindowInfo: Decodable { var id: String; var name: String?; var kind: String?; var queues: [String]? }
    struct StaffInfo: Decodable { var id: String?; var name: String? }
}

/// One `event: call` of the board stream.
struct BoardCallInfo: Decodable {
    var sequence: Int?
    var ticket: String
    var window: String
    var windowName: String?
    var recall: Int?
}
