import ArgumentParser

/// `onevisit window transfer WINDOW (--to-queue Q | --to-window W)`: the clerk hands the
/// current ticket to another queue or window when it belongs elsewhere.
struct WindowTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Transfer the current ticket to another queue or window.")

    @OptionGroup var target: WindowTarget

    @Option(name: .customLong("to-queue"), help: "Queue id to transfer to.")
    var toQueue: String?

    @Option(name: .customLong("to-window"), help: "Window id to transfer to.")
    var toWindow: String?

    func validate() throws {
        guard (toQueue == nil) != (toWindow == nil) else {
            throw ValidationError("give exactly one of --to-queue or --to-window")
        }
    }

    func run() async throws {
        var body: [String: String] = [:]
        body["queue"] = toQueue; body["window"] = toWindow
        try await target.perform("transfer", body: body)
    }
}
