import Configuration
import Foundation
import IntakeCore
import Logging
import Synchronization
import SystemPackage

/// The daemon's settings, from one YAML file (default `/etc/onevisit/onevisit.yaml`),
/// overridden by `ONEVISIT_*` environment variables (`ONEVISIT_HTTP_PORT=9000` sets
/// `http.port`), overridden by command-line flags. With no file the hall runs on defaults.
public struct HallConfiguration: Sendable, Equatable {
    public static let defaultFile = "/etc/onevisit/onevisit.yaml"

    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "onevisit-data"
    /// Catalog file; nil for the demo catalog.
    public var catalogFile: String?
    /// Hall layout file; nil for the demo hall.
    public var hallFile: String?
    public var simulate = false
    /// Devices file (printers…); nil for none, or the simulated default with `simulate`.
    public var devicesFile: String?
    /// The address printed in ticket QR codes; default `http://HOST:PORT` (loopback shown as 127.0.0.1).
    public var publicURL: String?
    public var logLevel: Logger.Level = .info
    /// Sign-in, sessions and the ticket rate limit.
    public var access = HallAccessSettings()
    /// Connection idle timeout and cap.
    public var limits = ConnectionLimits()
    /// Free space below which the hall is not ready (`/readyz`): 200 MiB by default.
    public var minimumFreeMegabytes = 200
    /// TLS: the certificate chain and its private key, PEM files (both or neither).
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// The hall key that signs the archive anchor (`archive.signingKey`, an Ed25519 PEM file,
    /// mode 0600); nil for unsigned anchors.
    public var archiveSigningKey: String?
    /// How long a kiosk waits for its ticket to print before it is answered (R1: never held).
    public var printWait: Duration = .seconds(3)
    /// How long personal fields are kept (`retention.*`, days).
    public var retention = RetentionPolicy()
    /// The SMS gateway's webhook and the retry backoff of the notification outbox.
    public var notifications = NotificationSettings()
    /// The 好差评 platform's address, token and the retry backoff of the review upload outbox.
    public var reviewUploads = ReviewUploadSettings()

    public init() {}

    /// Every key the file may hold, for error messages and `onevisit config keys`.
    public static let keys = ["http.host", "http.port", "data.directory", "catalog.file", "hall.file",
                              "devices.simulate", "devices.file", "http.publicURL", "log.level",
                              "auth.sessionIdleMinutes", "auth.sessionMaxHours", "auth.lockAfterFailures", "auth.lockMinutes",
                              "http.ticketsPerMinute", "http.bookingsPerMinute", "http.complaintsPerMinute", "http.idleTimeoutSeconds", "http.maxConnections", "data.minimumFreeMegabytes",
                              "tls.certificateFile", "tls.keyFile", "archive.signingKey"] + NotificationSettings.keys + ReviewUploadSettings.keys
        + RetentionPolicy().periods.map { "retention." + $0.key }

    public var databasePath: String { dataDirectory + "/onevisit.sqlite" }

    public var servesTLS: Bool { tlsCertificateFile != nil }

    /// The hall's address for QR codes, given the port actually bound.
    public func resolvedPublicURL(port bound: Int) -> String {
        if let publicURL { return publicURL }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "\(servesTLS ? "https" : "http")://\(shown):\(bound)"
    }

    /// Reads the settings. A bad value names its key; an unknown key in the file is an error too,
    /// since a misspelt key would otherwise be silently ignored.
    /// - Parameters:
    ///   - file: the configuration file; when nil, the default file is read if it exists.
    ///   - overrides: values from command-line flags, by key.
    ///   - defaultPath: where the file is looked for when none is named.
    public static func load(
        file: String?, overrides: [String: ConfigContent], environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultPath: String = defaultFile
    ) async throws(HallSetupError) -> HallConfiguration {
        let path = file ?? defaultPath
        let explicit = file != nil
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: Dictionary(uniqueKeysWithValues: overrides.map {
                (AbsoluteConfigKey($0.key.split(separator: ".").map(String.init)), ConfigValue($0.value, isSecret: false))
            })),
            EnvironmentVariablesProvider(environmentVariables: Dictionary(uniqueKeysWithValues: environment.compactMap { key, value in
                key.hasPrefix("ONEVISIT_") ? (String(key.dropFirst("ONEVISIT_".count)), value) : nil
            })),
        ]
        // Unknown keys are reported with every other problem of the file, so one check names them all.
        var unknownKeys: [String] = []
        if explicit || FileManager.default.fileExists(atPath: path) {
            do {
                let provider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
                providers.append(provider)
                unknownKeys = unknownKeysIn(path)
            } catch let error as HallSetupError {
                throw error
            } catch {
                let reason = FileManager.default.fileExists(atPath: path) ? "\(error)" : "no such file"
                throw .unreadable(file: path, reason: reason)
            }
        }
        let problems = ProblemCollector()
        let reader = ConfigReader(providers: providers, accessReporter: problems)
        var c = HallConfiguration()
        c.host = reader.string(forKey: "http.host", default: c.host)
        c.port = reader.int(forKey: "http.port", default: c.port)
        c.dataDirectory = reader.string(forKey: "data.directory", default: c.dataDirectory)
        c.catalogFile = reader.string(forKey: "catalog.file")
        c.hallFile = reader.string(forKey: "hall.file")
        c.simulate = reader.bool(forKey: "devices.simulate", default: c.simulate)
        c.devicesFile = reader.string(forKey: "devices.file")
        c.publicURL = reader.string(forKey: "http.publicURL")
        let level = reader.string(forKey: "log.level", default: c.logLevel.rawValue)
        var a = c.access
        a.sessionIdleMinutes = reader.int(forKey: "auth.sessionIdleMinutes", default: a.sessionIdleMinutes)
        a.sessionMaxHours = reader.int(forKey: "auth.sessionMaxHours", default: a.sessionMaxHours)
        a.lockAfterFailures = reader.int(forKey: "auth.lockAfterFailures", default: a.lockAfterFailures)
        a.lockMinutes = reader.int(forKey: "auth.lockMinutes", default: a.lockMinutes)
        a.ticketsPerMinute = reader.int(forKey: "http.ticketsPerMinute", default: a.ticketsPerMinute)
        a.bookingsPerMinute = reader.int(forKey: "http.bookingsPerMinute", default: a.bookingsPerMinute)
        a.complaintsPerMinute = reader.int(forKey: "http.complaintsPerMinute", default: a.complaintsPerMinute)
        c.access = a
        c.limits.idleTimeoutSeconds = reader.int(forKey: "http.idleTimeoutSeconds", default: c.limits.idleTimeoutSeconds)
        c.limits.maxConnections = reader.int(forKey: "http.maxConnections", default: c.limits.maxConnections)
        c.minimumFreeMegabytes = reader.int(forKey: "data.minimumFreeMegabytes", default: c.minimumFreeMegabytes)
        c.tlsCertificateFile = reader.string(forKey: "tls.certificateFile")
        c.tlsKeyFile = reader.string(forKey: "tls.keyFile")
        c.archiveSigningKey = reader.string(forKey: "archive.signingKey")
        c.access.secureCookie = c.servesTLS
        var n = c.notifications
        n.webhookURL = reader.string(forKey: "notifications.webhookURL")
        n.timeoutSeconds = reader.double(forKey: "notifications.timeoutSeconds", default: n.timeoutSeconds)
        n.retryBaseSeconds = reader.double(forKey: "notifications.retryBaseSeconds", default: n.retryBaseSeconds)
        n.retryMaxSeconds = reader.double(forKey: "notifications.retryMaxSeconds", default: n.retryMaxSeconds)
        c.notifications = n
        var u = c.reviewUploads
        u.url = reader.string(forKey: "reviews.upload.url")
        u.token = reader.string(forKey: "reviews.upload.token", isSecret: true)
        u.timeoutSeconds = reader.double(forKey: "reviews.upload.timeoutSeconds", default: u.timeoutSeconds)
        u.retryBaseSeconds = reader.double(forKey: "reviews.upload.retryBaseSeconds", default: u.retryBaseSeconds)
        u.retryMaxSeconds = reader.double(forKey: "reviews.upload.retryMaxSeconds", default: u.retryMaxSeconds)
        c.reviewUploads = u
        var r = c.retention
        r.ticketHolderDays = reader.int(forKey: "retention.ticketHolderDays", default: r.ticketHolderDays)
        r.bookingHolderDays = reader.int(forKey: "retention.bookingHolderDays", default: r.bookingHolderDays)
        r.caseApplicantDays = reader.int(forKey: "retention.caseApplicantDays", default: r.caseApplicantDays)
        r.pageImageDays = reader.int(forKey: "retention.pageImageDays", default: r.pageImageDays)
        r.complainantDays = reader.int(forKey: "retention.complainantDays", default: r.complainantDays)
        r.notificationDays = reader.int(forKey: "retention.notificationDays", default: r.notificationDays)
        r.pressLogDays = reader.int(forKey: "retention.pressLogDays", default: r.pressLogDays)
        r.printLogDays = reader.int(forKey: "retention.printLogDays", default: r.printLogDays)
        c.retention = r
        var found = unknownKeys + problems.problems + a.problems + n.problems + u.problems + r.problems
        if let parsed = Logger.Level(rawValue: level) { c.logLevel = parsed } else {
            found.append("log.level: \"\(level)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        if !(0...65535).contains(c.port) { found.append("http.port: \(c.port) is not a port number (0-65535)") }
        if !(1...3600).contains(c.limits.idleTimeoutSeconds) { found.append("http.idleTimeoutSeconds: \(c.limits.idleTimeoutSeconds) is not 1–3600") }
        if !(1...100_000).contains(c.limits.maxConnections) { found.append("http.maxConnections: \(c.limits.maxConnections) is not 1–100000") }
        if !(0...1_000_000).contains(c.minimumFreeMegabytes) { found.append("data.minimumFreeMegabytes: \(c.minimumFreeMegabytes) is not 0–1000000") }
        if (c.tlsCertificateFile == nil) != (c.tlsKeyFile == nil) {
            found.append("tls: give both tls.certificateFile and tls.keyFile, or neither (plain HTTP)")
        }
        guard found.isEmpty else { throw .configuration(found) }
        return c
    }

    /// The keys the daemon does not know, each a problem (a YAML file is a tree; flatten it to dotted keys).
    private static func unknownKeysIn(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var stack: [(indent: Int, key: String)] = []
        var unknown: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard let colon = line.firstIndex(of: ":"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indent = line.prefix { $0 == " " }.count
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            let full = (stack.map(\.key) + [key]).joined(separator: ".")
            if value.isEmpty {
                stack.append((indent, key))
                if !keys.contains(where: { $0.hasPrefix(full + ".") }) { unknown.append(full) }
            } else if !keys.contains(full) {
                unknown.append(full)
            }
        }
        guard let first = unknown.first else { return [] }
        return ["\(first): unknown key in \(path); known keys: \(keys.joined(separator: ", "))"]
            + unknown.dropFirst().map { "\($0): unknown key in \(path)" }
    }
}

/// Collects conversion errors (a port that is not a number…) with the key they concern.
private final class ProblemCollector: AccessReporter, Sendable {
    private let found = Mutex<[String]>([])
    var problems: [String] { found.withLock { $0 } }

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        var messages: [String] = []
        if let error = event.conversionError {
            messages.append("\(key): \(error)")
        }
        for result in event.providerResults {
            if case .failure(let error) = result.result { messages.append("\(key): \(error) (from \(result.providerName))") }
        }
        if !messages.isEmpty { found.withLock { $0.append(contentsOf: messages) } }
    }
}
