import ArgumentParser
import Foundation

/// `onevisit window …`: what a clerk does at a service window, from a terminal.
struct WindowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "window",
        abstract: "Call, serve and hand over tickets at a window; sign staff in and out.",
        subcommands: [
            WindowCallNext.self, WindowRecall.self, WindowNoShow.self, WindowStart.self, WindowFinish.self,
            WindowHold.self, WindowReturn.self, WindowCancel.self, WindowTransfer.self,
            WindowSignIn.self, WindowSignOut.self, WindowList.self,
        ])
}

/// The daemon and the window a window command acts on.
struct WindowTarget: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Argument(help: "Window id, the number above the counter (e.g. 3).")
    var window: String

    /// `POST /api/v1/windows/{window}/{action}` and prints the ticket it acted on.
    func perform(_ action: String, body: [String: String]? = nil, withNotice: Bool = false) async throws {
        try await reportingFailures {
            let data = try await server.client().post(HallClient.path("api", "v1", "windows", window, action), body: body)
            if server.json { return printRawJSON(data) }
            let ticket = try decode(TicketInfo.self, from: data)
            print("Window \(window): \(Format.ticketLine(ticket))")
            if withNotice, let notice = ticket.notice { print(""); Format.notice(notice).forEach { print($0) } }
        }
    }
}

/// `window call-next`: the clerk calls the next waiting ticket to the window (shown on the board).
struct WindowCallNext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call-next", abstract: "Call the next ticket to the window.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("call-next", withNotice: true) }
}

/// `window recall`: the clerk calls the current ticket again when nobody came.
struct WindowRecall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recall", abstract: "Call the current ticket again.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("recall") }
}

/// `window no-show`: the clerk marks the called citizen absent (过号) after the recalls.
struct WindowNoShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "no-show", abstract: "Mark the called ticket as not shown (过号).")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("no-show") }
}

/// `window start`: the citizen has arrived; the clerk starts serving (办理中).
struct WindowStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start serving the called ticket.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("start") }
}

/// `window finish`: the clerk closes the ticket being served (已完成).
struct WindowFinish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finish", abstract: "Finish the ticket being served.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("finish") }
}

/// `window hold`: the clerk puts the ticket aside (挂起) while the citizen fetches something.
struct WindowHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Hold the current ticket (挂起).")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("hold") }
}

/// `window return`: the citizen is back; the ticket held at this window goes back to its queue, keeping its place.
struct WindowReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Return the ticket held at this window to its queue.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("return") }
}

/// `window cancel`: the clerk cancels the current ticket (已取消).
struct WindowCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel the current ticket.")
    @OptionGroup var target: WindowTarget
    func run() async throws { try await target.perform("cancel") }
}
