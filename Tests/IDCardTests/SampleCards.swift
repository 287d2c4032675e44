import IDCard

/// Made-up card holders with valid check digits, one per card type.
enum SampleCards {
    static let photo = (0..<1024).map { UInt8(truncatingIfNeeded: $0 * 7) }

    static let resident = Identity(
        cardType: .residentCard, name: "张建国", gender: .male, ethnicity: Ethnicity(code: "02"),
        birthDate: CardDate(year: 1950, month: 3, day: 12)!, address: "内蒙古自治区鄂尔多斯市东胜区示例路1号",
        number: "15060219500312123X", authority: "鄂尔多斯市公安局东胜分局",
        validFrom: CardDate(year: 2015, month: 6, day: 1)!, validTo: .longTerm, photoWLT: photo)

    static let permit = Identity(
        cardType: .residencePermit, name: "陈美玲", gender: .female, birthDate: CardDate(year: 1990, month: 1, day: 1)!,
        address: "内蒙古自治区鄂尔多斯市康巴什区示例街2号", number: "810000199001011230", authority: "鄂尔多斯市公安局",
        validFrom: CardDate(year: 2021, month: 5, day: 20)!, validTo: .until(CardDate(year: 2026, month: 5, day: 20)!),
        permitNumber: "H12345678", issueCount: 1, photoWLT: photo)

    static let foreign2017 = Identity(
        cardType: .foreignPermanentResident2017, name: "史密斯", englishName: "SMITH, JOHN", gender: .male,
        birthDate: CardDate(year: 1980, month: 7, day: 15)!, number: "USA110080071501", authority: "1500",
        validFrom: CardDate(year: 2018, month: 1, day: 1)!, validTo: .until(CardDate(year: 2028, month: 1, day: 1)!),
        nationality: Nationality(code: "USA"), cardVersion: "10", photoWLT: photo)

    static let foreign2023 = Identity(
        cardType: .foreignPermanentResident2023, name: "玛丽亚", englishName: "GARCIA LOPEZ, MARIA ISABEL DEL CARMEN",
        gender: .female, birthDate: CardDate(year: 1990, month: 7, day: 1)!, number: "910840199007010026",
        validFrom: CardDate(year: 2024, month: 3, day: 1)!, validTo: .until(CardDate(year: 2034, month: 3, day: 1)!),
        nationality: Nationality(code: "ESP"), renewalCount: 0, photoWLT: photo)

    static let all = [resident, permit, foreign2017, foreign2023]
}
