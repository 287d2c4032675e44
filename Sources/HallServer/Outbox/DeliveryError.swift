/// Why an outbox entry was not delivered (a notification to the SMS gateway, a review to the
/// 好差评 platform): a short reason fit for the log and the staff listing (a status or a
/// connection error, never the receiver's answer, which may echo personal data).
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
