import ArgumentParser

/// `onevisit window sign-in WINDOW`: the clerk signed in with `onevisit login` takes a
/// window at the start of a shift, so calls and handling are recorded against them.
struct WindowSignIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign-in", abstract: "Take a window as the signed-in clerk.")

    @OptionGroup var target: WindowTarget

    func run() async throws {
        try await reportingFailures {
            let data = try await target.server.client().post(HallClient.path("api", "v1", "windows", target.window, "sign-in"), body: [:])
            if target.server.json { return printRawJSON(data) }
            print("Window \(target.window): signed in")
        }
    }
}

/// `onevisit window sign-out WINDOW`: a clerk leaves a window at the end of a shift.
struct WindowSignOut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign-out", abstract: "Sign the staff member out of a window.")

    @OptionGroup var target: WindowTarget

    func run() async throws {
        try await reportingFailures {
            let data = try await target.server.client().post(HallClient.path("api", "v1", "windows", target.window, "sign-out"))
            if target.server.json { return printRawJSON(data) }
            print("Window \(target.window): signed out")
        }
    }
}
