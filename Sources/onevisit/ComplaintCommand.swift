import ArgumentParser
import Foundation

/// `onevisit complaint …` (seed 004 §10): a complaint taken by phone, letter or at the window
/// entered by the staff who took it; the public view of one by its number; the supervisor's
/// list with the complainant masked.
struct ComplaintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint", abstract: "Complaints (投诉): enter one taken by phone, letter or at the window; look one up; list them.",
        subcommands: [File.self, Show.self, List.self])

    struct View: Decodable {
        var number: String
        var typeName: String
        var stateName: String
        var receivedOn: String
        var answerDue: String
        var result: String?
        var measures: String?
    }

    struct File: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enter a complaint taken by phone, letter or at the window (clerks, supervisors).")
        @OptionGroup var server: ServerOptions
        @Option(help: "phone, letter or window.") var channel: String
        @Option(help: "attitude, efficiency, extraRequirements, fees, misconduct or other.") var type: String
        @Option(help: "The window complained about.") var window: String?
        @Option(help: "The staff member complained about (their ID).") var staff: String?
        @Option(help: "The unit (department) complained about.") var unit: String?
        @Option(help: "What happened.") var content: String
        @Option(help: "What the complainant asks for.") var demand: String
        @Option(help: "The complainant's name, for the answer (optional).") var name: String?
        @Option(help: "The complainant's phone, for the answer (optional).") var phone: String?

        func run() async throws {
            try await reportingFailures {
                var body: [String: any Sendable] = ["channel": channel, "type": type, "content": content, "demand": demand]
                for (key, value) in [("window", window), ("staffID", staff), ("unit", unit), ("name", name), ("phone", phone)] {
                    if let value { body[key] = value }
                }
                let data = try await server.client().post("/api/v1/complaints/by-staff", body: body)
                if server.json { return FileHandle.standardOutput.write(data) }
                let c = try decode(View.self, from: data)
                print("投诉 \(c.number) 已受理（\(c.typeName)），\(c.answerDue) 前答复")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A complaint's state and result by its number, as the complainant sees it.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "The complaint number (TS…).") var number: String

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get(HallClient.path("api", "v1", "complaints", number))
                if server.json { return FileHandle.standardOutput.write(data) }
                let c = try decode(View.self, from: data)
                print("\(c.number) \(c.typeName) \(c.stateName) 受理 \(c.receivedOn) 答复期限 \(c.answerDue)")
                if let result = c.result { print("处理结果：\(result)") }
                if let measures = c.measures { print("整改措施：\(measures)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Complaints with their state and answer day, the complainant masked (supervisors).")
        @OptionGroup var server: ServerOptions
        @Option(help: "received, investigating, answered or closed.") var state: String?

        struct Rows: Decodable {
            struct Row: Decodable { var number, typeName, stateName, answerDue: String; var windowID, complainant: String? }
            var complaints: [Row]
        }

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get("/api/v1/complaints" + (state.map { "?state=\($0)" } ?? ""))
                if server.json { return FileHandle.standardOutput.write(data) }
                let rows = try decode(Rows.self, from: data).complaints
                print(Format.table(["编号", "类型", "状态", "答复期限", "窗口", "投诉人"],
                                   rows.map { [$0.number, $0.typeName, $0.stateName, $0.answerDue, $0.windowID ?? "-", $0.complainant ?? "-"] }))
            }
        }
    }
}
