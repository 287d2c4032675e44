/// An ID document number typed by a citizen (R2: booking with an ID number), checked by its
/// card type's own rule, the same rules the card parser applies to a chip: resident cards
/// by GB 11643 (``IDNumber``); HK/Macau/Taiwan residence permits by GB 11643 with the region
/// codes 810000/820000/830000; 2023 foreign permanent resident cards by GB 11643 starting
/// with 9; 2017 foreign cards as 15 capital letters and digits. The type follows from the
/// number's shape.
public enum DocumentNumber {
    /// The card type of a valid number (upper-cased, spaces removed), or why it is invalid.
    public static func validate(_ text: String) throws(IDNumber.Problem) -> (number: String, cardType: Identity.CardType) {
        let number = text.uppercased().filter { $0 != " " }
        if number.count == 15, number.contains(where: \.isLetter) {
            guard number.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else { throw .characters }
            return (number, .foreignPermanentResident2017)
        }
        // 15-digit numbers predate 1999 and no valid card carries one any more.
        guard number.count == 18 else { throw .length(number.count) }
        try IDNumber.validate(number)
        if ["810000", "820000", "830000"].contains(String(number.prefix(6))) { return (number, .residencePermit) }
        if number.first == "9" { return (number, .foreignPermanentResident2023) }
        return (number, .residentCard)
    }
}
