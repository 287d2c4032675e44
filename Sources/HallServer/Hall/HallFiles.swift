import Foundation
import IDCard
import IntakeCore

/// Reads the catalog and hall layout files, or the demo hall shipped with OneVisit.
public enum HallFiles {
    /// The demo catalog: the 20 bundles of seed 002 Appendix A and a few standalone items.
    public static var demoCatalogPath: String { resourcePath("catalog") }
    /// The demo hall layout: queues and windows of a county hall.
    public static var demoLayoutPath: String { resourcePath("hall") }
    /// Static web pages (kiosk, board, ticket status).
    public static var webRoot: String { Bundle.module.bundlePath + "/web" }

    private static func resourcePath(_ name: String) -> String {
        Bundle.module.path(forResource: name, ofType: "json", inDirectory: "demo")
            ?? Bundle.module.bundlePath + "/demo/\(name).json"
    }

    /// Loads and validates a catalog file (the demo catalog when `path` is nil).
    public static func loadCatalog(path: String?) throws(HallSetupError) -> Catalog {
        let file = path ?? demoCatalogPath
        let data = try read(file)
        do { return try CatalogLoader.load(data, file: file) } catch { throw .catalog(error) }
    }

    /// Loads and validates a hall layout against a catalog (the demo hall when `path` is nil).
    public static func loadLayout(path: String?, catalog: Catalog) throws(HallSetupError) -> HallLayout {
        let file = path ?? demoLayoutPath
        let data = try read(file)
        var layout: HallLayout
        do { layout = try HallLayout.load(data, file: file, catalog: catalog) } catch { throw .layout(error) }
        // A hall file named without a directory has its calendars beside it, not at the root.
        let directory = (file as NSString).deletingLastPathComponent
        layout.workingCalendar = try loadCalendar(layout.calendarFiles, relativeTo: directory.isEmpty ? "." : directory)
        return layout
    }

    /// Reads the holiday files of the hall layout; a broken one is named with its entry and field.
    public static func loadCalendar(_ files: [String], relativeTo directory: String) throws(HallSetupError) -> WorkingCalendar {
        var years: [HolidayYear] = []
        for name in files {
            let file = name.hasPrefix("/") ? name : directory + "/" + name
            let data = try read(file)
            let year: HolidayYear
            do {
                year = try JSONDecoder().decode(HolidayYear.self, from: data)
            } catch let error as DecodingError {
                throw .layout(CatalogError(file: file, issues: [CatalogLoader.issue(for: error, in: data, file: file, sections: ["holidays"])]))
            } catch {
                throw .layout(CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "", message: "\(error)")]))
            }
            let problems = year.problems(file: file)
            guard problems.isEmpty else { throw .layout(CatalogError(file: file, issues: problems)) }
            if years.contains(where: { $0.year == year.year }) {
                throw .layout(CatalogError(file: file, issues: [CatalogIssue(file: file, entry: "", field: "year", message: "\(year.year) is given by two files")]))
            }
            years.append(year)
        }
        return WorkingCalendar(years: years)
    }

    /// Loads the devices file; with none, the simulated default under `simulate` and no
    /// devices otherwise.
    public static func loadDevices(path: String?, layout: HallLayout, simulate: Bool) throws(HallSetupError) -> DeviceSettings {
        guard let path else { return simulate ? .simulatedDefault(layout: layout) : DeviceSettings(printers: []) }
        let data = try read(path)
        do { return try DeviceSettings.load(data, file: path, layout: layout, simulate: simulate) } catch { throw .devices(error) }
    }

    /// Sample ID cards for the simulated readers (made-up people with valid numbers).
    public static var sampleCardNames: [String] {
        let dir = Bundle.module.bundlePath + "/demo/idcards"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func sampleCard(_ name: String) -> Identity? {
        guard sampleCardNames.contains(name),
              let data = FileManager.default.contents(atPath: Bundle.module.bundlePath + "/demo/idcards/\(name).json") else { return nil }
        return try? JSONDecoder().decode(Identity.self, from: data)
    }

    static func read(_ file: String) throws(HallSetupError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = FileManager.default.fileExists(atPath: file) ? "\(error.localizedDescription)" : "no such file"
            throw .unreadable(file: file, reason: reason)
        }
    }
}
