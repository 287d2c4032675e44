#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The proxy-service ledger (帮办代办台账, seed 001 §二(五)): one line per proxy case with its
/// dates, as CSV for the supervisor. Applicants appear masked.
public enum ProxyLedger {
    public static let header = ["委托单号", "办件编号", "委托日期", "申请人", "委托事项", "申请事项", "代办人员", "状态", "承诺办结日期",
                                "上报至", "上报日期", "上级办理结果", "结果日期", "办结日期"]

    public static func csv(_ cases: [ServiceCase], deadline: (ServiceCase) -> CaseDeadline, day: (Date) -> CivilDay) -> String {
        var lines = [header.joined(separator: ",")]
        for c in cases {
            guard let p = c.proxy else { continue }
            let values: [String] = [p.slipNumber, c.number, p.delegatedOn.description,
                                    c.applicant.map { "\($0.maskedName) \($0.maskedNumber)" } ?? "", p.request, c.title, p.assignedName,
                                    c.state.chineseName, deadline(c).promisedDue?.description ?? "", p.escalatedTo ?? "",
                                    p.escalatedOn?.description ?? "", p.escalationResult ?? "", p.resultOn?.description ?? "",
                                    c.closing.map { day($0.at).description } ?? ""]
            lines.append(values.map(CSVField.escape).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
