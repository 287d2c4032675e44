import ArgumentParser
import Foundation

/// `onevisit login STAFF-ID`: signs in at the daemon and keeps the session for the other
/// commands (R8: every route needs its staff member).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Sign in as a staff member; later commands act as them.")

    @Argument(help: "Staff id (工号).") var staffID: String
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of asking for it.")
    var passwordStdin = false
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let password = try readPassword(fromStdin: passwordStdin, prompt: "Password for \(staffID): ")
        try await reportingFailures {
            let data = try await HallClient(baseURL: server.resolvedServer)
                .post("/api/v1/session", body: ["staffID": staffID, "password": password])
            let session = try decode(Started.self, from: data)
            do { try SavedSession.save(session.token, for: server.resolvedServer) } catch {
                printError("error: cannot keep the session in \(SavedSession.file(for: server.resolvedServer)): \(error)")
                throw ExitCode.failure
            }
            if server.json { return printRawJSON(data) }
            print("Signed in as \(session.staff.name) (\(session.staff.id); \(session.staff.roles.joined(separator: ", "))) until \(session.expiresAt) if idle")
        }
    }

    struct Started: Decodable {
        var token: String
        var staff: Staff
        var expiresAt: Date
        struct Staff: Decodable { var id: String; var name: String; var roles: [String] }
    }
}

/// `onevisit logout`: ends the session at the daemon and forgets it here.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Sign out and forget the saved session.")
    @OptionGroup var server: ServerOptions

    func run() async throws {
        defer { SavedSession.remove(for: server.resolvedServer) }
        try await reportingFailures {
            guard server.client().token != nil else { return print("Not signed in") }
            _ = try await server.client().delete("/api/v1/session")
            print("Signed out")
        }
    }
}

/// A password from standard input (one line) or typed at a prompt without echo.
func readPassword(fromStdin: Bool, prompt: String) throws -> String {
    let line: String?
    if fromStdin {
        line = Swift.readLine(strippingNewline: true)
    } else {
        guard let p = getpass(prompt) else { throw ValidationError("no terminal to ask for the password: use --password-stdin") }
        line = String(cString: p)
    }
    guard let password = line, !password.isEmpty else { throw ValidationError("the password must not be empty") }
    return password
}
