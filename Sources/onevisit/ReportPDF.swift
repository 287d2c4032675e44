import Foundation
import IntakeCore

/// A report page printed to PDF by headless Chromium (`--print-to-pdf`): the CLI asks the
/// daemon for a one-time print grant (``ReportPrintGrant``) so the browser needs no session,
/// then checks that a PDF came out. Chromium is `$ONEVISIT_CHROMIUM`, else the first of
/// chromium, chromium-browser or google-chrome on the PATH.
enum ReportPDF {
    struct Grant: Decodable { var grant: String; var page: String }

    static func print(_ period: ReportPeriod, client: HallClient, to file: String) async throws {
        let grant = try decode(Grant.self, from: try await client.post("/api/v1/reports/grants", body: ["period": period.description]))
        guard let browser = chromium() else {
            throw CLIFailure.local("no Chromium found: install Debian's chromium, or set ONEVISIT_CHROMIUM to the browser")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let target = URL(fileURLWithPath: file).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: target)
        var arguments = ["--headless", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer", "--user-data-dir=\(profile.path)",
                         // Virtual time stands still while the page fetches its report, so the page is drawn when it prints.
                         "--virtual-time-budget=20000", "--print-to-pdf=\(target)", client.baseURL + grant.page]
        // Chromium refuses to sandbox itself as root (a CI machine, a technician's shell).
        if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw CLIFailure.local("cannot start \(browser): \(error.localizedDescription)") }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let pdf = FileManager.default.contents(atPath: target) ?? Data()
        guard process.terminationStatus == 0, pdf.starts(with: Data("%PDF".utf8)) else {
            let tail = String(decoding: stderr.suffix(600), as: UTF8.self)
            throw CLIFailure.local("Chromium made no PDF (exit \(process.terminationStatus)): \(tail)")
        }
        FileHandle.standardError.write(Data("wrote \(target) (\(pdf.count) bytes)\n".utf8))
    }

    static func chromium() -> String? {
        if let given = ProcessInfo.processInfo.environment["ONEVISIT_CHROMIUM"], !given.isEmpty { return given }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }
}
