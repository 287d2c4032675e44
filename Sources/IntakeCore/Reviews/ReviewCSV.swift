#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reviews as CSV for the supervisor's spreadsheet (RFC 4180 quoting, UTF-8 with a BOM so
/// Excel opens the Chinese columns correctly).
public enum ReviewCSV {
    public static let header = ["时间", "日期", "渠道", "评价", "等级", "差评", "取号", "办件编号", "事项编码", "事项名称", "部门", "窗口", "工作人员编号",
                                "工作人员", "差评原因", "实名"]

    public static func render(_ reviews: [Review], day: (Date) -> CivilDay) -> String {
        var lines = [header.map(CSVField.escape).joined(separator: ",")]
        for r in reviews {
            let values: [String] = [r.at.formatted(Date.ISO8601FormatStyle()), day(r.at).description, r.channel.rawValue, r.level.chineseName, String(r.level.rawValue),
                          r.level.isBad ? "是" : "否", r.ticketNumber ?? "", r.caseNumber ?? "", r.itemCode ?? "", r.itemName, r.department,
                          r.windowID ?? "", r.staffID ?? "", r.staffName ?? "", r.reasons.joined(separator: "；"), r.realName ? "是" : "否"]
            lines.append(values.map(CSVField.escape).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
