import IDCard
import Testing

@Suite("Card text layouts", .timeLimit(.minutes(5)))
struct IdentityParserTests {
    @Test(arguments: SampleCards.all)
    func everyCardTypeRoundTrips(card: Identity) throws {
        let frame = SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(card, withFingerprint: false)).frame
        let parsed = try IdentityParser.identity(fromReadData: try SAMFrame.decodeReply(frame).data, withFingerprint: false)
        #expect(parsed == card)
    }

    @Test func residentCardFields() throws {
        let id = try IdentityParser.identity(text: CardTextEncoder.encode(SampleCards.resident), photo: SampleCards.photo)
        #expect(id.name == "张建国")
        #expect(id.ethnicity?.shortName == "蒙古")
        #expect(id.gender.chineseName == "男")
        #expect(id.validTo == .longTerm)
        #expect(id.maskedNumber == "1506**********123X")
        #expect(id.maskedName == "张**")
        #expect(id.age(on: CardDate(year: 2026, month: 3, day: 11)!) == 75)
        #expect(id.age(on: CardDate(year: 2026, month: 3, day: 12)!) == 76)
        #expect(id.photoWLT == SampleCards.photo, "the WLT photo is kept as it is")
    }

    @Test func permitAndForeignFields() throws {
        let permit = try IdentityParser.identity(text: CardTextEncoder.encode(SampleCards.permit), photo: [])
        #expect(permit.permitNumber == "H12345678")
        #expect(permit.issueCount == 1)
        let old = try IdentityParser.identity(text: CardTextEncoder.encode(SampleCards.foreign2017), photo: [])
        #expect(old.englishName == "SMITH, JOHN")
        #expect(old.nationality?.name == "美国")
        let new = try IdentityParser.identity(text: CardTextEncoder.encode(SampleCards.foreign2023), photo: [])
        #expect(new.englishName == "GARCIA LOPEZ, MARIA ISABEL DEL CARMEN", "the English name spans two fields")
        #expect(new.nationality?.code == "ESP")
    }

    @Test func everyBadTextIsATypedError() {
        func text(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var t = CardTextEncoder.encode(SampleCards.resident)
            change(&t)
            return t
        }
        let cases: [([UInt8], IdentityError)] = [
            (text { $0[248] = UInt8(ascii: "Q") }, .unknownCardType("Q")),
            (text { $0[0] = 0x00; $0[1] = 0xD8 }, .malformedText(field: "name", offset: 0)),
            (text { $0[46] = UInt8(ascii: "2"); $0[48] = UInt8(ascii: "3"); $0[50] = UInt8(ascii: "0") }, .impossibleDate(field: "birth date", value: "19500230")),
            (text { $0[32] = UInt8(ascii: "6"); $0[34] = UInt8(ascii: "0") }, .badCode(field: "ethnicity", value: "60")),
            (text { $0[30] = UInt8(ascii: "5") }, .badCode(field: "gender", value: "5")),
            (Array(CardTextEncoder.encode(SampleCards.resident).prefix(200)), .shortText(200)),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected) { try IdentityParser.identity(text: bytes, photo: []) }
        }
        // A number whose check character is wrong, and one that disagrees with the birth date.
        var wrong = SampleCards.resident
        wrong.number = "150602195003121234"
        #expect(throws: IdentityError.badNumber("150602195003121234", .checkCharacter(expected: "X", got: "4"))) {
            try IdentityParser.identity(text: CardTextEncoder.encode(wrong), photo: [])
        }
        var other = SampleCards.resident
        other.birthDate = CardDate(year: 1950, month: 3, day: 13)!
        #expect(throws: IdentityError.numberDoesNotMatchBirthDate(number: other.number, birthDate: other.birthDate)) {
            try IdentityParser.identity(text: CardTextEncoder.encode(other), photo: [])
        }
        #expect(throws: IdentityError.bodyLengths(text: 256, photo: 1024, fingerprint: nil, data: 1279)) {
            try IdentityParser.identity(fromReadData: Array(CardTextEncoder.readData(SampleCards.resident, withFingerprint: false).dropLast()), withFingerprint: false)
        }
    }
}

@Suite("Identity numbers (GB 11643 MOD 11-2)", .timeLimit(.minutes(5)))
struct IDNumberTests {
    @Test(arguments: [("360426199101010071", "1991-1-1"), ("15060219500312123X", "1950-3-12"), ("11010519491231002X", "1949-12-31"),
                      ("440307198802294442", "1988-2-29"), ("810000199001011230", "1990-1-1")])
    func validNumbers(number: String, birthDate: String) throws {
        let born = try IDNumber.validate(number)
        #expect("\(born.year)-\(born.month)-\(born.day)" == birthDate)
    }

    @Test func invalidNumbers() {
        #expect(throws: IDNumber.Problem.checkCharacter(expected: "1", got: "2")) { try IDNumber.validate("360426199101010072") }
        #expect(throws: IDNumber.Problem.length(17)) { try IDNumber.validate("36042619910101007") }
        #expect(throws: IDNumber.Problem.characters) { try IDNumber.validate("36042619910101007x") }
        #expect(throws: IDNumber.Problem.characters) { try IDNumber.validate("3604261991O101007l") }
        // Check character right but no such day: 1989-02-29.
        let first17 = "44030719890229444"
        let number = first17 + String(IDNumber.checkCharacter(of: first17)!)
        #expect(throws: IDNumber.Problem.birthDate("19890229")) { try IDNumber.validate(number) }
    }

    @Test func legacyFifteenDigitNumbers() throws {
        #expect(try IDNumber.validate("360426910101007") == CardDate(year: 1991, month: 1, day: 1))
        #expect(throws: IDNumber.Problem.birthDate("19911301")) { try IDNumber.validate("360426911301007") }
    }

    @Test func masking() {
        #expect(IDNumber.mask("110105194912310021") == "1101**********0021")
        #expect(IDNumber.mask("USA110080071501") == "USA1*******1501")
        #expect(IDNumber.mask("123") == "***")
    }
}
