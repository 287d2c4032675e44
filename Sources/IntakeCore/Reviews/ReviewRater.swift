/// Who gave a review, as far as anyone outside the hall may know them (R6; seed 004 §12.2.2
/// 一事一评): the name, ID number and phone masked, never in full. It is made only from a
/// record that holds them (a case's applicant, a real-name ticket's card holder), by the
/// masks those records define, so no full value can reach the 好差评 platform through it.
public struct ReviewRater: Codable, Sendable, Hashable {
    /// `张**`.
    public private(set) var maskedName: String
    /// `1506**********123X`.
    public private(set) var maskedNumber: String
    /// `138****5678`; nil when the record has no phone.
    public private(set) var maskedPhone: String?
    /// `residentCard`, `residencePermit`…, when the ID card was read.
    public private(set) var cardType: String?

    /// The applicant of a case, masked.
    public init(applicant: Applicant) {
        maskedName = applicant.maskedName
        maskedNumber = applicant.maskedNumber
        maskedPhone = applicant.maskedPhone
        cardType = nil
    }

    /// The card holder of a real-name ticket (the ticket keeps them masked already).
    public init(holder: TicketHolder) {
        maskedName = holder.maskedName
        maskedNumber = holder.maskedNumber
        maskedPhone = nil
        cardType = holder.cardType
    }
}
