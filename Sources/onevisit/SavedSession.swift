import Foundation

/// Where `onevisit login` keeps its session token: one file per daemon URL in the user's
/// config directory (`$XDG_CONFIG_HOME/onevisit/sessions/`, else `~/.config/…`), mode 0600,
/// in a directory of mode 0700. `$ONEVISIT_TOKEN` overrides it.
enum SavedSession {
    static var directory: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/onevisit/sessions"
    }

    static func file(for server: String) -> String {
        let name = server.replacingOccurrences(of: "://", with: "_").map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        return directory + "/" + String(name) + ".token"
    }

    static func token(for server: String) -> String? {
        if let env = ProcessInfo.processInfo.environment["ONEVISIT_TOKEN"], !env.isEmpty { return env }
        guard let data = FileManager.default.contents(atPath: file(for: server)) else { return nil }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    static func save(_ token: String, for server: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        let path = file(for: server)
        // Created 0600 before the token is written, so it is never readable by others.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((token + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    static func remove(for server: String) {
        try? FileManager.default.removeItem(atPath: file(for: server))
    }
}
