/// The holder of an ID document as the card's chip states it: resident identity card
/// (居民身份证), HK/Macau/Taiwan residence permit (港澳台居民居住证, type `J`), and the
/// foreign permanent resident ID cards of 2017 (`I`) and 2023 (`Y`) (devices.md A.3).
public struct Identity: Sendable, Equatable, Codable {
    public enum CardType: String, Sendable, Codable, CaseIterable {
        case residentCard, residencePermit, foreignPermanentResident2017, foreignPermanentResident2023

        public var chineseName: String {
            switch self {
            case .residentCard: "居民身份证"
            case .residencePermit: "港澳台居民居住证"
            case .foreignPermanentResident2017: "外国人永久居留身份证（2017版）"
            case .foreignPermanentResident2023: "外国人永久居留身份证（2023版）"
            }
        }
    }

    /// Sex as GB/T 2261.1 codes it.
    public enum Gender: String, Sendable, Codable {
        case unknown = "0", male = "1", female = "2", unstated = "9"

        public var chineseName: String {
            switch self {
            case .unknown: "未知"
            case .male: "男"
            case .female: "女"
            case .unstated: "未说明"
            }
        }
    }

    /// The last day of validity, or long-term (长期). In JSON: `"2034-03-01"` or `"长期"`.
    public enum Validity: Sendable, Equatable, Codable {
        case until(CardDate)
        case longTerm

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            if text == "长期" || text == "longTerm" { self = .longTerm; return }
            guard let date = CardDate(iso: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a date or 长期"))
            }
            self = .until(date)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .longTerm: try container.encode("长期")
            case .until(let date): try container.encode(date.description)
            }
        }
    }

    public var cardType: CardType
    /// Chinese name (for a 2017 foreign card it may be empty: see `englishName`).
    public var name: String
    public var englishName: String?
    public var gender: Gender
    /// GB 3304 code and name; resident cards only.
    public var ethnicity: Ethnicity?
    public var birthDate: CardDate
    public var address: String?
    /// The identity number (18 characters; 15 on a 2017 foreign card).
    public var number: String
    public var authority: String?
    public var validFrom: CardDate?
    public var validTo: Validity
    /// HK/Macau/Taiwan permits: the pass number and how many times it was issued.
    public var permitNumber: String?
    public var issueCount: Int?
    /// Foreign cards: GB/T 2659 three-letter code.
    public var nationality: Nationality?
    public var renewalCount: Int?
    public var cardVersion: String?
    /// The photo as stored on the card: WLT, decodable only by the vendor's library.
    public var photoWLT: [UInt8]
    public var fingerprint: [UInt8]?

    public init(cardType: CardType, name: String, englishName: String? = nil, gender: Gender, ethnicity: Ethnicity? = nil,
                birthDate: CardDate, address: String? = nil, number: String, authority: String? = nil, validFrom: CardDate? = nil,
                validTo: Validity, permitNumber: String? = nil, issueCount: Int? = nil, nationality: Nationality? = nil,
                renewalCount: Int? = nil, cardVersion: String? = nil, photoWLT: [UInt8], fingerprint: [UInt8]? = nil) {
        self.cardType = cardType; self.name = name; self.englishName = englishName; self.gender = gender
        self.ethnicity = ethnicity; self.birthDate = birthDate; self.address = address; self.number = number
        self.authority = authority; self.validFrom = validFrom; self.validTo = validTo; self.permitNumber = permitNumber
        self.issueCount = issueCount; self.nationality = nationality; self.renewalCount = renewalCount
        self.cardVersion = cardVersion; self.photoWLT = photoWLT; self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case cardType, name, englishName, gender, ethnicity, birthDate, address, number, authority, validFrom, validTo
        case permitNumber, issueCount, nationality, renewalCount, cardVersion, photoWLT, fingerprint
    }

    /// Card files may leave the photo out (the simulator then sends a blank one).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            cardType: try c.decode(CardType.self, forKey: .cardType), name: try c.decodeIfPresent(String.self, forKey: .name) ?? "",
            englishName: try c.decodeIfPresent(String.self, forKey: .englishName), gender: try c.decode(Gender.self, forKey: .gender),
            ethnicity: try c.decodeIfPresent(Ethnicity.self, forKey: .ethnicity), birthDate: try c.decode(CardDate.self, forKey: .birthDate),
            address: try c.decodeIfPresent(String.self, forKey: .address), number: try c.decode(String.self, forKey: .number),
            authority: try c.decodeIfPresent(String.self, forKey: .authority),
            validFrom: try c.decodeIfPresent(CardDate.self, forKey: .validFrom), validTo: try c.decode(Validity.self, forKey: .validTo),
            permitNumber: try c.decodeIfPresent(String.self, forKey: .permitNumber),
            issueCount: try c.decodeIfPresent(Int.self, forKey: .issueCount),
            nationality: try c.decodeIfPresent(Nationality.self, forKey: .nationality),
            renewalCount: try c.decodeIfPresent(Int.self, forKey: .renewalCount),
            cardVersion: try c.decodeIfPresent(String.self, forKey: .cardVersion),
            photoWLT: try c.decodeIfPresent([UInt8].self, forKey: .photoWLT) ?? [],
            fingerprint: try c.decodeIfPresent([UInt8].self, forKey: .fingerprint))
    }

    /// The number as screens, receipts and logs show it: `1101**********1234`.
    public var maskedNumber: String { IDNumber.mask(number) }

    /// The name as logs show it: first character only (`王**`).
    public var maskedName: String {
        guard let first = name.first ?? englishName?.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, (name.isEmpty ? englishName ?? "" : name).count - 1))
    }

    /// Whole years of age on a day.
    public func age(on day: CardDate) -> Int {
        var years = day.year - birthDate.year
        if (day.month, day.day) < (birthDate.month, birthDate.day) { years -= 1 }
        return years
    }
}

/// A calendar date as cards write it, `YYYYMMDD`; only real dates exist.
public struct CardDate: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1850...2200).contains(year), (1...12).contains(month), day >= 1,
              day <= CardDate.days(inMonth: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    public init?(_ text: String) {
        guard text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else { return nil }
        self.init(year: value / 10000, month: value / 100 % 100, day: value % 100)
    }

    /// `1950-03-12`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3 else { return nil }
        self.init(parts.joined())
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CardDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a date (YYYY-MM-DD)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
    public var compact: String { pad(year, 4) + pad(month, 2) + pad(day, 2) }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public static func < (a: CardDate, b: CardDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
