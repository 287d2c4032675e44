import ArgumentParser
import Foundation
import IntakeCore
import IntakeStore

/// `onevisit audit`: who read which citizen's data when (R8), offline on the data directory.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Reads of personal data (offline, on the data directory).")
    @Option(name: .customLong("case"), help: "Only this case.") var caseNumber: String?
    @Option(help: "Only this staff member.") var staff: String?
    @Option(help: "At most this many entries, newest first.") var limit = 200
    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let entries = try await data.run { store in
            try await store.auditEntries(caseNumber: caseNumber.map { CaseNumber.normalized($0) ?? $0 }, staffID: staff, limit: limit)
        }
        let format = ISO8601DateFormatter()
        for e in entries {
            print([format.string(from: e.at), e.staffID, e.caseNumber ?? "-", e.what, e.detail ?? ""].joined(separator: "\t"))
        }
    }
}
