import EscPos
import Foundation
import Hummingbird
import IntakeCore

/// `POST /api/v1/notices/print`: the one-time notice (一次告知, seed 002 §3; seed 004 §9.3)
/// of an item or bundle on the kiosk's printer, without a ticket — a citizen who came to
/// ask what to bring takes the list home and comes back once with everything.
struct NoticeRoutes {
    let hall: HallInForce
    let printers: HallPrinters

    struct PrintRequest: Decodable {
        var item: String?
        var bundle: String?
        /// The kiosk's printer; default the hall's first kiosk printer.
        var printer: String?
    }

    struct Printed: Encodable {
        var notice: OneTimeNotice
        var print: PrintOutcome
    }

    func register(on routes: HallRoutes) {
        // The kiosk's paper is the kiosk's: only an enrolled kiosk prints on it.
        routes.audience(.kiosk).post("/api/v1/notices/print") { request, _ in
            let body = try await JSONCoding.body(PrintRequest.self, of: request)
            let catalog = hall.catalog
            let notice: OneTimeNotice, key: String
            switch (body.item, body.bundle) {
            case (let id?, nil):
                guard let item = catalog.item(id) else { throw APIError.notFound("no service item \"\(id)\"") }
                (notice, key) = (catalog.oneTimeNotice(for: item), "item/" + id)
            case (nil, let id?):
                guard let bundle = catalog.bundle(id) else { throw APIError.notFound("no bundle \"\(id)\"") }
                (notice, key) = (catalog.oneTimeNotice(for: bundle), "bundle/" + id)
            default:
                throw APIError.badRequest("give exactly one of \"item\" or \"bundle\"")
            }
            let printer = try printers.kioskPrinter(body.printer)
            let layout = Self.layout(of: notice, hall: hall)
            let outcome = await printers.printDocument(kind: "notice", id: key, title: "notice " + notice.title, on: printer,
                                                       hall: hall, reprint: false) { _, encoder throws(EscPos.EncodingError) in
                try encoder.encode(layout.document(paper: encoder.paper))
            }
            return try JSONCoding.response(Printed(notice: notice, print: outcome))
        }
    }

    /// The notice on paper: what to bring, what the hall obtains itself, the promised time.
    static func layout(of notice: OneTimeNotice, hall: HallInForce) -> NoticeLayout {
        let zone = TimeZone(identifier: hall.layout.timeZone) ?? .current
        let bring = notice.bring.map { $0.material.name + ($0.key ? "" : "（可容缺）") }
        var sections = [NoticeLayout.Section("请携带以下材料", bring.isEmpty ? ["无需携带材料"] : bring, numbered: !bring.isEmpty)]
        if !notice.skip.isEmpty {
            sections.append(.init("无需提交（部门共享或本件事内生成）", notice.skip.map(\.material.name)))
        }
        return NoticeLayout(
            hallName: hall.layout.hallName, title: "一次性告知单",
            fields: [.init("事项", notice.title), .init("承诺办结时限", "\(notice.promisedLimitDays) 个工作日"),
                     .init("到现场次数", notice.visitsRequired == 0 ? "无需到现场" : "最多 \(notice.visitsRequired) 次"),
                     .init("打印时间", QueueTicketLayout.format(hall.clock(), in: zone))],
            sections: sections,
            footer: hall.layout.complaintPhone.map { ["监督投诉电话 \($0)"] } ?? [])
    }
}
