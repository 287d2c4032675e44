import ArgumentParser
import Foundation

/// `onevisit simulate …`: drives the simulated devices of a daemon started with
/// `--simulate`, through the same driver paths real devices use.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Drive simulated devices, or a whole simulated hall day (daemon started with --simulate).",
        subcommands: [SimulatePrinter.self, SimulateIDCard.self, SimulateKeypad.self, SimulateCamera.self, SimulateDay.self])
}

/// `onevisit simulate printer ID --paper out`: empties, refills, unplugs or hangs a
/// simulated printer, to see how kiosks and windows cope.
struct SimulatePrinter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "printer", abstract: "Change a simulated printer.")

    enum Paper: String, ExpressibleByArgument, CaseIterable { case ok, nearEnd = "near-end", out }
    enum Cover: String, ExpressibleByArgument, CaseIterable { case open, closed }

    @OptionGroup var server: ServerOptions

    @Argument(help: "Printer id, e.g. kiosk-1 (see `onevisit devices`).")
    var id: String

    @Option(name: .long, help: "Paper: ok, near-end or out.")
    var paper: Paper?

    @Option(name: .long, help: "Cover: open or closed.")
    var cover: Cover?

    @Flag(name: .long, help: "Pull the USB cable.")
    var unplug = false

    @Flag(name: .long, help: "Plug it back in.")
    var plug = false

    @Flag(name: .long, help: "Make it hang: take bytes and answer nothing.")
    var hang = false

    @Flag(name: .long, help: "Make it answer again after --hang.")
    var respond = false

    func validate() throws {
        if unplug && plug { throw ValidationError("give --unplug or --plug, not both") }
        if hang && respond { throw ValidationError("give --hang or --respond, not both") }
        if paper == nil && cover == nil && !unplug && !plug && !hang && !respond {
            throw ValidationError("say what to change: --paper, --cover, --unplug, --plug, --hang or --respond")
        }
    }

    func run() async throws {
        var body: [String: any Sendable] = [:]
        if let paper { body["paper"] = paper == .nearEnd ? "nearEnd" : paper.rawValue }
        if let cover { body["cover"] = cover.rawValue }
        if unplug || plug { body["plugged"] = plug }
        if hang || respond { body["responding"] = respond }
        try await reportingFailures {
            let data = try await server.client().post(HallClient.path("api", "v1", "simulator", "printers", id), body: body)
            printRawJSON(data)
        }
    }
}

/// `onevisit simulate idcard place FILE` / `remove`: lays a card on a simulated ID reader,
/// which the reader driver then finds and reads as it would a real card.
struct SimulateIDCard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idcard", abstract: "Place a card on a simulated ID reader, or take it away.",
        subcommands: [Place.self, Remove.self])

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "place",
            abstract: "Place a card: a card file (JSON, see Sources/HallServer/Resources/demo/idcards) or a sample name.")

        @OptionGroup var server: ServerOptions

        @Argument(help: "Card file, or a sample: elderly-resident, resident, residence-permit, foreign-2017, foreign-2023, expired-resident.")
        var card: String

        @Option(name: .long, help: "Reader id (kiosk-1, window-3…).")
        var reader = "kiosk-1"

        func run() async throws {
            let path = HallClient.path("api", "v1", "simulator", "readers", reader)
            try await reportingFailures {
                if let data = FileManager.default.contents(atPath: card) {
                    // The daemon checks the card file and names the field at fault.
                    printRawJSON(try await server.client().post(path, json: Data("{\"place\":".utf8) + data + Data("}".utf8)))
                } else {
                    printRawJSON(try await server.client().post(path, body: ["sample": card]))
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take the card off the reader.")

        @OptionGroup var server: ServerOptions

        @Option(name: .long, help: "Reader id.")
        var reader = "kiosk-1"

        func run() async throws {
            try await reportingFailures {
                printRawJSON(try await server.client().post(HallClient.path("api", "v1", "simulator", "readers", reader),
                                                            body: ["remove": true]))
            }
        }
    }
}

/// `onevisit simulate keypad 3 5`: presses 非常满意 on the simulated keypad of window 3; the
/// frame goes over the keypad's serial line to the same driver a real keypad feeds.
struct SimulateKeypad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keypad", abstract: "Press a key on a simulated keypad, or unplug it.")

    @OptionGroup var server: ServerOptions

    @Argument(help: "Window id.")
    var window: String

    @Argument(help: "Level 1-5: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.")
    var level: Int?

    @Flag(name: .long, help: "Pull the keypad's cable.")
    var unplug = false

    @Flag(name: .long, help: "Plug it back in.")
    var plug = false

    func validate() throws {
        if unplug && plug { throw ValidationError("give --unplug or --plug, not both") }
        if let level, !(1...5).contains(level) { throw ValidationError("LEVEL is 1 (非常不满意) to 5 (非常满意), not \(level)") }
        if level == nil && !unplug && !plug { throw ValidationError("give a LEVEL to press, or --unplug / --plug") }
    }

    func run() async throws {
        var body: [String: any Sendable] = [:]
        if let level { body["level"] = level }
        if unplug || plug { body["plugged"] = plug }
        try await reportingFailures {
            printRawJSON(try await server.client().post(HallClient.path("api", "v1", "simulator", "keypads", window), body: body))
        }
    }
}

/// `onevisit simulate camera 3 --page scan.jpg`: what the simulated document camera of
/// window 3 sees next (a JPEG file, or a generated page with --title and --line).
struct SimulateCamera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "camera", abstract: "Lay a page under a simulated document camera.")

    @OptionGroup var server: ServerOptions
    @Argument(help: "Window id.") var window: String
    @Option(help: "A JPEG file to lay under the camera.") var page: String?
    @Option(help: "Title of a generated page.") var title: String?
    @Option(help: "A line of a generated page.") var line: [String] = []
    @Flag(help: "Pull the camera's cable.") var unplug = false
    @Flag(help: "Plug it back in.") var plug = false

    func run() async throws {
        var body: [String: any Sendable] = [:]
        if let page {
            guard let data = FileManager.default.contents(atPath: page) else { throw ValidationError("cannot read \(page)") }
            body["jpeg"] = data.base64EncodedString()
        }
        if let title { body["title"] = title }
        if !line.isEmpty { body["lines"] = line }
        if unplug || plug { body["plugged"] = plug }
        try await reportingFailures {
            printRawJSON(try await server.client().post(HallClient.path("api", "v1", "simulator", "cameras", window), body: body))
        }
    }
}
