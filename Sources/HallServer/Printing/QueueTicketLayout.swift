import EscPos
import Foundation
import IntakeCore

/// The printed queue ticket (R1; seed 001 §一(一)5 取号机): hall name, the number large,
/// queue and service, people ahead and the estimated wait, issue time, a QR code to the
/// ticket's status page, and the short one-time notice of what to bring. Kept under
/// 2 KiB of ESC/POS so it prints in text mode on any hall printer.
public struct QueueTicketLayout: Sendable {
    public static let byteLimit = 2048

    public var hallName: String
    public var number: String
    public var queueName: String
    public var serviceName: String?
    public var priority: PriorityReason?
    public var peopleAhead: Int
    public var estimatedWaitMinutes: Int
    /// Hall-local issue time, `2026-11-23 09:41`.
    public var issuedAt: String
    public var statusURL: String
    /// Materials to bring, as the one-time notice names them.
    public var bring: [String]
    public var skip: [String]
    /// Hall-local time of a reprint; nil for the first print.
    public var reprintedAt: String?
    /// A real-name ticket's holder, masked: `张** 1506**********123X`.
    public var holder: String?

    public init(hallName: String, number: String, queueName: String, serviceName: String? = nil, priority: PriorityReason? = nil,
                peopleAhead: Int, estimatedWaitMinutes: Int, issuedAt: String, statusURL: String,
                bring: [String] = [], skip: [String] = [], reprintedAt: String? = nil) {
        self.hallName = hallName; self.number = number; self.queueName = queueName; self.serviceName = serviceName
        self.priority = priority; self.peopleAhead = peopleAhead; self.estimatedWaitMinutes = estimatedWaitMinutes
        self.issuedAt = issuedAt; self.statusURL = statusURL; self.bring = bring; self.skip = skip
        self.reprintedAt = reprintedAt
    }

    /// The ticket's content from the hall's records.
    public init(ticket: Ticket, hall: HallInForce, statusURL: String, reprintedAt: Date?) {
        let catalog = hall.catalog
        let notice: OneTimeNotice? = if let b = ticket.bundleID.flatMap(catalog.bundle) {
            catalog.oneTimeNotice(for: b)
        } else if let i = ticket.itemID.flatMap(catalog.item) {
            catalog.oneTimeNotice(for: i)
        } else {
            nil
        }
        let zone = TimeZone(identifier: hall.layout.timeZone) ?? .current
        self.init(
            hallName: hall.layout.hallName, number: ticket.number,
            queueName: hall.layout.queue(ticket.queueID)?.name ?? ticket.queueID,
            serviceName: ticket.bundleID.flatMap { catalog.bundle($0)?.name } ?? ticket.itemID.flatMap { catalog.item($0)?.name },
            priority: ticket.priority, peopleAhead: ticket.peopleAheadAtIssue, estimatedWaitMinutes: ticket.estimatedWaitMinutes,
            issuedAt: Self.format(ticket.issuedAt, in: zone), statusURL: statusURL,
            bring: notice?.bring.map { $0.material.name + ($0.key ? "" : "（可容缺）") } ?? [],
            skip: notice?.skip.map(\.material.name) ?? [],
            reprintedAt: reprintedAt.map { Self.format($0, in: zone) })
        holder = ticket.holder.map { $0.maskedName + " " + $0.maskedNumber }
    }

    /// The ticket as a document; materials beyond what fits in 2 KiB are summed up in a
    /// line pointing to the status page, which lists them all.
    public func encoded(with encoder: EscPosEncoder) throws(EncodingError) -> EscPosEncoder.Output {
        var shown = bring.count
        var layout = self
        while true {
            let output = try encoder.encode(layout.document(showing: shown, paper: encoder.paper))
            if output.bytes.count <= Self.byteLimit { return output }
            if shown > 0 {
                shown -= 1
            } else if !layout.skip.isEmpty {
                layout.skip = []
            } else {
                return output  // Only the fixed lines are left; nothing more can go.
            }
        }
    }

    public func document(showing shownCount: Int, paper: PaperWidth) -> PrintDocument {
        let big = paper == .mm58 ? 3 : 4
        var d = PrintDocument()
        if let reprintedAt {
            d.append(.text("** 补打 REPRINT **", TextStyle(alignment: .center, bold: true)))
            d.append(.text("补打时间 " + reprintedAt, .centered))
        }
        d.append(.text(hallName, TextStyle(alignment: .center, bold: true, height: 2)))
        d.append(.rule())
        d.append(.text(number, TextStyle(alignment: .center, bold: true, width: big, height: big)))
        d.append(.text(queueName + (serviceName.map { " · " + $0 } ?? ""), .centered))
        if let priority { d.append(.text("绿色通道 · " + priority.chineseName, TextStyle(alignment: .center, bold: true))) }
        d.append(.feed(1))
        d.append(.pair("前面还有", "\(peopleAhead) 人"))
        d.append(.pair("预计等候", "约 \(estimatedWaitMinutes) 分钟"))
        d.append(.pair("取号时间", issuedAt))
        if let holder { d.append(.pair("实名", holder)) }
        d.append(.qrCode(statusURL, moduleSize: paper == .mm58 ? 4 : 5, errorCorrection: .medium))
        d.append(.text("扫码查看叫号进度", .centered))
        if !bring.isEmpty {
            d.append(.rule())
            d.append(.text("一次告知：请携带以下材料", TextStyle(bold: true)))
            for (index, name) in bring.prefix(shownCount).enumerated() { d.append(.text("\(index + 1). \(name)")) }
            if shownCount < bring.count { d.append(.text("另有 \(bring.count - shownCount) 项，请扫码查看完整清单")) }
            if !skip.isEmpty { d.append(.text("无需提交：" + skip.joined(separator: "、") + "（部门共享或本件事内生成）")) }
        }
        d.append(.rule())
        d.append(.text("请留意叫号，过号请到服务台咨询", .centered))
        d.append(.cut())
        return d
    }

    static func format(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
