import ArgumentParser
import Foundation
import Keypads
import Logging

/// `onevisit keypad listen`: for the technician fitting a keypad. Opens the device the way
/// the daemon does (an input device grabbed, hidraw read-write, a serial line raw), runs the
/// same driver and prints every key with the level the key map gives it, or that the map
/// does not know it, so the map can be written on site.
struct KeypadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keypad", abstract: "Evaluation keypads: watch what a keypad sends.", subcommands: [Listen.self])

    struct Listen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "listen", abstract: "Print the keys a keypad sends, with their levels.")

        @Option(help: "An input device, e.g. /dev/input/event5 (keypads that are USB keyboards).")
        var evdev: String?
        @Option(help: "A hidraw device, e.g. /dev/hidraw0 (vendor HID reports).")
        var hidraw: String?
        @Option(help: "A serial line, e.g. /dev/ttyUSB1 (RS-232/RS-485 keypads).")
        var serial: String?
        @Option(help: "Serial baud rate.")
        var baud = 9600
        @Option(help: "Key map entries CODE=LEVEL: key codes for evdev (2=5), report bytes in hex for hidraw (0110=5), key bytes in hex for serial (01=5). Default: the standard maps.")
        var key: [String] = []
        @Option(help: "hidraw report length in bytes.")
        var reportLength = 2
        @Option(help: "Output report or frame to send once the device is open (hex), e.g. the prompt light.")
        var send: String?
        @Option(help: "Stop after this many presses.")
        var presses = 1
        @Option(help: "Give up after this many milliseconds.")
        var timeout = 10_000

        func validate() throws {
            if [evdev, hidraw, serial].compactMap({ $0 }).count != 1 { throw ValidationError("give one of --evdev, --hidraw or --serial") }
            if hidraw != nil && key.isEmpty { throw ValidationError("a hidraw keypad needs its reports: --key 0110=5 --key 0108=4 …") }
            if let send, parseHexBytes(send) == nil { throw ValidationError("--send takes hex bytes") }
            if ![9600, 19200, 38400, 57600, 115_200].contains(baud) { throw ValidationError("--baud is 9600, 19200, 38400, 57600 or 115200") }
        }

        func keypadProtocol() throws -> KeypadProtocol {
            let entries = try key.map { entry -> (String, Int) in
                let parts = entry.split(separator: "=")
                guard parts.count == 2, let level = Int(parts[1]), (1...5).contains(level) else {
                    throw ValidationError("--key takes CODE=LEVEL with LEVEL 1-5, not \(entry)")
                }
                return (String(parts[0]), level)
            }
            if evdev != nil {
                guard !entries.isEmpty else { return .evdev(.standard) }
                return .evdev(EvdevKeyMap(keys: Dictionary(try entries.map { (code, level) in
                    guard let c = UInt16(code) else { throw ValidationError("evdev key codes are numbers, e.g. 2 for KEY_1") }
                    return (c, level)
                }, uniquingKeysWith: { a, _ in a })))
            }
            if hidraw != nil {
                return .hidraw(HidReportMap(reportLength: reportLength, reports: Dictionary(try entries.map { (hex, level) in
                    guard let bytes = parseHexBytes(hex) else { throw ValidationError("\(hex) is not hex bytes") }
                    return (bytes, level)
                }, uniquingKeysWith: { a, _ in a })))
            }
            var map = SerialKeyMap.standard
            if !entries.isEmpty {
                map.keys = Dictionary(try entries.map { (hex, level) in
                    guard let b = parseHexBytes(hex), b.count == 1 else { throw ValidationError("serial keys are one hex byte, e.g. 01") }
                    return (b[0], level)
                }, uniquingKeysWith: { a, _ in a })
            }
            return .serial(map)
        }

        func run() async throws {
            let kind = try keypadProtocol()
            let path = evdev ?? hidraw ?? serial ?? ""
            var logger = Logger(label: "onevisit.keypad")
            logger.logLevel = .critical
            let device = KeypadDevice(path: path, kind: kind, baud: baud)
            // Open once here so a wrong path or a missing permission is said at once.
            let name: String?
            do { name = try device.open() } catch {
                FileHandle.standardError.write(Data("onevisit: \(error)\n".utf8))
                throw ExitCode.failure
            }
            let driver = KeypadDriver(id: "listen", device: device, logger: logger)
            let stream = await driver.presses()
            let loop = Task { try await driver.run() }
            defer { loop.cancel() }
            await driver.waitUntil(connected: true)
            if let name { print("device: \(name)") }
            if let send, let bytes = parseHexBytes(send) {
                do { try await driver.send(bytes); print("sent: \(send)") } catch {
                    FileHandle.standardError.write(Data("onevisit: \(error)\n".utf8))
                    throw ExitCode.failure
                }
            }
            let wanted = presses
            let got = await withTaskGroup(of: Int.self) { group in
                group.addTask {
                    var count = 0
                    for await press in stream {
                        count += 1
                        let name = ["", "非常不满意", "不满意", "基本满意", "满意", "非常满意"][press.level]
                        print("press: level \(press.level) \(name) (\(press.raw)\(press.address.map { ", address \($0)" } ?? ""))")
                        if count >= wanted { break }
                    }
                    return count
                }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(timeout))
                    return -1
                }
                let first = await group.next() ?? -1
                group.cancelAll()
                return first
            }
            let report = await driver.report()
            if let unmapped = report.lastUnmapped { print("not in the key map: \(unmapped) (\(report.unmapped) such keys)") }
            if let error = report.lastError, !report.connected { print("error: \(error)") }
            if got < 0 {
                FileHandle.standardError.write(Data("onevisit: no \(wanted) press(es) within \(timeout) ms\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
