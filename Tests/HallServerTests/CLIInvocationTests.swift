import Foundation
import HallServer
import TestSupport
import Testing

/// Every `onevisit` subcommand, found from the CLI's own help so a new one cannot be missed:
/// its help answers, and a wrong invocation is refused with EX_USAGE (64) and a message that
/// says what is wrong. A table of good and bad invocations of the offline commands follows.
@Suite("The onevisit CLI's invocations", .timeLimit(.minutes(5)), .enabled(if: TestNeed.daemon.wanted, "opted out: ONEVISIT_TEST_WITHOUT=daemon"))
struct CLIInvocationTests {
    static func run(_ arguments: [String], input: String? = nil, home: String = NSTemporaryDirectory()) async throws -> (output: String, status: Int32) {
        try await runProgram(CLIUser.binary, arguments, input: input,
                       environment: ["PATH": "/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": home, "LANG": "C.UTF-8"])
    }

    /// The leaf subcommands, read off `--help` level by level.
    static func leaves(_ path: [String] = []) async throws -> [[String]] {
        let help = try await run(path + ["--help"]).output
        guard let section = help.range(of: "SUBCOMMANDS:") else { return [path] }
        let names = help[section.upperBound...].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return name == "See" ? nil : String(name)
        }
        var found: [[String]] = []
        for name in names where name != "help" { found += try await leaves(path + [name]) }
        return found
    }

    @Test func everySubcommandAnswersItsHelpAndRefusesAnUnknownOption() async throws {
        let all = try await Self.leaves()
        #expect(all.count >= 40, "\(all.count) subcommands: \(all.map { $0.joined(separator: " ") })")
        for command in all {
            let name = command.joined(separator: " ")
            let help = try await Self.run(command + ["--help"])
            #expect(help.status == 0 && help.output.contains("USAGE: onevisit \(name)"), "\(name) --help: \(help.output)")
            let wrong = try await Self.run(command + ["--no-such-option"])
            // Refused as a usage error: the option named, or what is missing before it.
            #expect(wrong.status == 64 && wrong.output.hasPrefix("Error: ") && wrong.output.contains("Usage: onevisit \(name)"), "\(name): \(wrong)")
        }
    }

    /// Good and bad invocations of the commands that work on the data directory.
    @Test func offlineCommandsTakeGoodInvocationsAndNameWhatIsWrongInBadOnes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-cli-table-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let catalog = HallFiles.demoCatalogPath
        let table: [(arguments: [String], input: String?, status: Int32, says: String)] = [
            (["staff", "add", "a001", "--name", "胡斌", "--role", "admin", "--password-stdin", "--data-dir", dir], "hall-a001-pass\n", 0, "a001"),
            (["staff", "add", "c001", "--name", "张伟", "--role", "clerk", "--role", "proxy", "--password-stdin", "--data-dir", dir], "hall-c001-pass\n", 0, "c001"),
            (["staff", "list", "--data-dir", dir], nil, 0, "c001\t张伟\tclerk,proxy"),
            (["staff", "add", "c002", "--name", "李娜", "--role", "wizard", "--password-stdin", "--data-dir", dir], "hall-c002-pass\n", 64, "unknown role \"wizard\""),
            (["staff", "add", "c003", "--name", "王芳", "--role", "clerk", "--password-stdin", "--data-dir", dir], "short\n", 64, "at least 8 characters"),
            (["staff", "add", "a001", "--name", "胡斌", "--role", "admin", "--password-stdin", "--data-dir", dir], "hall-a001-pass\n", 1, "a001"),
            (["staff", "add", "c004", "--role", "clerk", "--password-stdin", "--data-dir", dir], "hall-c004-pass\n", 64, "Missing expected argument '--name <name>'"),
            (["staff", "disable", "nobody", "--data-dir", dir], nil, 1, "nobody"),
            (["staff", "disable", "c001", "--data-dir", dir], nil, 0, ""),
            (["staff", "enable", "c001", "--data-dir", dir], nil, 0, ""),
            (["device", "enrol", "kiosk-7", "--data-dir", dir], nil, 0, "ovd_"),
            (["device", "list", "--data-dir", dir], nil, 0, "kiosk-7"),
            (["device", "revoke", "kiosk-8", "--data-dir", dir], nil, 1, "kiosk-8"),
            (["audit", "--data-dir", dir], nil, 0, ""),
            (["catalog", "check", catalog], nil, 0, ""),
            (["catalog", "check", dir + "/no-such-catalog.json"], nil, 1, "no-such-catalog.json"),
            (["window", "sign-in"], nil, 64, "Missing expected argument '<window>'"),
            (["ticket", "take", "--queue", "general", "--server", "http://127.0.0.1:9"], nil, 1, "127.0.0.1:9"),
        ]
        for row in table {
            let (output, status) = try await Self.run(row.arguments, input: row.input, home: dir)
            let line = "onevisit \(row.arguments.joined(separator: " ")) → \(status): \(output)"
            #expect(status == row.status, "\(line)")
            #expect(row.says.isEmpty || output.contains(row.says), "\(line)")
            #expect(!output.contains("hall-a001-pass") && !output.contains("$2"), "a password or its hash in the output: \(line)")
        }
    }

    /// Every window subcommand, in the order a clerk's morning takes them, against the daemon
    /// without --simulate: what each prints, and what a wrong one says.
    @Test func windowSubcommandsAsAClerkUsesThem() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-cli-window-\(UUID().uuidString)").path
        let daemon = DaemonProcess(dataDirectory: dir, staff: ["clerk3", "clerk4"])
        try await daemon.start()
        defer { daemon.stopWithoutWaiting() }
        let clerk = try await CLIUser.login("clerk3", at: daemon), other = try await CLIUser.login("clerk4", at: daemon)
        let table: [(user: CLIUser, arguments: [String], status: Int32, says: String)] = [
            (clerk, ["window", "list"], 0, "综合窗口"),
            (clerk, ["window", "call-next", "3"], 1, "you are signed in at no window"),
            (clerk, ["window", "sign-in", "3"], 0, "Window 3: signed in"),
            (other, ["window", "sign-in", "3"], 1, "window_occupied"),
            (clerk, ["ticket", "take", "--queue", "general"], 0, "Ticket A001"),
            (clerk, ["ticket", "take", "--queue", "general"], 0, "Ticket A002"),
            (clerk, ["window", "call-next", "3"], 0, "A001 已叫号"),
            (other, ["window", "call-next", "3"], 1, "forbidden"),
            (clerk, ["window", "recall", "3"], 0, "recalled 1×"),
            (clerk, ["window", "start", "3"], 0, "A001 办理中"),
            (clerk, ["window", "hold", "3"], 0, "A001 已挂起"),
            (clerk, ["window", "return", "3"], 0, "A001 等候中"),
            (clerk, ["window", "call-next", "3"], 0, "A001 已叫号"),
            (clerk, ["window", "call-next", "3"], 1, "window_busy"),
            (clerk, ["window", "transfer", "3", "--to-queue", "general"], 1, "already in queue general"),
            (clerk, ["window", "transfer", "3", "--to-queue", "one-thing"], 0, "A001"),
            (clerk, ["window", "call-next", "3"], 0, "已叫号"),
            (clerk, ["window", "finish", "3"], 1, "cannot finish"),
            (clerk, ["window", "no-show", "3"], 1, "no_show_too_early"),
            (clerk, ["window", "cancel", "3"], 0, "已取消"),
            (clerk, ["window", "finish", "3"], 1, "no_current_ticket"),
            (other, ["window", "sign-out", "3"], 1, "forbidden"),
            (clerk, ["window", "sign-out", "3"], 0, "Window 3: signed out"),
            (clerk, ["window", "call-next", "3", "--json"], 1, "forbidden"),
        ]
        for row in table {
            let (output, status) = try await row.user.run(row.arguments)
            let line = "\(row.user.staffID): onevisit \(row.arguments.joined(separator: " ")) → \(status): \(output)"
            #expect(status == row.status, "\(line)")
            #expect(output.contains(row.says), "\(line)")
        }
    }
}
