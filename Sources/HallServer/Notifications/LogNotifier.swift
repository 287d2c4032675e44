import IntakeCore
import IntakeStore
import Logging

/// The notifier of a hall without an SMS gateway (seed 004 §8.2.4): it only logs that a
/// message went out, to whom masked (138****5678) and never its text, which may name the
/// citizen, since logs hold no personal data.
public struct LogNotifier: Notifier {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func send(_ message: NotificationMessage) async throws(NotifierError) {
        logger.notice("Notification sent (logged only: no SMS gateway configured)", metadata: [
            "id": "\(message.id)", "kind": "\(message.kind)", "to": "\(MobilePhone.mask(message.recipient))"])
    }
}
