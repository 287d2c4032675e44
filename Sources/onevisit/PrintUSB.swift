import ArgumentParser
import EscPos
import Foundation
import Printers

/// `onevisit print usb VID:PID FILE`: sends a job straight to a USB printer through libusb
/// and reads its DLE EOT status back, so a technician can tell a dead printer from a
/// misconfigured hall (the daemon need not run; stop it first if it holds the printer).
struct PrintUSB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb", abstract: "Send an ESC/POS file to a USB printer through libusb and read its status.")

    @Argument(help: "Vendor and product id in hex, e.g. 0483:5743.")
    var id: String

    @Argument(help: "ESC/POS file to print (e.g. a job kept by the simulated printer).")
    var file: String

    @Flag(name: .long, help: "Detach the kernel's usblp driver first (breaks /dev/usb/lp* and CUPS for this printer until replugged).")
    var detachKernelDriver = false

    @Option(name: .long, help: "Timeout per USB transfer in milliseconds.")
    var timeout = 3000

    func run() throws {
        let parts = id.split(separator: ":")
        guard parts.count == 2, let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16) else {
            throw ValidationError("give the id as VID:PID in hex, e.g. 0483:5743")
        }
        guard let job = FileManager.default.contents(atPath: file) else {
            printError("error: cannot read \(file)")
            throw ExitCode.failure
        }
        let transport = LibUSBTransport(vendorID: vendor, productID: product, detachKernelDriver: detachKernelDriver)
        defer { transport.close() }
        do {
            try transport.send(Array(job), timeoutMilliseconds: timeout)
            print("\(transport.location): wrote \(job.count) bytes")
            guard let status = try transport.readStatus(timeoutMilliseconds: timeout) else {
                print("status: unknown (one-way printer: no bulk IN endpoint)")
                return
            }
            print("status: " + (status.problem ?? (status.paperNearEnd ? "ready, paper near end" : "ready")))
            if !status.canPrint { throw ExitCode(2) }
        } catch let error as PrinterError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
