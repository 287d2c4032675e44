/// Turns the data of a read reply (30 01 or 30 10) into an `Identity`, choosing the text
/// layout by the type character at offset 248 (devices.md A.3). Every inconsistency is an
/// `IdentityError`; nothing half-read comes out.
public enum IdentityParser {
    /// The parts of a read reply's data: big-endian lengths, then text, photo (and fingerprint).
    public static func split(_ data: [UInt8], withFingerprint: Bool) throws(IdentityError) -> (text: [UInt8], photo: [UInt8], fingerprint: [UInt8]?) {
        let header = withFingerprint ? 6 : 4
        guard data.count >= header else { throw .bodyLengths(text: 0, photo: 0, fingerprint: nil, data: data.count) }
        let text = Int(data[0]) << 8 | Int(data[1])
        let photo = Int(data[2]) << 8 | Int(data[3])
        let fingerprint = withFingerprint ? Int(data[4]) << 8 | Int(data[5]) : nil
        guard text == 256, photo == 1024, header + text + photo + (fingerprint ?? 0) == data.count else {
            throw .bodyLengths(text: text, photo: photo, fingerprint: fingerprint, data: data.count - header)
        }
        let textBytes = Array(data[header..<(header + text)])
        let photoBytes = Array(data[(header + text)..<(header + text + photo)])
        let fingerprintBytes = fingerprint.map { Array(data[(header + text + photo)..<(header + text + photo + $0)]) }
        return (textBytes, photoBytes, fingerprintBytes?.isEmpty == true ? nil : fingerprintBytes)
    }

    public static func identity(fromReadData data: [UInt8], withFingerprint: Bool) throws(IdentityError) -> Identity {
        let parts = try split(data, withFingerprint: withFingerprint)
        return try identity(text: parts.text, photo: parts.photo, fingerprint: parts.fingerprint)
    }

    public static func identity(text bytes: [UInt8], photo: [UInt8], fingerprint: [UInt8]? = nil) throws(IdentityError) -> Identity {
        guard bytes.count == 256 else { throw .shortText(bytes.count) }
        let text = CardText(bytes: bytes)
        let type = try text.field("card type", at: 248, length: 2)
        switch type {
        case "": return try resident(text, photo: photo, fingerprint: fingerprint)
        case "J": return try permit(text, photo: photo, fingerprint: fingerprint)
        case "I": return try foreign2017(text, photo: photo, fingerprint: fingerprint)
        case "Y": return try foreign2023(text, photo: photo, fingerprint: fingerprint)
        default: throw .unknownCardType(type)
        }
    }

    // MARK: Layouts

    static func resident(_ t: CardText, photo: [UInt8], fingerprint: [UInt8]?) throws(IdentityError) -> Identity {
        let number = try t.field("number", at: 122, length: 36)
        let birth = try t.date("birth date", at: 36)
        try check(number, birth: birth)
        let ethnicityCode = try t.field("ethnicity", at: 32, length: 4)
        guard let ethnicity = Ethnicity(code: ethnicityCode) else { throw .badCode(field: "ethnicity", value: ethnicityCode) }
        return Identity(
            cardType: .residentCard, name: try required(t.field("name", at: 0, length: 30), "name"),
            gender: try gender(t, at: 30), ethnicity: ethnicity, birthDate: birth,
            address: try t.field("address", at: 52, length: 70), number: number,
            authority: try t.field("authority", at: 158, length: 30), validFrom: try t.date("valid from", at: 188),
            validTo: try validity(t), photoWLT: photo, fingerprint: fingerprint)
    }

    static func permit(_ t: CardText, photo: [UInt8], fingerprint: [UInt8]?) throws(IdentityError) -> Identity {
        let number = try t.field("number", at: 122, length: 36)
        let birth = try t.date("birth date", at: 36)
        try check(number, birth: birth)
        guard ["810000", "820000", "830000"].contains(String(number.prefix(6))) else {
            throw .badCode(field: "residence permit number", value: IDNumber.mask(number))
        }
        return Identity(
            cardType: .residencePermit, name: try required(t.field("name", at: 0, length: 30), "name"),
            gender: try gender(t, at: 30), birthDate: birth, address: try t.field("address", at: 52, length: 70),
            number: number, authority: try t.field("authority", at: 158, length: 30),
            validFrom: try t.date("valid from", at: 188), validTo: try validity(t),
            permitNumber: try required(t.field("permit number", at: 220, length: 18), "permit number"),
            issueCount: try t.number("issue count", at: 238, length: 4), photoWLT: photo, fingerprint: fingerprint)
    }

    static func foreign2017(_ t: CardText, photo: [UInt8], fingerprint: [UInt8]?) throws(IdentityError) -> Identity {
        let number = try t.field("number", at: 122, length: 30)
        guard number.count == 15, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else {
            throw .badCode(field: "permanent residence number", value: IDNumber.mask(number))
        }
        let english = try required(t.field("English name", at: 0, length: 120), "English name")
        return Identity(
            cardType: .foreignPermanentResident2017, name: try t.field("Chinese name", at: 158, length: 30), englishName: english,
            gender: try gender(t, at: 120), birthDate: try t.date("birth date", at: 220), number: number,
            authority: try t.field("authority code", at: 240, length: 8), validFrom: try t.date("issue date", at: 188),
            validTo: try validity(t), nationality: try nationality(t, at: 152),
            cardVersion: try t.field("card version", at: 236, length: 4), photoWLT: photo, fingerprint: fingerprint)
    }

    static func foreign2023(_ t: CardText, photo: [UInt8], fingerprint: [UInt8]?) throws(IdentityError) -> Identity {
        let number = try t.field("number", at: 122, length: 36)
        let birth = try t.date("birth date", at: 36)
        do { try IDNumber.validate(number) } catch { throw .badNumber(number, error) }
        guard number.count == 18, number.first == "9" else { throw .badCode(field: "permanent residence number", value: IDNumber.mask(number)) }
        let english = (try t.field("English name", at: 52, length: 70)) + (try t.field("English name (continued)", at: 220, length: 22))
        return Identity(
            cardType: .foreignPermanentResident2023, name: try t.field("Chinese name", at: 0, length: 30),
            englishName: english.isEmpty ? nil : english, gender: try gender(t, at: 30), birthDate: birth, number: number,
            validFrom: try t.date("valid from", at: 188), validTo: try validity(t), nationality: try nationality(t, at: 242),
            renewalCount: try t.number("renewal count", at: 32, length: 4), photoWLT: photo, fingerprint: fingerprint)
    }

    // MARK: Fields

    static func check(_ number: String, birth: CardDate) throws(IdentityError) {
        let carried: CardDate
        do { carried = try IDNumber.validate(number) } catch { throw .badNumber(number, error) }
        guard carried == birth else { throw .numberDoesNotMatchBirthDate(number: number, birthDate: birth) }
    }

    static func required(_ value: String, _ field: String) throws(IdentityError) -> String {
        guard !value.isEmpty else { throw .emptyField(field) }
        return value
    }

    static func gender(_ t: CardText, at offset: Int) throws(IdentityError) -> Identity.Gender {
        let code = try t.field("gender", at: offset, length: 2)
        guard let gender = Identity.Gender(rawValue: code) else { throw .badCode(field: "gender", value: code) }
        return gender
    }

    static func nationality(_ t: CardText, at offset: Int) throws(IdentityError) -> Nationality {
        let code = try t.field("nationality", at: offset, length: 6)
        guard let nationality = Nationality(code: code) else { throw .badCode(field: "nationality", value: code) }
        return nationality
    }

    static func validity(_ t: CardText) throws(IdentityError) -> Identity.Validity {
        let text = try t.field("valid to", at: 204, length: 16)
        if text == "长期" { return .longTerm }
        guard let date = CardDate(text) else { throw .impossibleDate(field: "valid to", value: text) }
        return .until(date)
    }
}
