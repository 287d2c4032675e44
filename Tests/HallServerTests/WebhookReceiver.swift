import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real SMS gateway stand-in on a local port: a small Hummingbird app that records every
/// POST it gets (Idempotency-Key and JSON body) and answers from a script (503 first, say),
/// then 200. Tests await what arrives as an event, bounded by a deadline, never a sleep.
final class WebhookReceiver: Sendable {
    struct Arrival: Sendable {
        var idempotencyKey: String?
        var json: [String: String]
        var status: Int
    }

    private struct State {
        var script: [Int]
        var arrivals: [Arrival] = []
        var waiters: [(id: UUID, ready: @Sendable ([Arrival]) -> Bool, done: CheckedContinuation<[Arrival], any Error>)] = []
    }

    private let state: Mutex<State>
    private let running = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

    /// - Parameter script: the statuses of the first answers; 200 after them.
    init(answering script: [Int] = []) { state = Mutex(State(script: script)) }

    var arrivals: [Arrival] { state.withLock { $0.arrivals } }
    /// The messages the gateway accepted (answered 2xx).
    var accepted: [Arrival] { arrivals.filter { (200..<300).contains($0.status) } }

    /// Listens on `port` (0: a free one); returns the bound port once it listens.
    @discardableResult
    func start(port: Int = 0) async throws -> Int {
        let router = Router()
        router.post("/sms") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            let json = object.compactMapValues { $0 as? String }
            let status = self.record(key: request.headers[HTTPField.Name("Idempotency-Key")!], json: json)
            return Response(status: .init(code: status))
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
        throw TestFailure("the SMS gateway stand-in did not listen on port \(port)")
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
            self.fail(id, TestFailure("the SMS gateway stand-in did not see \(what) within \(seconds) s: \(self.arrivals)"))
        }
        defer { deadline.cancel() }
        return try await withCheckedThrowingContinuation { done in
            state.withLock { s in
                if ready(s.arrivals) { done.resume(returning: s.arrivals) } else { s.waiters.append((id, ready, done)) }
            }
        }
    }

    private func record(key: String?, json: [String: String]) -> Int {
        state.withLock { s in
            let status = s.script.isEmpty ? 200 : s.script.removeFirst()
            s.arrivals.append(Arrival(idempotencyKey: key, json: json, status: status))
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
