/// A band of the day in the hall's local time, written `"08:30-12:00"`; the end is exclusive
/// and `"24:00"` means midnight at the end of the day.
public struct TimeBand: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes since local midnight.
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) { self.start = start; self.end = end }

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let s = Self.minutes(parts[0]), let e = Self.minutes(parts[1]), s < e else { return nil }
        start = s; end = e
    }

    public func contains(minuteOfDay: Int) -> Bool { minuteOfDay >= start && minuteOfDay < end }

    public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    private static func minutes(_ s: Substring) -> Int? {
        let hm = s.split(separator: ":")
        guard hm.count == 2, hm[0].count <= 2, hm[1].count == 2,
              let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let band = TimeBand(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a time band like \"08:30-12:00\", got \"\(text)\""))
        }
        self = band
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
