import Foundation
import TestSupport
import Testing

/// The `onevisit` CLI as one staff member uses it against a running daemon: signed in with
/// `onevisit login` (password on stdin), the session kept in a config directory of its own,
/// with a clean environment.
struct CLIUser {
    static let binary = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent().appendingPathComponent("onevisit").path

    let staffID: String
    let server: String
    let configHome: String

    var environment: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": configHome, "XDG_CONFIG_HOME": configHome, "LANG": "C.UTF-8"]
    }

    /// Signs in as `staffID` (an account the daemon's test set up, unless `password` is given).
    static func login(_ staffID: String, at daemon: DaemonProcess, password: String? = nil) async throws -> CLIUser {
        let password = password ?? daemon.password(of: staffID)
        let home = daemon.dataDirectory + "/cli-" + staffID
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let user = CLIUser(staffID: staffID, server: daemon.baseURL, configHome: home)
        let (output, status) = try await user.run(["login", staffID, "--password-stdin"], input: password + "\n")
        guard status == 0 else { throw TestFailure("onevisit login \(staffID): \(output)") }
        return user
    }

    /// The session token `onevisit login` kept (for requests the CLI has no command for).
    var token: String {
        get throws {
            let dir = configHome + "/onevisit/sessions"
            guard let file = try FileManager.default.contentsOfDirectory(atPath: dir).first,
                  let data = FileManager.default.contents(atPath: dir + "/" + file) else { throw TestFailure("no saved session in \(dir)") }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Runs `onevisit ARGS --server URL`.
    func run(_ arguments: [String], input: String? = nil) async throws -> (output: String, status: Int32) {
        try await runProgram(Self.binary, arguments + ["--server", server], input: input, environment: environment)
    }

    /// Runs and checks the exit status; the output.
    func expect(_ arguments: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments)
        #expect(result.status == status, "onevisit \(arguments.joined(separator: " ")) as \(staffID): \(result.output)", sourceLocation: sourceLocation)
        return result.output
    }
}
