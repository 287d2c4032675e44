import ArgumentParser
import Foundation

/// Why a server-talking command failed; reported as one line on stderr with exit code 1.
enum CLIFailure: Error {
    /// The daemon answered with a non-2xx status.
    case http(status: Int, reason: String, body: Data)
    /// The daemon could not be reached at all.
    case unreachable(url: String, reason: String)
    /// A 2xx answer whose JSON does not have the expected shape.
    case unexpectedResponse(String)
    /// Something on this machine failed (a browser to start, a file to write).
    case local(String)

    var message: String {
        switch self {
        case .http(let status, let reason, let body):
            if let detail = (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error {
                return "error: \(detail.message ?? reason) (\(detail.code ?? "http_\(status)"))"
            }
            return "error: HTTP \(status) \(reason) (http_\(status))"
        case .unreachable(let url, let reason):
            return "cannot reach the OneVisit daemon at \(url): \(reason)"
        case .unexpectedResponse(let what):
            return "error: unexpected response from the daemon: \(what)"
        case .local(let what):
            return "error: \(what)"
        }
    }

    private struct ErrorBody: Decodable {
        var error: Detail?
        struct Detail: Decodable { var code: String?; var message: String? }
    }
}

/// Runs a command body, turning a ``CLIFailure`` into its stderr line and exit code 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CLIFailure {
        printError(failure.message)
        throw ExitCode.failure
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Decodes a 2xx body into a CLI-local shape, reporting a mismatch instead of crashing.
func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(CLIFailure) -> T {
    do {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: data)
    } catch {
        let snippet = String(decoding: data.prefix(200), as: UTF8.self)
        throw .unexpectedResponse("not the JSON this tool expects: \(snippet)")
    }
}

/// Prints a 2xx body exactly as it came (the `--json` output).
func printRawJSON(_ data: Data) {
    guard !data.isEmpty else { return }
    var text = String(decoding: data, as: UTF8.self)
    if !text.hasSuffix("\n") { text += "\n" }
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes an export to the file named, or to standard output. A file that cannot be written
/// (no such folder, a full disk) is an error with exit code 1, never a silent nothing.
func writeOutput(_ data: Data, to path: String?) throws {
    guard let path else { return FileHandle.standardOutput.write(data) }
    guard FileManager.default.createFile(atPath: path, contents: data) else {
        printError("error: cannot write \(path)")
        throw ExitCode.failure
    }
}
