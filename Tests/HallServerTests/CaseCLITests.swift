import Foundation
import TestSupport
import Testing

/// The window console (`onevisit case …`) against the real daemon: an escalated case (上报件)
/// opened, checked, refused acceptance while incomplete, corrected, accepted, sent up and
/// decided; the documents and the ledger from the same commands a clerk types.
@Suite("onevisit case", .serialized, .timeLimit(.minutes(5)))
struct CaseCLITests {
    @Test(.enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"), .timeLimit(.minutes(3)))
    func windowConsoleCarriesAnEscalatedCase() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-case-cli-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, simulate: true)
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let clerk = try await CLIUser.login("clerk5", at: daemon), department = try await CLIUser.login("department1", at: daemon)
        func run(_ arguments: [String], status: Int32 = 0) async throws -> String { try await clerk.expect(arguments, status: status) }
        // Not signed in: the CLI says so.
        let anonymous = try await runProgram(CLIUser.binary, ["case", "open", "--item", "x", "--server", daemon.baseURL],
                                       environment: ["HOME": dir, "XDG_CONFIG_HOME": dir + "/nobody"])
        #expect(anonymous.status == 1 && anonymous.output.contains("(unauthenticated)"), "\(anonymous.output)")
        _ = try await run(["window", "sign-in", "5"])
        let opened = try await run(["case", "open", "--item", "enterprise-early-retirement-benefit", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: Any]
        let number = try #require(object?["number"] as? String)
        #expect(object?["caseTypeName"] as? String == "上报件")
        let materials = (object?["materials"] as? [[String: Any]] ?? []).compactMap { $0["materialID"] as? String }
        #expect(!materials.isEmpty)

        // Incomplete: accepting is refused with what is missing; one notice lists it all.
        let refused = try await run(["case", "accept", number], status: 1)
        #expect(refused.contains("materials not complete"))
        let notice = try await run(["case", "correct", number, "--item", "\(materials[0]):未携带:携带原件到5号窗口"])
        #expect(notice.contains("待补正"))
        let supplied = try await run(["case", "supplied", number] + materials.flatMap { ["--present", $0] })
        #expect(supplied.contains("已接件"))
        let accepted = try await run(["case", "accept", number])
        #expect(accepted.contains("已受理") && accepted.contains("承诺办结"))
        #expect(accepted.contains("文书 受理通知书 \(number)-SL：已打印 window-5"), "\(accepted)")
        let item = "enterprise-early-retirement-benefit"
        // The clerk may not decide an item; the department does.
        _ = try await run(["case", "result", number, "--item", item, "--opinion", "市局批准"], status: 1)
        _ = try await department.expect(["case", "step", number, "--item", item, "--name", "上报", "--opinion", "报市人力资源和社会保障局审批"])
        let decided = try await department.expect(["case", "result", number, "--item", item, "--opinion", "市局批准"])
        #expect(decided.contains("待取件"))
        let handed = try await run(["case", "hand-over", number, "--window", "5"])
        #expect(handed.contains("已办结"))
        let documents = try await run(["case", "documents", number])
        for title in ["一次性告知书", "受理通知书", "办结通知", "领取凭证"] { #expect(documents.contains(title), "\(title) in \(documents)") }
        // Every one of them came out of window 5's simulated printer.
        let printed = await PrintedJobs.texts(dataDirectory: dir, printer: "window-5", count: 4)
        #expect(printed.count == 4)
        #expect(await daemon.stopped() == 0)
    }
}
