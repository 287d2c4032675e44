import Foundation
import IDCard
import IDReaders
import IntakeCore
import Logging
import ServiceLifecycle

/// The hall's ID card readers: one driver each (and behind it, with `--simulate`, a
/// simulated reader), the card on each reader now, and what a card means at the kiosk
/// (a real-name ticket, the priority lane by age) and at a window (the applicant).
public final class HallReaders: Sendable {
    public struct Reader: Sendable {
        public let entry: DeviceSettings.ReaderEntry
        public let driver: IDCardReader
        public let simulator: SimulatedIDReader?

        /// Whose the reader is: a window's clerk, or an enrolled kiosk.
        public var owner: ReaderAccess.Owner {
            if entry.role == .window, let w = entry.window { return .window(w) }
            return .kiosk(entry.kiosk ?? entry.id)
        }
    }

    public let readers: [Reader]
    /// The vendor's photo decoder, when the hall has one.
    public let photoDecoder: WLTDecoder?

    public static let none = HallReaders(readers: [])

    public init(readers: [Reader], photoDecoder: WLTDecoder? = nil) {
        self.readers = readers
        self.photoDecoder = photoDecoder
    }

    public static func make(settings: DeviceSettings, simulate: Bool, dataDirectory: String, logger: Logger) throws -> HallReaders {
        var readers: [Reader] = []
        for entry in settings.readers {
            var path = entry.device ?? ""
            var simulator: SimulatedIDReader?
            if simulate {
                let sim = SimulatedIDReader(id: entry.id, devicePath: dataDirectory + "/devices/idreader-" + entry.id)
                try sim.plug()
                simulator = sim
                path = sim.devicePath
            }
            let settings = ReaderSettings(
                id: entry.id, pollInterval: entry.pollIntervalMilliseconds.map { .milliseconds($0) } ?? ReaderSettings.defaultPollInterval,
                readFingerprint: entry.readFingerprint ?? false, simulated: simulate, drive: entry.drive ?? true)
            let transport: any SAMTransport = if let usb = entry.usb, let ids = usb.ids, !simulate {
                USBSAMTransport(vendorID: ids.vendor, productID: ids.product, style: usb.singlePipe == true ? .singlePipe : .samModule)
            } else {
                SerialSAMTransport(path: path, baud: entry.baud ?? 115_200)
            }
            let driver = IDCardReader(settings: settings, transport: transport, logger: logger)
            readers.append(Reader(entry: entry, driver: driver, simulator: simulator))
        }
        var decoder: WLTDecoder?
        if let library = settings.wltLibrary {
            do {
                decoder = try WLTDecoder(libraryPath: library)
                logger.info("WLT photo decoder loaded", metadata: ["library": "\(library)"])
            } catch {
                // The hall works without photos; the technician is told why there are none.
                logger.error("WLT photo decoder not loaded; photos stay undecoded", metadata: ["error": "\(error)"])
            }
        }
        return HallReaders(readers: readers, photoDecoder: decoder)
    }

    public var services: [any Service] { readers.map(\.driver) }

    public func reader(_ id: String) -> Reader? { readers.first { $0.entry.id == id } }

    public func windowReader(_ window: String) -> Reader? {
        readers.first { $0.entry.role == .window && $0.entry.window == window }
    }

    public func reports() async -> [ReaderReport] {
        var reports: [ReaderReport] = []
        for reader in readers { reports.append(await reader.driver.report()) }
        return reports
    }
}

extension Identity {
    /// What a queue ticket keeps of the card holder.
    func ticketHolder(on day: CardDate) -> TicketHolder {
        TicketHolder(maskedName: maskedName, maskedNumber: maskedNumber, cardType: cardType.rawValue, age: age(on: day))
    }

    /// Whether the card is still valid on the hall's day (the core's rule, ``CardValidity``).
    func validity(on day: CivilDay) -> CardValidity {
        guard case .until(let end) = validTo else { return CardValidity.assess(validUntil: nil, on: day) }
        return CardValidity.assess(validUntil: CivilDay(year: end.year, month: end.month, day: end.day), on: day)
    }
}
