#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The on-disk shape of a catalog file (`onevisit-catalog/1`, JSON).
public struct CatalogFile: Codable, Sendable {
    public static let currentFormat = "onevisit-catalog/1"
    public var format: String
    public var source: String?
    public var note: String?
    public var items: [ServiceItem]
    public var bundles: [ServiceBundle]
}

/// Turns catalog file bytes into a validated ``Catalog``. Pure: the caller reads the file.
public enum CatalogLoader {
    /// - Parameter file: the name used in error messages (usually the path).
    /// - Throws: ``CatalogError`` naming the file, the entry and the field of every problem.
    public static func load(_ data: Data, file: String) throws(CatalogError) -> Catalog {
        let decoded: CatalogFile
        do {
            decoded = try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(file: file, issues: [issue(for: error, in: data, file: file)])
        } catch {
            throw CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "", message: "\(error)")])
        }
        guard decoded.format == CatalogFile.currentFormat else {
            throw CatalogError(file: file, issues: [CatalogIssue(
                file: file, entry: "", field: "format",
                message: "expected \"\(CatalogFile.currentFormat)\", got \"\(decoded.format)\"")])
        }
        do {
            return try Catalog(items: decoded.items, bundles: decoded.bundles, file: file)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "", message: "\(error)")])
        }
    }

    /// Locates a decoding error as entry (`items[3] (birth-registration)`) and field (`materials[0].copies`).
    /// A decoding error located by entry and field, for any of the hall's JSON files.
    public static func issue(for error: DecodingError, in data: Data, file: String, sections: [String] = ["items", "bundles"]) -> CatalogIssue {
        let (path, message): ([any CodingKey], String) = switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key], "required field is missing")
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(describe(type)); \(context.debugDescription)")
        case .valueNotFound(let type, let context): (context.codingPath, "expected \(describe(type)), found null")
        case .dataCorrupted(let context):
            (context.codingPath, context.codingPath.isEmpty ? "not valid JSON: \(underlying(context))" : context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        guard path.count >= 2, let index = path[1].intValue else {
            return CatalogIssue(file: file, entry: "", field: render(path), message: message)
        }
        let section = path[0].stringValue
        var entry = "\(section)[\(index)]"
        if let id = entryID(section: section, index: index, data: data, sections: sections) { entry += " (\(id))" }
        return CatalogIssue(file: file, entry: entry, field: render(Array(path.dropFirst(2))), message: message)
    }

    private static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        context.underlyingError.map { "\($0)" } ?? context.debugDescription
    }

    /// Best effort: the `id` of the entry, so the message names it even when decoding failed.
    private static func entryID(section: String, index: Int, data: Data, sections: [String]) -> String? {
        struct Entry: Decodable { var id: String? }
        struct Loose: Decodable {
            var sections: [String: [Entry]] = [:]
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Key.self)
                for key in c.allKeys { sections[key.stringValue] = try? c.decode([Entry].self, forKey: key) }
            }
        }
        guard sections.contains(section), let loose = try? JSONDecoder().decode(Loose.self, from: data),
              let entries = loose.sections[section], index < entries.count else { return nil }
        return entries[index].id
    }
}
