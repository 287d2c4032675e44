import ArgumentParser
import Foundation

/// `onevisit case …`: the window console for cases. Every command is one call to the
/// daemon's case API, so the CLI and a window screen can never disagree.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases at the window: open, check materials, decide, results, hand-over, documents.",
        subcommands: [Open.self, Show.self, Capture.self, Check.self, Supplied.self, Accept.self, Correct.self, Pledge.self, Refuse.self, Step.self, Result.self,
                      HandOverCommand.self, Documents.self, Ledger.self])

    /// Options every acting command shares. Who acts is the staff member signed in with
    /// `onevisit login`, and a clerk's window is the one they signed in at.
    struct Acting: ParsableArguments {
        @OptionGroup var server: ServerOptions
        @Argument(help: "Case number, e.g. C2026092400011.") var number: String

        func post(_ action: String, _ body: [String: any Sendable] = [:]) async throws {
            try await reportingFailures {
                CaseCommand.show(try await server.client().post(HallClient.path("api", "v1", "cases", number, action), body: body), json: server.json)
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a case at your window from a ticket, or for an item or a bundle.")
        @OptionGroup var server: ServerOptions
        @Option(help: "Ticket id (as `ticket take` prints it).") var ticket: String?
        @Option(help: "Service item id.") var item: String?
        @Option(help: "Bundle id, e.g. newborn.") var bundle: String?
        @Flag(help: "Take the applicant from the card on your window's ID reader.") var fromReader = false

        func run() async throws {
            var body: [String: any Sendable] = [:]
            for (key, value) in [("ticketID", ticket), ("itemID", item), ("bundleID", bundle)] {
                if let value { body[key] = value }
            }
            if fromReader { body["applicantFromReader"] = true }
            try await reportingFailures {
                CaseCommand.show(try await server.client().post("/api/v1/cases", body: body), json: server.json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A case: state, checklist, items, deadline and card.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Case number.") var number: String

        func run() async throws {
            try await reportingFailures {
                CaseCommand.show(try await server.client().get(HallClient.path("api", "v1", "cases", number)), json: server.json)
            }
        }
    }

    struct Capture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Capture a page of a material at the window's document camera.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Case number.") var number: String
        @Argument(help: "Material id from the checklist.") var material: String

        func run() async throws {
            let body: [String: any Sendable] = ["material": material]
            try await reportingFailures {
                let data = try await server.client().post(HallClient.path("api", "v1", "cases", number, "pages"), body: body)
                if server.json { printRawJSON(data); return }
                struct Reply: Decodable { struct P: Decodable { var pageNumber: Int; var size: Int; var width: Int; var height: Int; var sha256: String }; var page: P; var format: String }
                let r = try decode(Reply.self, from: data)
                print("\(material) 第 \(r.page.pageNumber) 页：\(r.page.width)×\(r.page.height)，\(r.page.size) 字节，\(r.format)，sha256 \(r.page.sha256.prefix(16))…")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark materials: --present ID, --missing ID, --flawed ID:what is wrong.")
        @OptionGroup var acting: Acting
        @Option(help: "A material brought.") var present: [String] = []
        @Option(help: "A material not brought.") var missing: [String] = []
        @Option(help: "MATERIAL:PROBLEM, brought but not in the legal form.") var flawed: [String] = []

        func run() async throws {
            var checks: [[String: any Sendable]] = present.map { ["materialID": $0, "status": "present"] }
                + missing.map { ["materialID": $0, "status": "missing"] }
            for f in flawed {
                let parts = f.split(separator: ":", maxSplits: 1).map(String.init)
                guard let id = parts.first, !id.isEmpty else { throw ValidationError("--flawed takes MATERIAL:PROBLEM, not \"\(f)\"") }
                checks.append(["materialID": id, "status": "flawed", "note": parts.count > 1 ? parts[1] : "不符合法定形式"])
            }
            try await acting.post("materials", ["checks": checks])
        }
    }

    struct Supplied: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The applicant came back with the corrections: mark what was brought.")
        @OptionGroup var acting: Acting
        @Option(help: "A material now brought.") var present: [String] = []

        func run() async throws {
            try await acting.post("corrections-supplied", ["checks": present.map { ["materialID": $0, "status": "present"] as [String: any Sendable] }])
        }
    }

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A department's step on an item: 审核, 现场勘察, 上报…")
        @OptionGroup var acting: Acting
        @Option(help: "Item id.") var item: String
        @Option(help: "Step name.") var name: String
        @Option(help: "Opinion (办理意见).") var opinion: String

        func run() async throws { try await acting.post("step", ["itemID": item, "name": name, "opinion": opinion]) }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept (受理): prints the acceptance notice.")
        @OptionGroup var acting: Acting
        func run() async throws { try await acting.post("decision", ["decision": "accept"]) }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One-time correction notice (一次性告知): everything at once.")
        @OptionGroup var acting: Acting
        @Option(help: "MATERIAL:PROBLEM:REMEDY, once per line of the notice.") var item: [String] = []

        func validate() throws { if item.isEmpty { throw ValidationError("give at least one --item MATERIAL:PROBLEM:REMEDY") } }

        func run() async throws {
            let items: [[String: any Sendable]] = try item.map { line in
                let p = line.split(separator: ":", maxSplits: 2).map(String.init)
                guard p.count == 3 else { throw ValidationError("--item takes MATERIAL:PROBLEM:REMEDY, not \(line)") }
                return ["materialID": p[0], "name": p[0], "problem": p[1], "remedy": p[2]]
            }
            try await acting.post("decision", ["decision": "correct", "items": items])
        }
    }

    struct Pledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept with deficiencies (容缺受理) against the applicant's signed pledge.")
        @OptionGroup var acting: Acting
        @Option(help: "A missing non-key material.") var material: [String] = []
        @Option(help: "Last day to supply them, YYYY-MM-DD.") var supplyBy: String
        @Option(help: "How to supply them.") var form = "到受理窗口递交"
        @Option(help: "What happens when they are late.") var consequence = "逾期未补齐的，终止办理"
        @Flag(help: "The applicant has signed the pledge.") var signed = false

        func run() async throws {
            try await acting.post("decision", ["decision": "accept-with-deficiencies", "materialIDs": material, "supplyBy": supplyBy,
                                               "form": form, "consequence": consequence, "pledgeSigned": signed])
        }
    }

    struct Refuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse (不予受理) with reasons and the legal basis.")
        @OptionGroup var acting: Acting
        @Option(help: "A reason.") var reason: [String] = []
        @Option(help: "Legal basis.") var basis: String

        func run() async throws { try await acting.post("decision", ["decision": "refuse", "reasons": reason, "legalBasis": basis]) }
    }

    struct Result: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A department's result on an item.")
        @OptionGroup var acting: Acting
        @Option(help: "Item id.") var item: String
        @Option(help: "granted or refused.") var outcome = "granted"
        @Option(help: "Opinion (办理意见).") var opinion: String
        @Option(help: "Certificate issued.") var certificate: String?

        func run() async throws {
            var body: [String: any Sendable] = ["itemID": item, "outcome": outcome, "opinion": opinion]
            if let certificate { body["certificate"] = certificate }
            try await acting.post("result", body)
        }
    }

    struct HandOverCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hand-over", abstract: "Hand the result out at the pickup window, or send it by courier.")
        @OptionGroup var acting: Acting
        @Option(help: "Window id.") var window: String?
        @Option(help: "The pickup ticket number (Q001).") var ticket: String?
        @Option(help: "Courier company, for delivery.") var courier: String?
        @Option(help: "Tracking number, for delivery.") var tracking: String?
        @Option(help: "Delivery address.") var address: String?

        func run() async throws {
            var body: [String: any Sendable] = ["mode": tracking == nil ? "pickup" : "courier"]
            for (key, value) in [("windowID", window), ("ticketNumber", ticket), ("courier", courier), ("trackingNumber", tracking), ("address", address)] {
                if let value { body[key] = value }
            }
            try await acting.post("hand-over", body)
        }
    }

    struct Documents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The documents a case has issued.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Case number.") var number: String

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get(HallClient.path("api", "v1", "cases", number, "documents"))
                if server.json { printRawJSON(data); return }
                struct List: Decodable { struct D: Decodable { var id: String; var title: String; var number: String; var issuedAt: String }; var documents: [D] }
                let list = try decode(List.self, from: data)
                print(Format.table(["number", "title", "issued", "id"], list.documents.map { [$0.number, $0.title, $0.issuedAt, $0.id] }))
            }
        }
    }

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The proxy-service ledger (帮办代办台账) as CSV.")
        @OptionGroup var server: ServerOptions
        @Option(name: .shortAndLong, help: "Write to this file.") var output: String?

        func run() async throws {
            try await reportingFailures {
                let data = try await server.client().get("/api/v1/proxy-ledger?format=csv")
                try writeOutput(data, to: output)
            }
        }
    }

    /// Prints a case answer: raw with --json, else the console's lines.
    static func show(_ data: Data, json: Bool) {
        guard !json, let c = try? decode(CaseInfo.self, from: data) else { printRawJSON(data); return }
        print(c.lines.joined(separator: "\n"))
    }

    /// What the console prints of a case.
    struct CaseInfo: Decodable {
        struct Material: Decodable { var materialID: String; var name: String; var status: String; var key: Bool }
        struct Sub: Decodable { struct R: Decodable { var outcome: String }; var itemName: String; var department: String; var result: R? }
        struct Deadline: Decodable { var promisedDue: String?; var card: String; var daysLeft: Int? }
        struct Doc: Decodable { var title: String; var number: String }
        struct Printed: Decodable { var state: String; var printer: String?; var reason: String? }
        var number: String
        var stateName: String
        var caseTypeName: String
        var title: String
        var applicant: String?
        var materials: [Material]
        var subCases: [Sub]
        var deadline: Deadline
        var issued: [Doc]?
        var printed: [Printed]?

        var lines: [String] {
            var out = ["\(number)  \(title)  \(caseTypeName)  \(stateName)" + (applicant.map { "  \($0)" } ?? "")]
            if let due = deadline.promisedDue {
                let card = ["yellow": "  黄牌预警", "red": "  红牌超期"][deadline.card] ?? ""
                out.append("承诺办结 \(due)" + (deadline.daysLeft.map { "（剩 \($0) 个工作日）" } ?? "") + card)
            }
            out.append("材料：" + materials.map { "\($0.name)\($0.key ? "" : "(非主要)")=\($0.status)" }.joined(separator: "，"))
            for s in subCases { out.append("  \(s.itemName)（\(s.department)）\(s.result.map { " " + $0.outcome } ?? "")") }
            for (d, p) in zip(issued ?? [], printed ?? []) {
                out.append("文书 \(d.title) \(d.number)：" + (p.state == "printed" ? "已打印 \(p.printer ?? "")" : "\(p.state) \(p.reason ?? "")"))
            }
            return out
        }
    }
}
