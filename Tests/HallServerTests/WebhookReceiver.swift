import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real receiver stand-in on a local port (the SMS gateway, the 好差评 platform): a small
/// Hummingbird app that records every POST it gets (Idempotency-Key, Authorization, JSON
/// body) and answers from a script (503 first, say), then 200. Like a real platform it keeps
/// one delivery per key: a key it accepted before is answered 200 again and marked a
/// duplicate. Tests await what arrives as an event, bounded by a deadline, never a sleep.
final class WebhookReceiver: Sendable {
    struct Arrival: Sendable {
        var idempotencyKey: String?
        /// The body's values as strings, nested objects' under dotted keys (`rater.maskedName`).
        var json: [String: String]
        var status: Int
        var body: String = ""
        var authorization: String?
        /// Accepted while its key had been accepted before: the receiver kept the first only.
        var duplicate = false
    }

    private struct State {
        var script: [Int]
        var arrivals: [Arrival] = []
        var waiters: [(id: UUID, ready: @Sendable ([Arrival]) -> Bool, done: CheckedContinuation<[Arrival], any Error>)] = []
    }

    private let state: Mutex<State>
    private let running = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

    private let path: String

    /// - Parameters:
    ///   - script: the statuses of the first answers; 200 after them.
    ///   - path: where it takes POSTs.
    init(answering script: [Int] = [], path: String = "/sms") {
        state = Mutex(State(script: script))
        self.path = path
    }

    var arrivals: [Arrival] { state.withLock { $0.arrivals } }
    /// The messages the gateway accepted (answered 2xx).
    var accepted: [Arrival] { arrivals.filter { (200..<300).contains($0.status) } }
    /// What the receiver kept: accepted, one per idempotency key.
    var kept: [Arrival] { accepted.filter { !$0.duplicate } }

    /// Listens on `port` (0: a free one); returns the bound port once it listens.
    @discardableResult
    func start(port: Int = 0) async throws -> Int {
        let router = Router()
        router.post(RouterPath(path)) { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let data = Data(buffer.readableBytesView)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            let arrival = Arrival(idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], json: Self.flatten(object),
                                  status: 0, body: String(decoding: data, as: UTF8.self), authorization: request.headers[.authorization])
            return Response(status: .init(code: self.record(arrival)))
        }
        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "sms-gateway")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { channel in boundContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        running.withLock { $0 = (group, task) }
        for await port in bound { return port }
        throw TestFailure("the receiver stand-in did not listen on port \(port)")
    }

    /// A local port nothing listens on: a receiver that is down, refusing connections.
    static func closedPort() async throws -> Int {
        let probe = WebhookReceiver()
        let port = try await probe.start()
        await probe.stop()
        return port
    }

    /// Stops listening and waits until the port is closed.
    func stop() async {
        guard let (group, task) = running.withLock({ r in defer { r = nil }; return r }) else { return }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits until the arrivals satisfy `ready`, at most `seconds`.
    func wait(seconds: Double = 30, _ what: String, until ready: @escaping @Sendable ([Arrival]) -> Bool) async throws -> [Arrival] {
        let id = UUID()
        let deadline = Task {
            try await Task.sleep(for: .seconds(seconds))
            self.fail(id, TestFailure("the receiver stand-in did not see \(what) within \(seconds) s: \(self.arrivals)"))
        }
        defer { deadline.cancel() }
        return try await withCheckedThrowingContinuation { done in
            state.withLock { s in
                if ready(s.arrivals) { done.resume(returning: s.arrivals) } else { s.waiters.append((id, ready, done)) }
            }
        }
    }

    private static func flatten(_ object: [String: Any], prefix: String = "") -> [String: String] {
        var flat: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let nested as [String: Any]: flat.merge(flatten(nested, prefix: prefix + key + ".")) { $1 }
            case let text as String: flat[prefix + key] = text
            case is NSNull: break
            default: flat[prefix + key] = "\(value)"
            }
        }
        return flat
    }

    private func record(_ new: Arrival) -> Int {
        state.withLock { s in
            var arrival = new
            arrival.status = s.script.isEmpty ? 200 : s.script.removeFirst()
            let status = arrival.status
            arrival.duplicate = (200..<300).contains(status) && arrival.idempotencyKey != nil
                && s.arrivals.contains { $0.idempotencyKey == arrival.idempotencyKey && (200..<300).contains($0.status) }
            s.arrivals.append(arrival)
            let arrivals = s.arrivals
            s.waiters.removeAll { waiter in
                guard waiter.ready(arrivals) else { return false }
                waiter.done.resume(returning: arrivals)
                return true
            }
            return status
        }
    }

    private func fail(_ id: UUID, _ error: any Error) {
        state.withLock { s in
            guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return }
            s.waiters.remove(at: index).done.resume(throwing: error)
        }
    }
}
