#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension HallLayout {
    /// Decodes a hall layout file and checks it against the catalog. Pure: the caller reads
    /// the file. Errors name the file, the entry (`queues[2] (pickup)`) and the field.
    public static func load(_ data: Data, file: String, catalog: Catalog) throws(CatalogError) -> HallLayout {
        let layout: HallLayout
        do {
            layout = try JSONDecoder().decode(HallLayout.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(file: file, issues: [CatalogLoader.issue(for: error, in: data, file: file, sections: ["queues", "windows"])])
        } catch {
            throw CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "", message: "\(error)")])
        }
        var problems = layout.problems(against: catalog, file: file)
        if TimeZone(identifier: layout.timeZone) == nil {
            problems.append(CatalogIssue(file: file, entry: "", field: "timeZone",
                                         message: "\"\(layout.timeZone)\" is not a known IANA time zone"))
        }
        guard problems.isEmpty else { throw CatalogError(file: file, issues: problems) }
        return layout
    }
}
