import ArgumentParser
import Foundation
import IntakeCore

/// `onevisit catalog …`: service catalog tools for the technician who maintains the catalog.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Check catalog files and look at bundles.",
        subcommands: [CatalogCheck.self, CatalogBundle.self])
}

/// `onevisit catalog check FILE [--hall HALLFILE]`: lets the technician validate a catalog
/// (and a hall layout against it) offline, before the daemon loads it.
struct CatalogCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a catalog file (and optionally a hall layout) without a running daemon.")

    @Argument(help: "Catalog file (JSON, onevisit-catalog/1).")
    var file: String

    @Option(name: .long, help: "Hall layout file to check against the catalog.")
    var hall: String?

    func run() throws {
        let catalogData = try read(file)
        let catalog: Catalog
        do {
            catalog = try CatalogLoader.load(catalogData, file: file)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        print("\(file): OK, \(catalog.items.count) items, \(catalog.bundles.count) bundles")
        for warning in catalog.warnings { print("warning: \(warning)") }

        guard let hall else { return }
        let hallData = try read(hall)
        do {
            let layout = try HallLayout.load(hallData, file: hall, catalog: catalog)
            print("\(hall): OK, \(layout.queues.count) queues, \(layout.windows.count) windows")
        } catch {
            let count = error.issues.count
            printError((["hall layout \(hall) has \(count) error\(count == 1 ? "" : "s")"]
                + error.issues.map { "  - \($0)" }).joined(separator: "\n"))
            throw ExitCode.failure
        }
    }

    /// The file's bytes, or a one-line "cannot read" message and exit code 1.
    private func read(_ path: String) throws(ExitCode) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isDirectory: ObjCBool = false
            let reason = if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                "no such file"
            } else if isDirectory.boolValue {
                "it is a directory"
            } else {
                error.localizedDescription
            }
            printError("error: cannot read \(path): \(reason)")
            throw ExitCode.failure
        }
    }
}
