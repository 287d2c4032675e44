import ArgumentParser
import EscPos
import Foundation
import PaperRendering

/// `onevisit print …`: printer tools for technicians.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print", abstract: "Printer tools.", subcommands: [PrintPreview.self, PrintUSB.self])
}

/// `onevisit print preview FILE.bin -o ticket.png`: shows what a captured ESC/POS job looks
/// like on paper, and where its bytes are wrong, without a printer.
struct PrintPreview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Render an ESC/POS job to a PNG of the paper roll and to text.")

    @Argument(help: "ESC/POS bytes, e.g. a job the simulated printer kept (data-dir/printed/ID/job-0001.bin).")
    var file: String

    @Option(name: .shortAndLong, help: "PNG file to write.")
    var output: String?

    @Option(name: .long, help: "Paper width in mm: 58 or 80.")
    var paper: Int = 80

    @Flag(name: .long, help: "Print the text of the job.")
    var text = false

    func validate() throws {
        guard PaperWidth(rawValue: paper) != nil else { throw ValidationError("--paper must be 58 or 80") }
        guard output != nil || text else { throw ValidationError("give -o FILE.png, --text, or both") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("error: cannot read \(file)")
            throw ExitCode.failure
        }
        guard let font = GlyphFont.system() else {
            printError("error: no CJK font found (install fonts-noto-cjk)")
            throw ExitCode.failure
        }
        let receipt = ReceiptRenderer(paper: PaperWidth(rawValue: paper)!, font: font).render(Array(data))
        if let output {
            do {
                try Data(receipt.image.pngData()).write(to: URL(fileURLWithPath: output))
            } catch {
                printError("error: cannot write \(output): \(error)")
                throw ExitCode.failure
            }
            print("\(output): \(receipt.image.width)×\(receipt.image.height) dots, \(data.count) bytes, \(receipt.cuts) cut(s)")
        }
        if text { print(receipt.text) }
        for problem in receipt.problems { printError("problem at \(problem)") }
        if !receipt.problems.isEmpty { throw ExitCode.failure }
    }
}
