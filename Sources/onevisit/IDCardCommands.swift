import ArgumentParser
import Foundation
import IDCard
import IDReaders

/// `onevisit idcard …`: tools for the technician chasing a misbehaving ID reader.
struct IDCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idcard", abstract: "ID card reader tools.", subcommands: [IDCardDecode.self, IDCardUSB.self])
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
            printIdentity(id, showNumber: showNumber)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

/// The fields of a card, for the technician; the number masked unless asked.
func printIdentity(_ id: Identity, showNumber: Bool) {
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
}

/// `onevisit idcard usb [VID:PID]`: reads the card on a native-USB reader once through
/// libusb (SAM status, find, select, read), to tell a dead reader from a misconfigured hall.
/// Stop the daemon first if it holds the reader.
struct IDCardUSB: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "usb", abstract: "Read the card on a USB ID reader through libusb.")

    @Argument(help: "Vendor and product id in hex.")
    var id = "0400:c35a"

    @Flag(name: .long, help: "The reader carries whole frames on one bulk OUT and one bulk IN pipe (default: split pipes 0x02/0x06, 0x81/0x85).")
    var singlePipe = false

    @Flag(name: .long, help: "Show the full identity number.")
    var showNumber = false

    @Option(name: .long, help: "Timeout per transfer in milliseconds.")
    var timeout = 3000

    func run() throws {
        let parts = id.split(separator: ":")
        guard parts.count == 2, let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16) else {
            throw ValidationError("give the id as VID:PID in hex, e.g. 0400:c35a")
        }
        let transport = USBSAMTransport(vendorID: vendor, productID: product, style: singlePipe ? .singlePipe : .samModule)
        defer { transport.close() }
        do {
            for command in [SAMCommand.samStatus, .findCard, .selectCard] {
                let reply = try transport.exchange(SAMFrame.command(command), timeoutMilliseconds: timeout)
                print("\(command): \(reply.status)")
                guard reply.status.isSuccess else { throw ExitCode(2) }
            }
            let read = try transport.exchange(SAMFrame.command(.readText), timeoutMilliseconds: timeout)
            print("readText: \(read.status), \(read.data.count) data bytes")
            printIdentity(try IdentityParser.identity(fromReadData: read.data, withFingerprint: false), showNumber: showNumber)
        } catch let error as ReaderError {
            printError("error: \(error)")
            throw ExitCode.failure
        } catch let error as IdentityError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
