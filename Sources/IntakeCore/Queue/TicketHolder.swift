/// The person behind a real-name ticket (实名取号), as far as a queue ticket needs to know:
/// masked, because the ticket is shown on screens and paper (R4 shared data first; R8
/// information security). The full number stays with the case that needs it.
public struct TicketHolder: Codable, Sendable, Hashable {
    /// `张**`.
    public var maskedName: String
    /// `1506**********123X`.
    public var maskedNumber: String
    /// `residentCard`, `residencePermit`, …
    public var cardType: String
    /// Age on the day of the ticket, for the priority lane.
    public var age: Int

    public init(maskedName: String, maskedNumber: String, cardType: String, age: Int) {
        self.maskedName = maskedName; self.maskedNumber = maskedNumber; self.cardType = cardType; self.age = age
    }
}
