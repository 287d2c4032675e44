import ArgumentParser

/// `onevisit window list`: lets a floor manager see who sits at which window and what each
/// window is handling.
struct WindowList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List windows, staff and current tickets.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await reportingFailures {
            let data = try await server.client().get(HallClient.path("api", "v1", "windows"))
            if server.json { return printRawJSON(data) }
            let info = try decode(WindowsInfo.self, from: data)
            let rows = info.windows.map { e -> [String] in
                let staff = e.staff.map { "\($0.name ?? "?") (\($0.id ?? "?"))" } ?? "-"
                let current = e.current.map { "\($0.number) \($0.stateName ?? $0.state ?? "")" } ?? "-"
                return [e.window.id, e.window.name ?? "", staff, current, (e.window.queues ?? []).joined(separator: ",")]
            }
            print(Format.table(["ID", "NAME", "STAFF", "CURRENT", "QUEUES"], rows))
        }
    }
}
