import Foundation

/// Says the board's calls: renders a call's spoken text to WAV with espeak-ng's Mandarin
/// voice (Debian package espeak-ng), so every board plays the same voice whatever browser
/// it runs. The voice is `cmn-latn-pinyin`: espeak-ng's Mandarin dictionary gives each
/// character as pinyin, and the plain `cmn` voice reads Latin as English, so in Debian 12's
/// espeak-ng 1.51 it says 请 as "king three".
///
/// Each rendering runs espeak-ng as a child process and is awaited through its termination
/// handler, so no hall thread blocks on it. A call is rendered once: the WAVs of the most
/// recent calls are kept, as many as the board keeps calls, so memory stays bounded on a
/// board that runs for weeks.
public actor AnnouncementVoice {
    public enum Failure: Error, Equatable {
        /// espeak-ng is not installed: boards fall back to the browser's own voice, or stay silent.
        case unavailable
        case failed(String)
    }

    /// espeak-ng's Mandarin voice that reads its dictionary's pinyin as Mandarin.
    public static let mandarin = "cmn-latn-pinyin"

    private let executable: String?
    private let voice: String
    private let limit: Int
    private let renderLimit: Duration
    private var rendered: [Int: Task<Data, any Error>] = [:]
    private var order: [Int] = []

    /// - Parameter executable: espeak-ng's path; nil when it is not installed.
    /// - Parameter renderLimit: how long one rendering may take before espeak-ng is stopped.
    public init(executable: String? = AnnouncementVoice.installed(), voice: String = AnnouncementVoice.mandarin, limit: Int = 20,
                renderLimit: Duration = .seconds(10)) {
        self.executable = executable
        self.renderLimit = renderLimit
        self.voice = voice
        self.limit = limit
    }

    /// The WAV of this call, rendered now or kept from before.
    public func wav(for call: BoardCall) async throws -> Data {
        if let task = rendered[call.sequence] { return try await task.value }
        guard let executable else { throw Failure.unavailable }
        let task = Task { [voice, renderLimit] in
            try await Self.render(call.spokenText, executable: executable, voice: voice, limit: renderLimit)
        }
        rendered[call.sequence] = task
        order.append(call.sequence)
        while order.count > limit { rendered.removeValue(forKey: order.removeFirst()) }
        do { return try await task.value } catch {
            rendered.removeValue(forKey: call.sequence)  // a failed rendering is tried again next time
            order.removeAll { $0 == call.sequence }
            throw error
        }
    }

    private static func render(_ text: String, executable: String, voice: String, limit renderLimit: Duration) async throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-call-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // -s 150 words a minute: calls are said a little slower than espeak's default.
        process.arguments = ["-v", voice, "-s", "150", "-w", file.path, "--", text]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failure.failed("espeak-ng did not start: \(error)"))
                return
            }
            // A sentence takes espeak-ng well under a second; one that hangs is ended, so a
            // board's request for this call is answered rather than held forever.
            let pid = process.processIdentifier
            Task.detached {
                try? await Task.sleep(for: renderLimit)
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0, let data = FileManager.default.contents(atPath: file.path), data.count > 44 else {
            throw Failure.failed("espeak-ng exited with \(status): \(said.prefix(200))")
        }
        return data
    }

    /// espeak-ng on `PATH`, if it is installed.
    public static func installed() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/espeak-ng" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
