import Foundation
import IntakeCore

/// The settings every outbox's channel has (`notifications.*`, `reviews.upload.*`): the
/// receiver's address, how long one POST may take, and the retry backoff; checked the
/// same way for each, every problem naming its key.
struct DeliverySettings {
    /// The section's key prefix: `notifications`, `reviews.upload`.
    var section: String
    /// The address's key in it and what it names: `webhookURL`, "the SMS gateway".
    var urlKey: String
    var receiver: String
    var url: String?
    var timeoutSeconds: Double
    var retryBaseSeconds: Double
    var retryMaxSeconds: Double

    var problems: [String] {
        var found: [String] = []
        if let url {
            let parsed = URL(string: url)
            if !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") || (parsed?.host ?? "").isEmpty {
                found.append("\(section).\(urlKey): \"\(url)\" is not an http:// or https:// address of \(receiver)")
            }
        }
        if !(0.1...300).contains(timeoutSeconds) { found.append("\(section).timeoutSeconds: \(timeoutSeconds) is not 0.1–300") }
        if !(0.1...3600).contains(retryBaseSeconds) { found.append("\(section).retryBaseSeconds: \(retryBaseSeconds) is not 0.1–3600") }
        if retryMaxSeconds < retryBaseSeconds || retryMaxSeconds > 86_400 {
            found.append("\(section).retryMaxSeconds: \(retryMaxSeconds) is not between \(section).retryBaseSeconds (\(retryBaseSeconds)) and 86400")
        }
        return found
    }
}
