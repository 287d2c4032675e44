/// The hall's appointments (R2; seed 004 §8.2): what can be booked and the rules of
/// check-in and no-shows. The `appointments` section of the hall layout; all optional.
public struct AppointmentSettings: Codable, Sendable, Hashable {
    public var offers: [AppointmentOffer]
    /// Check-in opens this many minutes before the slot starts…
    public var earlyMinutes: Int
    /// …and gives an appointment ticket until this many minutes after; later it is a walk-in.
    public var lateMinutes: Int
    /// A booking not checked in by the slot's end plus this is a no-show.
    public var noShowGraceMinutes: Int
    /// This many no-shows within `noShowPeriodDays` block new bookings for `blockDays`.
    public var noShowLimit: Int
    public var noShowPeriodDays: Int
    public var blockDays: Int
    /// When bookings are reminded (§8.2.4).
    public var reminders: ReminderSettings

    public init(offers: [AppointmentOffer] = [], earlyMinutes: Int = 30, lateMinutes: Int = 15, noShowGraceMinutes: Int = 15,
                noShowLimit: Int = 3, noShowPeriodDays: Int = 180, blockDays: Int = 30, reminders: ReminderSettings = ReminderSettings()) {
        self.offers = offers; self.earlyMinutes = earlyMinutes; self.lateMinutes = lateMinutes
        self.noShowGraceMinutes = noShowGraceMinutes; self.noShowLimit = noShowLimit
        self.noShowPeriodDays = noShowPeriodDays; self.blockDays = blockDays; self.reminders = reminders
    }

    enum CodingKeys: String, CodingKey {
        case offers, earlyMinutes, lateMinutes, noShowGraceMinutes, noShowLimit, noShowPeriodDays, blockDays, reminders
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AppointmentSettings()
        offers = try c.decodeIfPresent([AppointmentOffer].self, forKey: .offers) ?? []
        earlyMinutes = try c.decodeIfPresent(Int.self, forKey: .earlyMinutes) ?? d.earlyMinutes
        lateMinutes = try c.decodeIfPresent(Int.self, forKey: .lateMinutes) ?? d.lateMinutes
        noShowGraceMinutes = try c.decodeIfPresent(Int.self, forKey: .noShowGraceMinutes) ?? d.noShowGraceMinutes
        noShowLimit = try c.decodeIfPresent(Int.self, forKey: .noShowLimit) ?? d.noShowLimit
        noShowPeriodDays = try c.decodeIfPresent(Int.self, forKey: .noShowPeriodDays) ?? d.noShowPeriodDays
        blockDays = try c.decodeIfPresent(Int.self, forKey: .blockDays) ?? d.blockDays
        reminders = try c.decodeIfPresent(ReminderSettings.self, forKey: .reminders) ?? d.reminders
    }

    /// The offer for an item or bundle id.
    public func offer(_ id: String) -> AppointmentOffer? { offers.first { $0.id == id } }

    /// Every mistake in the section, located by entry and field.
    public func problems(against catalog: Catalog, file: String) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        func add(_ entry: String, _ field: String, _ message: String) {
            issues.append(CatalogIssue(file: file, entry: entry, field: field, message: message))
        }
        var seen = Set<String>()
        for (i, offer) in offers.enumerated() {
            let entry = "appointments.offers[\(i)] (\(offer.id))"
            switch (offer.item, offer.bundle) {
            case (let item?, nil): if catalog.item(item) == nil { add(entry, "item", "no catalog item \"\(item)\"") }
            case (nil, let bundle?): if catalog.bundle(bundle) == nil { add(entry, "bundle", "no catalog bundle \"\(bundle)\"") }
            default: add(entry, "item", "give exactly one of \"item\" or \"bundle\"")
            }
            if !seen.insert(offer.id).inserted { add(entry, "item", "\(offer.id) is offered twice") }
            if !(0...366).contains(offer.daysAhead) { add(entry, "daysAhead", "must be 0–366") }
            if !(5...480).contains(offer.slotMinutes) { add(entry, "slotMinutes", "must be 5–480 minutes") }
            if !(1...10_000).contains(offer.capacity) { add(entry, "capacity", "must be at least 1") }
            for (name, bands) in offer.hours.all {
                for (j, band) in bands.enumerated() where band.end - band.start < offer.slotMinutes {
                    add(entry, "hours.\(name)[\(j)]", "\(band) is shorter than one slot of \(offer.slotMinutes) minutes")
                }
                for (a, b) in zip(bands, bands.dropFirst()) where b.start < a.end {
                    add(entry, "hours.\(name)", "\(a) and \(b) overlap or are out of order")
                }
            }
        }
        for (field, value) in [("earlyMinutes", earlyMinutes), ("lateMinutes", lateMinutes), ("noShowGraceMinutes", noShowGraceMinutes)]
        where !(0...720).contains(value) { add("appointments", field, "must be 0–720 minutes") }
        if noShowLimit < 1 { add("appointments", "noShowLimit", "must be at least 1") }
        if noShowPeriodDays < 1 { add("appointments", "noShowPeriodDays", "must be at least 1") }
        if blockDays < 0 { add("appointments", "blockDays", "must not be negative") }
        for (field, message) in reminders.problems { add("appointments", field, message) }
        return issues
    }
}
