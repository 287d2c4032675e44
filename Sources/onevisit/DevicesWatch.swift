import ArgumentParser
import Foundation

/// `onevisit devices watch` (issue 17): follows the devices as the technician rewires them —
/// every device's state once, then a line each time one changes (connected, its problem or
/// last error, a printer's paper), until stopped or after `--changes N` changes.
struct DevicesWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "Follow the devices' state live, a line per change.")

    @OptionGroup var server: ServerOptions
    @Option(help: "Seconds between looks (0.2–60).") var interval = 1.0
    @Option(help: "Stop after this many changes (default: never).") var changes: Int?

    func validate() throws {
        guard (0.2...60).contains(interval) else { throw ValidationError("--interval must be 0.2–60 seconds") }
    }

    func run() async throws {
        try await reportingFailures {
            let client = server.client()
            var known: [String: String] = [:]
            var seen = 0
            var first = true
            while true {
                let data = try await client.get(HallClient.path("api", "v1", "devices"))
                let now = Self.clock()
                for (key, state) in try Self.states(data).sorted(by: { $0.key < $1.key }) where known[key] != state {
                    print("\(now) \(key) \(state)" + (first || known[key] == nil ? "" : "  (was \(known[key]!))"))
                    if !first { seen += 1 }
                    known[key] = state
                }
                first = false
                fflush(nil)  // every line at once, also into a pipe
                if let changes, seen >= changes { return }
                try await Task.sleep(for: .seconds(interval))
            }
        }
    }

    /// Each device's state in words, by `kind/id`.
    static func states(_ data: Data) throws(CLIFailure) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .unexpectedResponse("the devices are not a JSON object")
        }
        var states: [String: String] = [:]
        for kind in ["printers", "readers", "keypads", "cameras"] {
            for device in object[kind] as? [[String: Any]] ?? [] {
                guard let id = device["id"] as? String else { continue }
                var words: [String] = []
                if device["driven"] as? Bool == false {
                    // Never opened: whether its node is there is all there is to follow.
                    states[String(kind.dropLast()) + "/" + id] = "left to another client, " + (device["state"] as? String ?? "unknown")
                    continue
                }
                if let connected = device["connected"] as? Bool { words.append(connected ? "connected" : "not connected") }
                else if let state = device["state"] as? String, state != "ready" { words.append(state) }
                let status = device["status"] as? [String: Any]
                if status?["paperOut"] as? Bool == true { words.append("paper out") } else if status?["paperNearEnd"] as? Bool == true { words.append("paper near end") }
                if let problem = (device["problem"] as? String) ?? (device["lastError"] as? String), !words.contains(problem) { words.append(problem) }
                states[String(kind.dropLast()) + "/" + id] = words.isEmpty ? "ok" : words.joined(separator: ", ")
            }
        }
        return states
    }

    static func clock() -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        return f.string(from: Date())
    }
}
