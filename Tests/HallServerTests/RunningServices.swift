import Logging
import ServiceLifecycle

/// `services` running in a service group while `body` runs, then shut down gracefully and
/// awaited: what a test looks at afterwards is final.
func whileRunning<T>(_ services: [any Service], logger: Logger, _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: services, logger: logger))
    let running = Task { try await group.run() }
    do {
        let result = try await body()
        await group.triggerGracefulShutdown()
        try await running.value
        return result
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        throw error
    }
}
