import ArgumentParser
import Foundation
import HallServer
import IntakeCore
import IntakeStore

/// `onevisit staff add|list|disable|enable|password`: the hall's staff accounts, offline on
/// the data directory, so a technician sets up a new hall before the daemon first starts
/// (and also while it runs: the database is shared safely).
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Staff accounts (offline, on the data directory).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account: onevisit staff add ID --name NAME --role ROLE … --password-stdin")
        @Argument(help: "Staff id (工号): letters, digits, '-', '_' or '.'.") var id: String
        @Option(help: "Name as shown at the window.") var name: String
        @Option(help: "A role: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for several.") var role: [String] = []
        @Option(help: "The department of a department account.") var department: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            var roles = Set<StaffRole>()
            for r in role {
                guard let parsed = StaffRole(rawValue: r) else {
                    throw ValidationError("unknown role \"\(r)\"; one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                roles.insert(parsed)
            }
            let account = StaffAccount(id: id, name: name, roles: roles, department: department)
            guard account.problems.isEmpty else { throw ValidationError(account.problems.joined(separator: "; ")) }
            let password = try readPassword(fromStdin: passwordStdin, prompt: "New password for \(id): ")
            guard password.count >= 8 || password == DemoAccounts.password else { throw ValidationError("the password must have at least 8 characters") }
            try await data.run { store in try await store.add(account, passwordHash: await StaffAccounts.hash(password: password), at: Date()) }
            print("Added \(id) (\(name); \(roles.sorted().map(\.rawValue).joined(separator: ", ")))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let accounts: [StaffAccount] = try await data.run { store in try await store.accounts() }
            if accounts.isEmpty { return print("No staff account yet: onevisit staff add ID --name NAME --role admin --password-stdin") }
            for a in accounts {
                let roles = a.roles.sorted().map(\.rawValue).joined(separator: ",")
                print([a.id, a.name, roles, a.department ?? "-", a.disabled ? "disabled" : "enabled"].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its sessions end at once.")
        @Argument var id: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await data.run { store in try await store.setDisabled(id, true) }
            print("Disabled \(id)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an account again (and lift a lock).")
        @Argument var id: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await data.run { store in try await store.setDisabled(id, false) }
            print("Enabled \(id)")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password; the account's sessions end and a lock is lifted.")
        @Argument var id: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            let password = try readPassword(fromStdin: passwordStdin, prompt: "New password for \(id): ")
            guard password.count >= 8 else { throw ValidationError("the password must have at least 8 characters") }
            try await data.run { store in try await store.setPassword(id, hash: await StaffAccounts.hash(password: password)) }
            print("Password of \(id) set")
        }
    }
}

/// `--data-dir DIR`: the daemon's data directory, for the offline commands.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The daemon's data directory.") var dataDirectory = "onevisit-data"

    /// Runs one store operation on the hall's database, reporting a refusal as one line and
    /// exit code 1.
    func run<T>(_ body: (StaffStore) async throws -> T) async throws -> T {
        let store = try store()
        do { return try await body(store) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The hall's staff store, on the database file (created and migrated when new).
    func store() throws -> StaffStore {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            return StaffStore(writer: try HallDatabase.open(path: dataDirectory + "/onevisit.sqlite"))
        } catch {
            printError("onevisit: cannot open the hall database in \(dataDirectory): \(error)")
            throw ExitCode.failure
        }
    }
}
