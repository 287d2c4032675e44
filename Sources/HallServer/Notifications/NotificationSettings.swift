import Foundation
import IntakeCore
import Logging

/// The `notifications` section of the daemon's configuration (seed 004 §8.2.4 reminders):
/// the SMS gateway's webhook, its timeout and the retry backoff. Without a webhook the hall
/// logs its notifications (``LogNotifier``).
public struct NotificationSettings: Sendable, Equatable {
    /// `notifications.webhookURL`: an http:// or https:// address; nil for the log only.
    public var webhookURL: String?
    /// `notifications.timeoutSeconds`: how long one POST may take.
    public var timeoutSeconds: Double = 10
    /// `notifications.retryBaseSeconds` and `retryMaxSeconds`: the first retry's delay,
    /// doubling up to the longest.
    public var retryBaseSeconds: Double = 5
    public var retryMaxSeconds: Double = 600

    public init(webhookURL: String? = nil, timeoutSeconds: Double = 10, retryBaseSeconds: Double = 5, retryMaxSeconds: Double = 600) {
        self.webhookURL = webhookURL; self.timeoutSeconds = timeoutSeconds
        self.retryBaseSeconds = retryBaseSeconds; self.retryMaxSeconds = retryMaxSeconds
    }

    public static let keys = ["notifications.webhookURL", "notifications.timeoutSeconds", "notifications.retryBaseSeconds",
                              "notifications.retryMaxSeconds"]

    public var backoff: RetryBackoff { RetryBackoff(base: retryBaseSeconds, cap: retryMaxSeconds) }

    /// The channel these settings name.
    public func notifier(logger: Logger) -> any Notifier {
        guard let webhookURL else { return LogNotifier(logger: logger) }
        return WebhookNotifier(url: webhookURL, timeoutSeconds: timeoutSeconds)
    }

    /// What is wrong with the values, each naming its key.
    public var problems: [String] {
        DeliverySettings(section: "notifications", urlKey: "webhookURL", receiver: "the SMS gateway", url: webhookURL,
                         timeoutSeconds: timeoutSeconds, retryBaseSeconds: retryBaseSeconds, retryMaxSeconds: retryMaxSeconds).problems
    }
}
