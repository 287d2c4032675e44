import Foundation

/// Text formatting shared by the commands: tables that line up with Chinese text, tickets, notices.
enum Format {
    /// Columns of a terminal a string takes: CJK and full-width characters take two.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark || v == 0x200B { return total }
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    static func pad(_ s: String, to columns: Int) -> String {
        s + String(repeating: " ", count: max(0, columns - width(s)))
    }

    /// A plain table: a header row, then rows, columns two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        columns([header] + rows).joined(separator: "\n")
    }

    /// Rows with their cells lined up, columns two spaces apart; the last column is not padded.
    static func columns(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { c in rows.map { c < $0.count ? width($0[c]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : pad(cell, to: widths[c]) }
                .joined(separator: "  ")
        }
    }

    /// `A003 已叫号 (called) · 综合受理 · window 3`
    static func ticketLine(_ t: TicketInfo) -> String {
        var parts = ["\(t.number) \(t.stateName ?? t.state ?? "?")"]
        if let queue = t.queueName ?? t.queue { parts.append(queue) }
        if let service = t.serviceName { parts.append(service) }
        if let window = t.window { parts.append("window \(window)") }
        if let target = t.targetWindow, target != t.window { parts.append("for window \(target)") }
        if let recalls = t.recallCount, recalls > 0 { parts.append("recalled \(recalls)×") }
        return parts.joined(separator: " · ")
    }

    /// `HH:mm` in local time from an ISO 8601 timestamp, or the text as given.
    static func time(_ iso: String?) -> String? {
        guard let iso else { return nil }
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }

    /// `elderly (老年人)`: a priority reason with its Chinese name when known.
    static func priority(_ reason: String) -> String {
        let names = ["soldier": "军人", "fireRescue": "消防救援人员", "medicalStaff": "医务人员", "elderly": "老年人",
                     "sick": "患病群众", "disabled": "残疾人", "pregnant": "孕妇"]
        return names[reason].map { "\(reason) (\($0))" } ?? reason
    }

    /// 纸质 / 电子 / 原件核验, with copies.
    static func materialForm(_ m: MaterialInfo) -> String {
        let form = switch m.form {
        case "paper": "纸质"
        case "electronic": "电子"
        case "original": "原件核验"
        case let other?: other
        case nil: ""
        }
        let copies = m.copies.map { "\($0) 份" }
        return [form, copies].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
    }

    /// 需提交 / 数据共享免提交 / 本件事内生成 (by item).
    static func disposition(_ m: MergedMaterialInfo, names: [String: String] = [:]) -> String {
        switch m.disposition {
        case "ask": return "需提交"
        case "dataSharing": return "数据共享免提交"
        case "producedInBundle":
            guard let producer = m.producedBy else { return "本件事内生成" }
            return "本件事内生成 (by \(names[producer] ?? producer))"
        case let other?: return other
        case nil: return "?"
        }
    }

    /// The one-time notice: what to bring, what the hall obtains itself.
    static func notice(_ n: NoticeInfo) -> [String] {
        var lines = ["一次告知 (one-time notice): \(n.title ?? "")"]
        let bring = n.bring ?? [], skip = n.skip ?? []
        lines.append(bring.isEmpty ? "  Bring: nothing" : "  Bring:")
        for m in bring {
            var line = "    - \(m.material.name)"
            let form = materialForm(m.material)
            if !form.isEmpty { line += " (\(form))" }
            if m.required == false, let condition = m.material.condition { line += " [如 \(condition)]" }
            if m.key == false { line += " 可容缺" }
            lines.append(line)
        }
        if !skip.isEmpty {
            lines.append("  No need to bring:")
            for m in skip { lines.append("    - \(m.material.name) — \(disposition(m))") }
        }
        var limits: [String] = []
        if let days = n.promisedLimitDays { limits.append("承诺时限 \(days) 个工作日") }
        if let visits = n.visitsRequired { limits.append("到现场 \(visits) 次") }
        if !limits.isEmpty { lines.append("  " + limits.joined(separator: ", ")) }
        return lines
    }
}
