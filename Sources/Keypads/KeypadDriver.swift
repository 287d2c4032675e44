import DeviceSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A key press as the driver saw it.
public struct KeypadPress: Sendable, Equatable {
    public var keypadID: String
    /// 1 (非常不满意) … 5 (非常满意).
    public var level: Int
    public var raw: String
    /// The sender on a multi-drop serial line.
    public var address: UInt8?
    public var at: ContinuousClock.Instant
}

/// A keypad as the technician sees it (`GET /api/v1/devices`).
public struct KeypadReport: Sendable, Codable, Equatable {
    public var id: String
    public var kind: String
    public var location: String
    public var name: String?
    public var simulated: Bool
    /// False for a keypad left to another client (`"drive": false`): watched, never opened.
    public var driven: Bool
    public var connected: Bool
    /// `absent`, `ready`, `busy`, `degraded` or `failed` (``DeviceState``), and why.
    public var state: String
    public var stateReason: String?
    public var presses: Int
    /// Keys the map does not know, and bytes that fit no frame.
    public var unmapped: Int
    public var malformedBytes: Int
    public var lastError: String?
    public var lastUnmapped: String?
    /// Where the keypad stands, filled in by whoever knows (the hall).
    public var window: String?
}

/// Runs one keypad line: opens the device (grabbing an input device exclusively), reads
/// what the keypad sends on a queue of its own, decodes it with ``KeypadDecoder`` and hands
/// each press to its subscribers. A device that goes away is closed and opened again
/// (``ReopenLoop``: `reconnectInterval` doubling up to 5 s, cut short by a hotplug
/// ``nudge()``), so a keypad plugged back works without a restart.
public actor KeypadDriver: Service {
    public nonisolated let id: String
    public nonisolated let device: KeypadDevice
    public nonisolated let simulated: Bool
    /// False: the keypad is left to another client and only watched (`"drive": false`).
    public nonisolated let drive: Bool
    private let reconnectInterval: Duration
    private let wakeup = DeviceWakeup()
    /// Set by a hotplug nudge: look whether the open device's node is still there.
    private let recheck = Atomic<Bool>(false)
    private let logger: Logger
    private let io: DispatchQueue
    /// Writes (prompt lights) go on a queue of their own, never behind a waiting read.
    private let output: DispatchQueue
    private var decoder: KeypadDecoder
    private var subscribers: [UUID: AsyncStream<KeypadPress>.Continuation] = [:]
    private var condition = DeviceCondition()
    private var connected: Bool { condition.isReached }
    private var deviceName: String?
    private var pressCount = 0
    private var unmapped = 0
    private var malformedBytes = 0
    private var lastUnmapped: String?
    private var connectionWaiters: [(Bool, CheckedContinuation<Void, Never>)] = []

    public init(id: String, device: KeypadDevice, simulated: Bool = false, drive: Bool = true,
                reconnectInterval: Duration = .milliseconds(500), logger: Logger) {
        self.id = id
        self.device = device
        self.simulated = simulated
        self.drive = drive
        self.reconnectInterval = reconnectInterval
        self.logger = logger
        io = DispatchQueue(label: "onevisit.keypad.\(id)")
        output = DispatchQueue(label: "onevisit.keypad.\(id).out")
        decoder = KeypadDecoder(device.kind, inputEventSize: KeypadDevice.inputEventSize)
    }

    /// Every press from now on, until the stream is dropped.
    public func presses() -> AsyncStream<KeypadPress> {
        let (stream, continuation) = AsyncStream<KeypadPress>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let token = UUID()
        subscribers[token] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(token) } }
        return stream
    }

    private func unsubscribe(_ token: UUID) { subscribers[token] = nil }

    public func report() -> KeypadReport {
        KeypadReport(id: id, kind: device.kind.name, location: device.path, name: deviceName, simulated: simulated, driven: drive,
                     connected: drive && connected, state: condition.state.name, stateReason: condition.state.reason, presses: pressCount,
                     unmapped: unmapped, malformedBytes: malformedBytes, lastError: condition.lastError, lastUnmapped: lastUnmapped)
    }

    /// Returns once the keypad is (or is no longer) connected.
    public func waitUntil(connected wanted: Bool) async {
        if connected == wanted { return }
        await withCheckedContinuation { connectionWaiters.append((wanted, $0)) }
    }

    /// A hotplug event may concern this keypad: a missing one is opened again at once, an
    /// open one checks its node is still there.
    public nonisolated func nudge() {
        recheck.store(true, ordering: .relaxed)
        wakeup.nudge()
    }

    /// Sends an output report or frame (the "please rate" light); a keypad without one ignores it.
    public func send(_ bytes: [UInt8]) async throws(KeypadError) {
        let device = self.device
        let result: Result<Void, KeypadError> = await withCheckedContinuation { continuation in
            output.async {
                do throws(KeypadError) { try device.write(bytes); continuation.resume(returning: .success(())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }

    // MARK: The loop

    public func run() async throws {
        logger.info("Keypad ready", metadata: ["keypad": "\(id)", "kind": "\(device.kind.name)", "device": "\(device.path)",
                                              "driven": "\(drive)"])
        guard drive else {
            await PresenceWatch.run(path: device.path, wakeup: wakeup, interval: reconnectInterval) { condition.observed(present: $0) }
            return
        }
        var loop = ReopenLoop(backoff: Backoff(initial: reconnectInterval, maximum: max(reconnectInterval, .seconds(5))), wakeup: wakeup)
        await loop.run { await session() }
        device.close()
        setConnected(false)
    }

    /// Opens the keypad (unless a caller opened it first to report a bad path at once) and
    /// reads it until it goes away.
    private func session() async -> ReopenLoop.Outcome {
        do throws(KeypadError) {
            if let name = try device.open() { deviceName = name }
        } catch {
            problem(error)
            return .notOpened
        }
        decoder = KeypadDecoder(device.kind, inputEventSize: KeypadDevice.inputEventSize)
        setConnected(true)
        while ReopenLoop.isRunning {
            if recheck.exchange(false, ordering: .relaxed) && !PresenceWatch.exists(device.path) {
                device.close()
                problem(.disconnected("\(device.path) was removed"))
                return .lost
            }
            let device = self.device
            let result: Result<[UInt8], KeypadError> = await withCheckedContinuation { continuation in
                io.async {
                    do throws(KeypadError) { continuation.resume(returning: .success(try device.read(timeoutMilliseconds: 250))) } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
            switch result {
            case .success(let bytes): if !bytes.isEmpty { handle(bytes) }
            case .failure(let error):
                device.close()
                problem(error)
                return .lost
            }
        }
        return .lost
    }

    private func handle(_ bytes: [UInt8]) {
        let (keys, malformed) = decoder.feed(bytes)
        for bad in malformed {
            malformedBytes += bad.bytes
            logger.warning("Keypad sent bytes that fit no frame", metadata: ["keypad": "\(id)", "reason": "\(bad.reason)"])
        }
        let now = ContinuousClock.now
        for key in keys {
            guard let level = key.level else {
                unmapped += 1
                lastUnmapped = key.raw
                logger.notice("Keypad key not in the key map", metadata: ["keypad": "\(id)", "raw": "\(key.raw)"])
                continue
            }
            pressCount += 1
            let press = KeypadPress(keypadID: id, level: level, raw: key.raw, address: key.address, at: now)
            for continuation in subscribers.values { continuation.yield(press) }
        }
    }

    private func problem(_ error: KeypadError) {
        if error.description != condition.lastError { logger.warning("Keypad problem", metadata: ["keypad": "\(id)", "error": "\(error)"]) }
        if condition.failed(error) == .lost { logger.notice("Keypad lost", metadata: ["keypad": "\(id)"]) }
        wakeWaiters()
    }

    private func setConnected(_ value: Bool) {
        if value {
            if condition.reached() == .reconnected { logger.notice("Keypad connected", metadata: ["keypad": "\(id)"]) }
        } else {
            condition.released()
        }
        wakeWaiters()
    }

    private func wakeWaiters() {
        let value = connected
        let ready = connectionWaiters.filter { $0.0 == value }
        connectionWaiters.removeAll { $0.0 == value }
        for waiter in ready { waiter.1.resume() }
    }
}
