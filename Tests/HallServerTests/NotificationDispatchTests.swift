import Foundation
@testable import HallServer
import Hummingbird
import HummingbirdTesting
import IntakeStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The notification channel in process (seed 004 §8.2.4; issue 14): a real local HTTP
/// receiver that refuses twice gets the message exactly once, with its idempotency key,
/// after retries; staff see the outbox masked; the log notifier logs no personal data; the
/// dispatcher stops at once when idle; the `notifications` configuration is validated.
@Suite("Notifications", .timeLimit(.minutes(2)))
struct NotificationDispatchTests {
    static let phone = "13812345678"

    /// The dispatcher of `hall` running against `notifier`, until `body` returns.
    func dispatching<T>(_ hall: Hall, _ notifier: any Notifier, _ body: () async throws -> T) async throws -> T {
        let settings = NotificationSettings(retryBaseSeconds: 0.2, retryMaxSeconds: 1)
        let dispatcher = hall.notifications.dispatcher(notifier: notifier, settings: settings, clock: hall.clock, logger: hall.logger)
        return try await whileRunning([dispatcher], logger: hall.logger, body)
    }

    @Test func aRefusingGatewayGetsEachMessageExactlyOnceAfterRetries() async throws {
        let (hall, _) = try await makeTestHall()
        let receiver = WebhookReceiver(answering: [503, 503])
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let technician = try await hall.session("technician1"), supervisor = try await hall.session("supervisor1")
        let clerk = try await hall.session("clerk4")
        let app = Application(router: HallApplication.router(for: hall, simulator: false))
        let notifier = WebhookNotifier(url: "http://127.0.0.1:\(port)/sms", timeoutSeconds: 5)

        let testID: String = try await dispatching(hall, notifier) {
            let id: String = try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/notifications/test", method: .post, as: clerk, body: #"{"phone": "\#(Self.phone)"}"#) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/api/v1/notifications/test", method: .post, as: technician, body: #"{"phone": "1381234567"}"#) {
                    #expect($0.status == .unprocessableContent && String(buffer: $0.body).contains("invalid_phone"))
                }
                return try await client.execute(uri: "/api/v1/notifications/test", method: .post, as: technician,
                                                body: #"{"phone": "\#(Self.phone)"}"#) { response in
                    #expect(response.status == .accepted)
                    let answer = try json(response.body)
                    #expect(answer["to"] as? String == "138****5678" && answer["text"] == nil && answer["state"] as? String == "pending")
                    return try #require(answer["id"] as? String)
                }
            }
            _ = try await receiver.wait("the test message accepted") { $0.contains { $0.status == 200 } }
            // A reminder enqueued twice (as a retried booking would) is one message.
            let reminder = NewNotification(dedupeKey: "reminder:K7Q2X:day-before", kind: "reminder", recipient: Self.phone,
                                           text: "张三，您预约的新生儿出生明天 9:00 办理", payload: ["code": "K7Q2X"], notBefore: hall.clock())
            try await hall.notifications.outbox.enqueue(reminder, at: hall.clock())
            try await hall.notifications.outbox.enqueue(reminder, at: hall.clock())
            _ = try await receiver.wait("the reminder accepted") { $0.filter { $0.status == 200 }.count == 2 }
            return id
        }
        // The dispatcher has stopped: what the receiver saw is final.
        let arrivals = receiver.arrivals
        #expect(arrivals.map(\.status) == [503, 503, 200, 200], "\(arrivals)")
        #expect(arrivals.prefix(3).allSatisfy { $0.idempotencyKey == testID && $0.json["id"] == testID })
        let reminder = try #require(try await hall.notifications.outbox.message(dedupeKey: "reminder:K7Q2X:day-before"))
        #expect(arrivals[3].idempotencyKey == reminder.id && arrivals[3].json["kind"] == "reminder" && arrivals[3].json["to"] == Self.phone)
        #expect(arrivals[3].json["text"]?.hasPrefix("张三") == true)
        let sent = try #require(try await hall.notifications.outbox.message(id: testID))
        #expect(sent.state == .sent && sent.attempts == 3 && sent.lastError == nil)

        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/notifications", method: .get, as: clerk) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/notifications", method: .get, as: nil) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/notifications", method: .get, as: supervisor) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(!text.contains(Self.phone) && !text.contains("张三") && text.contains("138****5678"))
                let messages = try #require(try json(response.body)["messages"] as? [[String: Any]])
                let test = try #require(messages.first { $0["id"] as? String == testID })
                #expect(test["state"] as? String == "sent" && test["attempts"] as? Int == 3 && test["kind"] as? String == "test")
                #expect(messages.count == 2)
            }
        }
    }

    @Test func aFailureIsRecordedWithItsRetry() async throws {
        let (hall, _) = try await makeTestHall()
        let receiver = WebhookReceiver(answering: [500, 500, 500, 500, 500, 500])
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let notifier = WebhookNotifier(url: "http://127.0.0.1:\(port)/sms", timeoutSeconds: 5)
        let firstTry = hall.clock()
        let id = try await dispatching(hall, notifier) {
            let id = try await hall.notifications.outbox.enqueue(NewNotification(
                dedupeKey: "k", kind: "test", recipient: Self.phone, text: "x", notBefore: firstTry), at: firstTry).message.id
            // The third request means the second refusal is stored (a shutdown cuts the one in flight short).
            _ = try await receiver.wait("three requests") { $0.count >= 3 }
            return id
        }
        let failing = try #require(try await hall.notifications.outbox.message(id: id))
        #expect(failing.state == .failing && failing.attempts >= 2 && failing.lastError == "the gateway answered HTTP 500")
        #expect(failing.nextAttemptAt > firstTry, "a retry is scheduled after the first try")
    }

    @Test func aReminderGoesAtItsTimeNotBefore() async throws {
        let (hall, _) = try await makeTestHall()
        let receiver = WebhookReceiver()
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let due = hall.clock().addingTimeInterval(0.8)
        try await dispatching(hall, WebhookNotifier(url: "http://127.0.0.1:\(port)/sms", timeoutSeconds: 5)) {
            try await hall.notifications.outbox.enqueue(NewNotification(
                dedupeKey: "soon", kind: "reminder", recipient: Self.phone, text: "x", notBefore: due), at: hall.clock())
            _ = try await receiver.wait("the reminder at its time") { !$0.isEmpty }
            #expect(hall.clock() >= due)
        }
        #expect(receiver.arrivals.count == 1)
    }

    /// A dispatcher waiting for a reminder an hour away still stops on shutdown: were it to
    /// wait for the reminder, the test's time limit would end it.
    @Test(.timeLimit(.minutes(1))) func idleTheDispatcherStopsAtOnce() async throws {
        let (hall, _) = try await makeTestHall()
        try await hall.notifications.outbox.enqueue(NewNotification(
            dedupeKey: "later", kind: "reminder", recipient: Self.phone, text: "x", notBefore: hall.clock().addingTimeInterval(3600)),
            at: hall.clock())
        try await dispatching(hall, LogNotifier(logger: hall.logger)) {}
        #expect(try await hall.notifications.outbox.message(dedupeKey: "later")?.state == .pending)
    }

    @Test func theLogNotifierLogsTheRecipientMaskedAndNeverTheText() async throws {
        let lines = RecordedLog()
        let logger = Logger(label: "test") { _ in lines }
        let message = try await NotificationOutbox(writer: try HallDatabase.inMemory(), makeID: { "m1" }).enqueue(NewNotification(
            dedupeKey: "k", kind: "reminder", recipient: Self.phone, text: "张三，明天 9:00", notBefore: Date()), at: Date()).message
        try await LogNotifier(logger: logger).send(message)
        let text = lines.text
        #expect(text.contains("138****5678") && text.contains("m1"))
        #expect(!text.contains(Self.phone) && !text.contains("张三"))
    }

    @Test func theNotificationsSectionIsReadAndChecked() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-\(UUID().uuidString).yaml").path
        try """
            notifications:
              webhookURL: https://sms.example.gov.cn/send
              timeoutSeconds: 4
              retryBaseSeconds: 2
              retryMaxSeconds: 300
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try await HallConfiguration.load(file: path, overrides: [:], environment: [:])
        #expect(c.notifications == NotificationSettings(webhookURL: "https://sms.example.gov.cn/send", timeoutSeconds: 4,
                                                        retryBaseSeconds: 2, retryMaxSeconds: 300))
        #expect(c.notifications.notifier(logger: Logger(label: "t")) is WebhookNotifier)
        #expect(HallConfiguration().notifications.notifier(logger: Logger(label: "t")) is LogNotifier)
        for (key, value, complaint) in [("notifications.webhookURL", "ftp://sms.example/x", "not an http:// or https://"),
                                        ("notifications.webhookURL", "sms-gateway", "not an http:// or https://"),
                                        ("notifications.timeoutSeconds", "0", "notifications.timeoutSeconds"),
                                        ("notifications.retryMaxSeconds", "1", "between notifications.retryBaseSeconds")] {
            let env = ["ONEVISIT_" + key.replacingOccurrences(of: ".", with: "_").replacingOccurrences(
                of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression).uppercased(): value]
            await #expect { try await HallConfiguration.load(file: path, overrides: [:], environment: env) } throws: {
                "\($0)".contains(key) && "\($0)".contains(complaint)
            }
        }
    }
}

/// A log handler that keeps what was logged, message and metadata.
final class RecordedLog: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:])") }
    }
}
