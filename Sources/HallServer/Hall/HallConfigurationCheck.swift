import Foundation
import IntakeCore
import IntakeStore

/// Checks every configuration file of a hall offline, as the daemon would read it at start
/// (issue 17, `onevisit config check`): the daemon's file, the catalog, the hall layout with
/// its holiday calendars, the devices file, and the archive signing key, each named with the entry and field at fault.
/// A file that others depend on (the catalog, the layout) stops the check of those after it.
public enum HallConfigurationCheck {
    public struct Line: Sendable, Equatable {
        public var file: String
        public var ok: Bool
        public var message: String
    }

    /// - Parameters:
    ///   - configFile: the daemon's file; nil reads the default one when it exists.
    ///   - catalog, hall, devices: files that override those the daemon's file names.
    public static func run(configFile: String?, catalog: String? = nil, hall: String? = nil, devices: String? = nil) async -> [Line] {
        var lines: [Line] = []
        var settings = HallConfiguration()
        let configName = configFile ?? HallConfiguration.defaultFile
        do {
            settings = try await HallConfiguration.load(file: configFile, overrides: [:], environment: [:])
            let read = configFile != nil || FileManager.default.fileExists(atPath: HallConfiguration.defaultFile)
            lines.append(Line(file: configName, ok: true, message: read ? "daemon settings valid" : "no daemon file: the defaults"))
        } catch {
            lines.append(Line(file: configName, ok: false, message: error.description))
        }
        if let keyFile = settings.archiveSigningKey {
            do {
                let key = try ArchiveKey.loadPrivate(keyFile, requireOwner: false)
                lines.append(Line(file: keyFile, ok: true, message: "archive signing key \(ArchiveKey.fingerprint(key.publicKey))"))
            } catch {
                lines.append(Line(file: keyFile, ok: false, message: "archive.signingKey: \(error.reason)"))
            }
        }
        let catalogFile = catalog ?? settings.catalogFile, hallFile = hall ?? settings.hallFile, devicesFile = devices ?? settings.devicesFile
        let loadedCatalog: Catalog
        do {
            loadedCatalog = try HallFiles.loadCatalog(path: catalogFile)
            let warned = loadedCatalog.warnings.map { "\n  warning: " + $0.description }.joined()
            lines.append(Line(file: catalogFile ?? "demo catalog", ok: true,
                              message: "\(loadedCatalog.items.count) items, \(loadedCatalog.bundles.count) bundles" + warned))
        } catch {
            lines.append(Line(file: catalogFile ?? "demo catalog", ok: false, message: error.description))
            lines.append(Line(file: hallFile ?? "demo hall", ok: false, message: "not checked: the hall layout is checked against the catalog"))
            return lines
        }
        let layout: HallLayout
        do {
            layout = try HallFiles.loadLayout(path: hallFile, catalog: loadedCatalog)
            lines.append(Line(file: hallFile ?? "demo hall", ok: true,
                              message: "\(layout.queues.count) queues, \(layout.windows.count) windows, \(layout.calendarFiles.count) holiday calendars"))
        } catch {
            lines.append(Line(file: hallFile ?? "demo hall", ok: false, message: error.description))
            if devicesFile != nil { lines.append(Line(file: devicesFile!, ok: false, message: "not checked: devices are checked against the hall layout")) }
            return lines
        }
        if let devicesFile {
            do {
                let found = try HallFiles.loadDevices(path: devicesFile, layout: layout, simulate: settings.simulate)
                lines.append(Line(file: devicesFile, ok: true, message: "\(found.printers.count) printers, \(found.readers.count) ID readers, "
                                  + "\(found.keypads.count) keypads, \(found.cameras.count) cameras"))
            } catch {
                lines.append(Line(file: devicesFile, ok: false, message: error.description))
            }
        }
        return lines
    }
}
