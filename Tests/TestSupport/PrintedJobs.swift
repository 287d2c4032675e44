import Foundation

/// The transcripts a daemon's simulated printer has drawn (`DATA/printed/ID/job-NNNN.txt`).
/// The simulator answers the printer's status at once and draws the preview after, as a
/// real printer prints after it has answered, so a test waits for the drawings it expects.
public enum PrintedJobs {
    /// The transcripts of the printer's jobs, oldest first, once there are at least `count`
    /// (or those there are after `limit`).
    public static func texts(dataDirectory: String, printer: String, count: Int,
                             limit: Duration = .seconds(30)) async -> [String] {
        let folder = dataDirectory + "/printed/" + printer
        let deadline = ContinuousClock.now + limit
        while true {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
            if names.count >= count || ContinuousClock.now >= deadline {
                return names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
