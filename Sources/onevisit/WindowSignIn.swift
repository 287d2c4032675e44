import ArgumentParser

/// `onevisit window sign-in WINDOW --staff-id X --staff-name Y`: a clerk takes a window at
/// the start of a shift, so calls and handling are recorded against them.
struct WindowSignIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign-in", abstract: "Sign a staff member in at a window.")

    @OptionGroup var target: WindowTarget

    @Option(name: .customLong("staff-id"), help: "Staff number.")
    var staffID: String

    @Option(name: .customLong("staff-name"), help: "Staff name as shown at the window.")
    var staffName: String

    func run() async throws {
        try await reportingFailures {
            let data = try await target.server.client().post(
                HallClient.path("api", "v1", "windows", target.window, "sign-in"),
                body: ["staffID": staffID, "staffName": staffName])
            if target.server.json { return printRawJSON(data) }
            print("Window \(target.window): \(staffName) (\(staffID)) signed in")
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
