import IntakeStore

/// A channel that delivers the outbox's messages to citizens (seed 004 §8.2.4: reminders by
/// phone or mobile): ``LogNotifier`` when the hall has no SMS gateway, ``WebhookNotifier``
/// when it has one. ``NotificationDispatcher`` calls it and keeps the retry state.
public protocol Notifier: Sendable {
    /// Returns once the channel has accepted `message`; throws when it has not (the
    /// dispatcher then tries again later). The message's id goes with it as its idempotency
    /// key, so a channel that sees it twice can keep one.
    func send(_ message: NotificationMessage) async throws(NotifierError)
}

/// Why a message was not delivered: the outboxes' common ``DeliveryError``.
public typealias NotifierError = DeliveryError
