import ArgumentParser
import Foundation

/// `onevisit reviews …`: the supervisor's view of 好差评: satisfaction by window, staff,
/// item or day, the CSV export, the bad-review tasks with their deadlines, and the upload
/// of the reviews to the provincial platform (issue 15).
struct ReviewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reviews", abstract: "Reviews (好差评): summaries, CSV export, bad-review tasks, uploads.",
        subcommands: [Summary.self, Export.self, Tasks.self, Uploads.self])

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reviews counted by window, staff, item or day, with the satisfaction rate.")
        @OptionGroup var server: ServerOptions
        @Option(help: "window, staff, item or day.") var by = "window"
        @Option(help: "First day, YYYY-MM-DD.") var from: String?
        @Option(help: "Last day, YYYY-MM-DD.") var to: String?

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get(ReviewsCommand.query("summary", ["by": by, "from": from, "to": to]))
                let summary = try decode(SummaryInfo.self, from: data)
                let rows: [[String]] = summary.groups.map { (g: SummaryInfo.Group) -> [String] in
                    var row: [String] = [g.label, String(g.total)]
                    for level in [5, 4, 3, 2, 1] { row.append(String(g.levels[String(level)] ?? 0)) }
                    row.append(String(g.bad))
                    row.append(ReviewsCommand.percent(g.satisfactionRate))
                    return row
                }
                print(Format.table([by, "评价数", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "差评", "满意率"], rows))
                print("合计 \(summary.total), 差评 \(summary.bad), 满意率 \(ReviewsCommand.percent(summary.satisfactionRate))")
                for ignored in summary.ignoredPresses { print("ignored presses at window \(ignored.windowID): \(ignored.count) \(ignored.reason)") }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every review as CSV (UTF-8), to standard output or a file.")
        @OptionGroup var server: ServerOptions
        @Option(help: "First day, YYYY-MM-DD.") var from: String?
        @Option(help: "Last day, YYYY-MM-DD.") var to: String?
        @Option(name: .shortAndLong, help: "Write to this file.") var output: String?

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get(ReviewsCommand.query(nil, ["format": "csv", "from": from, "to": to]))
                try writeOutput(data, to: output)
            }
        }
    }

    struct Tasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bad-review tasks with their state and last day.")
        @OptionGroup var server: ServerOptions
        @Flag(help: "Only the overdue ones.") var overdue = false

        func run() async throws {
            try await reportingFailures {
                let path = "/api/v1/review-tasks" + (overdue ? "?overdue=true" : "")
                let tasks = try decode(TasksInfo.self, from: try await server.client().get(path)).tasks
                print(Format.table(["task", "department", "state", "due", "overdue"], tasks.map {
                    [$0.task.id, $0.task.department, $0.stateName, $0.task.dueDay, $0.overdue ? "逾期" : ""]
                }))
            }
        }
    }

    struct Uploads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The upload of the reviews to the 好差评 platform: waiting, failing (why, next attempt), sent today.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            try await reportingFailures {
                let u = try decode(TodayInfo.self, from: try await server.client().get("/api/v1/supervision/today")).uploads
                print("\(u.destination.map { "platform \($0)" } ?? "no platform configured (reviews.upload.url): reviews wait"): "
                      + "pending \(u.pending), failing \(u.failing), sent today \(u.sent)")
                if !u.failingUploads.isEmpty {
                    print(Format.table(["upload", "ticket or case", "attempts", "last error", "next attempt"], u.failingUploads.map {
                        [$0.id, $0.ticketNumber ?? $0.caseNumber ?? "-", String($0.attempts), $0.lastError ?? "-", $0.nextAttemptAt]
                    }))
                }
            }
        }
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "-" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func query(_ tail: String?, _ params: [String: String?]) -> String {
        var components = URLComponents()
        components.path = "/api/v1/reviews" + (tail.map { "/" + $0 } ?? "")
        components.queryItems = params.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }.sorted { $0.name < $1.name }
        return components.string ?? components.path
    }

    struct SummaryInfo: Decodable {
        struct Group: Decodable { var label: String; var total: Int; var levels: [String: Int]; var bad: Int; var satisfactionRate: Double? }
        struct Ignored: Decodable { var windowID: String; var reason: String; var count: Int }
        var groups: [Group]
        var total: Int
        var bad: Int
        var satisfactionRate: Double?
        var ignoredPresses: [Ignored]
    }

    struct TodayInfo: Decodable {
        struct Uploads: Decodable {
            struct Failing: Decodable {
                var id: String
                var ticketNumber, caseNumber, lastError: String?
                var attempts: Int
                var nextAttemptAt: String
            }
            var destination: String?
            var pending, failing, sent: Int
            var failingUploads: [Failing]
        }
        var uploads: Uploads
    }

    struct TasksInfo: Decodable {
        struct Item: Decodable {
            struct Task: Decodable { var id: String; var department: String; var dueDay: String }
            var task: Task
            var stateName: String
            var overdue: Bool
        }
        var tasks: [Item]
    }
}
