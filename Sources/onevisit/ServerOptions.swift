import ArgumentParser
import Foundation

/// Options shared by every command that talks to the daemon.
struct ServerOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(name: .long, help: ArgumentHelp(
        "Base URL of the OneVisit daemon (default: $ONEVISIT_SERVER, else \(ServerOptions.defaultServer)).",
        valueName: "url"))
    var server: String?

    @Flag(name: .long, help: "Print the raw JSON body instead of formatted text.")
    var json = false

    /// The server URL from the option, the environment or the default, without a trailing slash.
    var resolvedServer: String {
        var url = server ?? ProcessInfo.processInfo.environment["ONEVISIT_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultServer
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    func validate() throws {
        let url = resolvedServer
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host?.isEmpty == false
        else {
            throw ValidationError("server \"\(url)\" is not an http:// or https:// URL")
        }
    }

    /// A client for the chosen daemon, with the session `onevisit login` saved for it (or
    /// `$ONEVISIT_TOKEN`, for scripts and kiosk units).
    func client() -> HallClient {
        HallClient(baseURL: resolvedServer, token: SavedSession.token(for: resolvedServer))
    }
}
