import ArgumentParser
import Foundation
import IntakeCore

/// `onevisit report day|month|quarter`: the supervision report of a period (seed 004 §12.3;
/// docs/METRICS.md) as a table, as CSV, or as the printable page turned into a PDF by
/// headless Chromium.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Supervision reports of a day, month or quarter: table, CSV or PDF.",
        subcommands: [Day.self, Month.self, Quarter.self])

    struct Day: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The report of one hall-local day.")
        @Option(help: "The day, YYYY-MM-DD.") var date: String
        @OptionGroup var output: ReportOutput

        func run() async throws {
            guard let day = CivilDay(date) else { throw ValidationError("--date must be YYYY-MM-DD") }
            try await output.run(.day(day))
        }
    }

    struct Month: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The report of one month.")
        @Option(help: "The month, YYYY-MM.") var month: String
        @OptionGroup var output: ReportOutput

        func run() async throws {
            guard let period = ReportPeriod.month(month) else { throw ValidationError("--month must be YYYY-MM") }
            try await output.run(period)
        }
    }

    struct Quarter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The report of one quarter.")
        @Option(help: "The quarter, YYYY-Q1 … YYYY-Q4.") var quarter: String
        @OptionGroup var output: ReportOutput

        func run() async throws {
            guard let period = ReportPeriod.quarter(quarter) else { throw ValidationError("--quarter must be YYYY-Qn") }
            try await output.run(period)
        }
    }
}

/// What to make of a report: the summary table (default), the CSV, the JSON, or a PDF.
struct ReportOutput: ParsableArguments {
    @OptionGroup var server: ServerOptions
    @Flag(help: "The CSV export instead of the table.") var csv = false
    @Option(help: "Print the report page to this PDF file with headless Chromium.") var pdf: String?
    @Option(name: .shortAndLong, help: "Write the CSV or JSON to this file.") var output: String?

    func run(_ period: ReportPeriod) async throws {
        try await reportingFailures {
            let client = server.client()
            let path = "/api/v1/reports/\(period.kind.rawValue)?\(period.queryName)=\(period.description)"
            if let pdf { return try await ReportPDF.print(period, client: client, to: pdf) }
            if csv { return try writeOutput(try await client.get(path + "&format=csv"), to: output) }
            let data = try await client.get(path)
            if server.json || output != nil { return try writeOutput(data, to: output) }
            print(ReportTable.render(try decode(SupervisionReport.self, from: data)))
        }
    }
}

/// The report as the terminal shows it: the efficiency figures per scope, then the deductions.
enum ReportTable {
    static func render(_ r: SupervisionReport) -> String {
        func pct(_ rate: Rate?) -> String {
            guard let rate, let value = rate.value else { return "-" }
            return String(format: "%.1f%% (%d/%d)", value * 100, rate.numerator, rate.denominator)
        }
        func minutes(_ s: Double?) -> String { s.map { String(format: "%.1f", $0 / 60) } ?? "-" }
        let rows = ([r.hall] + r.departments + r.windows + r.staff).map { s -> [String] in
            [s.scope.kind.rawValue, s.scope.name, pct(s.efficiency.concentration), pct(s.efficiency.onTimePromised), pct(s.efficiency.onTimeLegal),
             pct(s.efficiency.online), pct(s.efficiency.immediate), String(s.service.tickets), minutes(s.service.waitingTime.meanSeconds),
             pct(s.reviews.satisfaction), String(s.complaints.received)]
        }
        var lines = ["督查报表 \(r.label)（\(r.period.first) 至 \(r.period.last)，制表 \(r.madeOn)）",
                     Format.table(["范围", "名称", "受理集中率", "按时办结率(承诺)", "按时办结率(法定)", "网上办结率", "即办件比率", "取号", "平均等候(分)",
                                   "满意率", "投诉"], rows)]
        lines.append("扣分项 (§12.3.5):")
        for d in r.deductions {
            lines.append("  \(d.clause) \(d.name): \(d.count)" + (d.cases.isEmpty ? "" : "  " + d.cases.map(\.caseNumber).joined(separator: ", ")))
        }
        let w = r.waitEstimate
        lines.append("等候时间预估 (\(w.tickets) 张已叫号): 平均绝对误差 \(minutes(w.estimator.absolute.meanSeconds)) 分, p90 \(minutes(w.estimator.absolute.p90Seconds)) 分, "
                     + "平均偏差 \(minutes(w.estimator.meanSignedSeconds)) 分；按人数×\(String(format: "%g", w.naiveMinutesPerPerson)) 分估算: "
                     + "\(minutes(w.naive.absolute.meanSeconds)) 分, p90 \(minutes(w.naive.absolute.p90Seconds)) 分")
        lines += r.notes.map { "注：" + $0 }
        return lines.joined(separator: "\n")
    }
}
