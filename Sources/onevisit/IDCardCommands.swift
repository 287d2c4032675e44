import ArgumentParser
import Foundation
import IDCard

/// `onevisit idcard …`: tools for the technician chasing a misbehaving ID reader.
struct IDCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idcard", abstract: "ID card reader tools.", subcommands: [IDCardDecode.self])
}

/// `onevisit idcard decode --hex FILE [--show-number]`: parses a raw reply frame captured
/// from a reader (hex, spaces and newlines allowed) and prints what it says, the number
/// masked unless asked.
struct IDCardDecode: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Decode a raw SAM reply frame.")

    @Option(name: .long, help: "File with the frame in hex (- for standard input).")
    var hex: String

    @Flag(name: .long, help: "Show the full identity number (it is personal data: only where you must).")
    var showNumber = false

    @Flag(name: .long, help: "The frame answers 30 10 (text, photo and fingerprint).")
    var fingerprint = false

    func run() throws {
        let text: String
        if hex == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else if let data = FileManager.default.contents(atPath: hex) {
            text = String(decoding: data, as: UTF8.self)
        } else {
            printError("error: cannot read \(hex)")
            throw ExitCode.failure
        }
        let digits = text.filter { $0.isHexDigit }
        guard digits.count % 2 == 0, !digits.isEmpty else {
            printError("error: \(hex) does not hold whole hex bytes")
            throw ExitCode.failure
        }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        let reply: SAMFrame.Reply
        do {
            reply = try SAMFrame.decodeReply(bytes)
        } catch {
            printError("error: \(bytes.count) bytes: \(error)")
            throw ExitCode.failure
        }
        print("frame: \(bytes.count) bytes, status \(reply.status), \(reply.data.count) data bytes")
        guard reply.data.count >= 4 + 256 else { return }
        do {
            let id = try IdentityParser.identity(fromReadData: reply.data, withFingerprint: fingerprint || reply.data.count != 4 + 256 + 1024)
            let rows: [(String, String?)] = [
                ("Card", id.cardType.chineseName), ("Name", id.name.isEmpty ? nil : id.name), ("English name", id.englishName),
                ("Gender", id.gender.chineseName), ("Ethnicity", id.ethnicity.map { "\($0.shortName) (\($0.code))" }),
                ("Born", id.birthDate.description), ("Address", id.address),
                ("Number", showNumber ? id.number : id.maskedNumber), ("Authority", id.authority),
                ("Valid", (id.validFrom?.description ?? "?") + " – " + { if case .until(let d) = id.validTo { d.description } else { "长期" } }()),
                ("Permit", id.permitNumber.map { $0 + (id.issueCount.map { ", issue \($0)" } ?? "") }),
                ("Nationality", id.nationality.map { ($0.name ?? "") + " (\($0.code))" }),
                ("Photo", "WLT, \(id.photoWLT.count) bytes"), ("Fingerprint", id.fingerprint.map { "\($0.count) bytes" }),
            ]
            Format.columns(rows.compactMap { label, value in value.map { [label + ":", $0] } }).forEach { print($0) }
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
