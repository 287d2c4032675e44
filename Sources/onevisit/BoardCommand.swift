import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `onevisit board …`: the display board as seen from a terminal.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Follow the display board.", subcommands: [BoardWatch.self])
}

/// `onevisit board watch`: lets a technician check the board feed (or a clerk follow calls)
/// without a screen: one line per call, until interrupted.
struct BoardWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print each call on the display board (\"A003 → 窗口 3\") until interrupted.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let client = server.client()
        let path = HallClient.path("api", "v1", "board", "events")
        try await reportingFailures {
            var response = try await client.openStream(path)
            while true {
                var parser = ServerSentEvents()
                do {
                    for try await chunk in response.body {
                        for event in parser.feed(Array(chunk.readableBytesView)) where event.name == "call" {
                            show(event.data)
                        }
                    }
                    printError("the daemon closed the board stream; reconnecting…")
                } catch {
                    printError("lost the board stream (\(HallClient.describe(error))); reconnecting…")
                }
                response = try await reconnect(client, path)
            }
        }
    }

    /// Retries every 3 seconds (the stream's `retry:`) until the daemon answers again.
    private func reconnect(_ client: HallClient, _ path: String) async throws -> HTTPClientResponse {
        while true {
            try await Task.sleep(for: .seconds(3))
            let attempt: Result<HTTPClientResponse, CLIFailure>
            do { attempt = .success(try await client.openStream(path)) } catch { attempt = .failure(error) }
            switch attempt {
            case .success(let response):
                printError("reconnected")
                return response
            case .failure(.unreachable):
                continue
            case .failure(let failure):
                throw failure
            }
        }
    }

    private func show(_ data: String) {
        let line: String
        if server.json {
            line = data
        } else if let call = try? JSONDecoder().decode(BoardCallInfo.self, from: Data(data.utf8)) {
            line = "\(call.ticket) → 窗口 \(call.window)" + ((call.recall ?? 0) > 0 ? "  (重呼 \(call.recall!))" : "")
        } else {
            line = "(unreadable call: \(data))"
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// An incremental parser for a `text/event-stream` body.
struct ServerSentEvents {
    struct Event { var name: String; var data: String }
    private var pending: [UInt8] = []
    private var name = ""
    private var data: [String] = []

    /// Feeds bytes; returns the events completed by them.
    mutating func feed(_ bytes: [UInt8]) -> [Event] {
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            var lineBytes = pending[..<newline]
            if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
            let line = String(decoding: lineBytes, as: UTF8.self)
            pending.removeSubrange(...newline)
            if line.isEmpty {
                if !data.isEmpty { events.append(Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"))) }
                name = ""; data = []
                continue
            }
            if line.hasPrefix(":") { continue }
            let (field, value) = split(line)
            switch field {
            case "event": name = value
            case "data": data.append(value)
            default: break
            }
        }
        return events
    }

    private func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
