/// One problem in a catalog file, located by file, entry and field so the person who
/// maintains the catalog can find it.
public struct CatalogIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// `items[3] (birth-registration)` or `bundles[0] (newborn)`; empty for file-level problems.
    public var entry: String
    /// `basicCode`, `materials[2].copies`…; empty when the whole entry is concerned.
    public var field: String
    public var message: String

    public init(file: String, entry: String, field: String, message: String) {
        self.file = file; self.entry = entry; self.field = field; self.message = message
    }

    public var description: String {
        var location = file
        if !entry.isEmpty { location += ": \(entry)" }
        if !field.isEmpty { location += ", field \(field)" }
        return "\(location): \(message)"
    }
}

/// A catalog, hall layout, holiday calendar or devices file that cannot be used. The hall keeps
/// its last good catalog.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var issues: [CatalogIssue]

    public init(file: String, issues: [CatalogIssue]) { self.file = file; self.issues = issues }

    public var description: String {
        // The same type names the problems of every JSON file the hall reads, so the head names no kind.
        let head = "\(file) has \(issues.count) error\(issues.count == 1 ? "" : "s")"
        return ([head] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}
