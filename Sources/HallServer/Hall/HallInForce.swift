import Foundation
import GRDB
import IDCard
import IntakeCore
import IntakeStore
import Logging
import Synchronization

/// The hall as it stands now: the catalog and layout in force (swapped on SIGHUP), the
/// queue store over them, the hall's clock, log and public address. Every feature service
/// reads the hall through this, and nothing else of the others.
public final class HallInForce: Sendable {
    /// The hall's time now (``HallClock/now``).
    public let clock: @Sendable () -> Date
    /// Hall seconds per real second (``HallClock/speed``).
    public let clockSpeed: Double
    public let logger: Logger
    let writer: any DatabaseWriter
    private let publicAddress: Mutex<String>
    private let current: Mutex<QueueStore>

    init(writer: any DatabaseWriter, catalog: Catalog, layout: HallLayout, logger: Logger,
         clock: HallClock, publicURL: String) throws(HallSetupError) {
        let calendar = try Self.calendar(for: layout)
        self.writer = writer; self.logger = logger; self.clock = clock.now; clockSpeed = clock.speed
        publicAddress = Mutex(publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL)
        current = Mutex(QueueStore(writer: writer, layout: layout, catalog: catalog, calendar: calendar))
    }

    /// The time of what lasts in real time however the hall's clock runs: sign-in sessions
    /// and print grants, which a person or a browser uses now. It is the hall's clock itself
    /// unless a simulated hall runs it fast, where a two-hour idle limit would otherwise sign
    /// a demo's supervisor out every two minutes.
    public var realTime: @Sendable () -> Date {
        if clockSpeed == 1 { return clock }
        return { Date() }
    }

    /// Waits until `hallTime` has passed on the hall's clock.
    public func sleep(for hallTime: Duration) async throws {
        try await HallClock(now: clock, speed: clockSpeed).sleep(for: hallTime)
    }

    /// The store with the catalog and layout in force now.
    public var store: QueueStore { current.withLock { $0 } }
    public var catalog: Catalog { store.catalog }
    public var layout: HallLayout { store.layout }

    /// Where kiosks and phones reach the hall: the QR code on a ticket points here.
    public var publicURL: String { publicAddress.withLock { $0 } }

    /// Set once the port is bound (port 0 picks one).
    public func setPublicURL(_ url: String) {
        publicAddress.withLock { $0 = url.hasSuffix("/") ? String(url.dropLast()) : url }
    }

    /// Today in the hall's time zone, as cards count dates (for ages).
    public var today: CardDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: layout.timeZone) ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: clock())
        return CardDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? CardDate(year: 2000, month: 1, day: 1)!
    }

    /// The hall-local day now.
    public var civilToday: CivilDay { CivilDay(store.calendar.serviceDay(of: clock()))! }

    /// Swaps in a new catalog and layout after checking they fit together; on any problem the
    /// hall keeps what it has and the error says why.
    public func replace(catalog: Catalog, layout: HallLayout, file: String) throws(HallSetupError) {
        let problems = layout.problems(against: catalog, file: file)
        guard problems.isEmpty else { throw .layout(CatalogError(file: file, issues: problems)) }
        let calendar = try Self.calendar(for: layout)
        current.withLock { $0 = QueueStore(writer: writer, layout: layout, catalog: catalog, calendar: calendar) }
        logger.info("Catalog and hall layout loaded", metadata: [
            "catalog.items": "\(catalog.items.count)", "catalog.bundles": "\(catalog.bundles.count)",
            "hall.queues": "\(layout.queues.count)", "hall.windows": "\(layout.windows.count)"])
    }

    static func calendar(for layout: HallLayout) throws(HallSetupError) -> HallCalendar {
        guard let zone = TimeZone(identifier: layout.timeZone) else { throw .unknownTimeZone(layout.timeZone) }
        return HallCalendar(timeZone: zone)
    }
}
