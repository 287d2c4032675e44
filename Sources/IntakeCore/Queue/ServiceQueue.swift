/// A service queue: the tickets of one prefix letter, for the items and bundles it serves
/// (seed 001 §一(一)5, seed 004 §9). Caps and hours follow common hall QMS practice
/// (`lineUpMax`, `ticketRestriction` per time band).
public struct ServiceQueue: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// One capital letter printed before the number: A001.
    public var prefix: String
    public var items: [String]
    public var bundles: [String]
    /// A comprehensive queue (无差别受理) takes any item no other queue names.
    public var anyItem: Bool
    /// Opening hours in the hall's time zone; empty means always open (24-hour self-service).
    public var hours: [TimeBand]
    /// Tickets per day; nil for no cap.
    public var dailyCap: Int?
    public var bandCaps: [BandCap]
    /// A dedicated priority lane (绿色通道): every ticket in it is served as priority.
    public var priorityLane: Bool

    public init(
        id: String, name: String, prefix: String, items: [String] = [], bundles: [String] = [],
        anyItem: Bool = false, hours: [TimeBand] = [], dailyCap: Int? = nil, bandCaps: [BandCap] = [],
        priorityLane: Bool = false
    ) {
        self.id = id; self.name = name; self.prefix = prefix; self.items = items; self.bundles = bundles
        self.anyItem = anyItem; self.hours = hours; self.dailyCap = dailyCap; self.bandCaps = bandCaps
        self.priorityLane = priorityLane
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, items, bundles, anyItem, hours, dailyCap, bandCaps, priorityLane
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        prefix = try c.decode(String.self, forKey: .prefix)
        items = try c.decodeIfPresent([String].self, forKey: .items) ?? []
        bundles = try c.decodeIfPresent([String].self, forKey: .bundles) ?? []
        anyItem = try c.decodeIfPresent(Bool.self, forKey: .anyItem) ?? false
        hours = try c.decodeIfPresent([TimeBand].self, forKey: .hours) ?? []
        dailyCap = try c.decodeIfPresent(Int.self, forKey: .dailyCap)
        bandCaps = try c.decodeIfPresent([BandCap].self, forKey: .bandCaps) ?? []
        priorityLane = try c.decodeIfPresent(Bool.self, forKey: .priorityLane) ?? false
    }
}

/// A cap on tickets issued within one time band of the day.
public struct BandCap: Codable, Sendable, Hashable {
    public var band: TimeBand
    public var cap: Int
    public init(band: TimeBand, cap: Int) { self.band = band; self.cap = cap }
}
