/// A supervision report as CSV for the supervisor's spreadsheet: one row per scope (the hall,
/// then departments, windows and staff), the columns of docs/METRICS.md; then the deductions'
/// cases, one row each. RFC 4180, UTF-8 with a BOM so Excel opens the Chinese columns.
public enum SupervisionReportCSV {
    public static let header = [
        "期间", "范围", "编号", "名称",
        "进驻事项", "实施事项", "受理集中率", "受理件", "办结件", "按承诺时限办结", "按时办结率(承诺)", "按法定时限办结", "按时办结率(法定)",
        "网上办结", "网上办结率", "即办件", "即办件比率",
        "取号", "完成", "过号", "平均等候秒", "等候P50秒", "等候P90秒", "平均办理秒", "办理P50秒", "办理P90秒",
        "评价", "差评", "满意率", "整改任务", "整改办结", "整改作废", "整改中", "平均整改秒",
        "投诉", "已答复", "按期答复", "投诉属实", "投诉办结", "结果评价", "结果满意", "结果满意率",
    ] + DeductionKind.allCases.map(\.chineseName)

    public static let casesHeader = ["期间", "扣分项", "条款", "办件编号", "事项", "部门", "窗口", "日期", "说明"]

    public static func render(_ report: SupervisionReport) -> String {
        var lines = [header.map(CSVField.escape).joined(separator: ",")]
        for row in [report.hall] + report.departments + report.windows + report.staff {
            lines.append(values(row, period: report.label).map(CSVField.escape).joined(separator: ","))
        }
        lines.append("")
        lines.append(casesHeader.map(CSVField.escape).joined(separator: ","))
        for d in report.deductions {
            for c in d.cases {
                lines.append([report.label, d.name, d.clause, c.caseNumber, c.title, c.department, c.windowID ?? "", c.day.description, c.detail]
                    .map(CSVField.escape).joined(separator: ","))
            }
        }
        // The hall's wait estimate against the waits had (docs/METRICS.md), in seconds of error.
        let w = report.waitEstimate
        lines.append("")
        lines.append(["等候预估", "叫号", "平均绝对误差秒", "P50秒", "P90秒", "平均偏差秒"].map(CSVField.escape).joined(separator: ","))
        for (name, e) in [("本厅预估", w.estimator), ("前面人数×\(String(format: "%g", w.naiveMinutesPerPerson))分钟", w.naive)] {
            func secs(_ v: Double?) -> String { v.map { String(Int($0.rounded())) } ?? "" }
            lines.append([name, String(w.tickets), secs(e.absolute.meanSeconds), secs(e.absolute.p50Seconds), secs(e.absolute.p90Seconds),
                          secs(e.meanSignedSeconds)].map(CSVField.escape).joined(separator: ","))
        }
        if let head = report.archiveHead {
            lines.append("")
            lines.append(["档案链末条", String(head.sequence), head.hash].map(CSVField.escape).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func values(_ row: ScopeFigures, period: String) -> [String] {
        func n(_ v: Int) -> String { String(v) }
        // Four decimals and whole seconds: what a spreadsheet shows, with no locale in it.
        func rate(_ r: Rate?) -> String { r?.value.map { String(($0 * 10_000).rounded() / 10_000) } ?? "" }
        func secs(_ v: Double?) -> String { v.map { String(Int($0.rounded())) } ?? "" }
        let e = row.efficiency, s = row.service, r = row.reviews, c = row.complaints
        let kind: String = switch row.scope.kind {
        case .hall: "全厅"
        case .department: "部门"
        case .window: "窗口"
        case .staff: "工作人员"
        }
        return [period, kind, row.scope.id, row.scope.name,
                e.concentration.map { n($0.numerator) } ?? "", e.concentration.map { n($0.denominator) } ?? "", rate(e.concentration),
                n(e.accepted), n(e.finished), n(e.onTimePromised.numerator), rate(e.onTimePromised), n(e.onTimeLegal.numerator), rate(e.onTimeLegal),
                n(e.online.numerator), rate(e.online), n(e.immediate.numerator), rate(e.immediate),
                n(s.tickets), n(s.served), n(s.noShows), secs(s.waitingTime.meanSeconds), secs(s.waitingTime.p50Seconds), secs(s.waitingTime.p90Seconds),
                secs(s.serviceTime.meanSeconds), secs(s.serviceTime.p50Seconds), secs(s.serviceTime.p90Seconds),
                n(r.total), n(r.bad), rate(r.satisfaction), n(r.tasksOpened), n(r.tasksClosed), n(r.tasksVoided), n(r.tasksOpen),
                secs(r.timeToClose.meanSeconds),
                n(c.received), n(c.answered), n(c.answeredOnTime.numerator), n(c.upheld), n(c.closed),
                n(c.resultSatisfaction.denominator), n(c.resultSatisfaction.numerator), rate(c.resultSatisfaction)]
            + DeductionKind.allCases.map { n(row.deductions[$0.rawValue] ?? 0) }
    }
}
