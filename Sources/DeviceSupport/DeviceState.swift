/// Where a device stands, the same for every kind (issue 17): not there, ready, doing a
/// job, working with a reason it cannot do everything (paper near its end, out of paper,
/// the SAM failing its check), or there and failing with an error.
public enum DeviceState: Sendable, Equatable {
    case absent
    case ready
    case busy
    case degraded(reason: String)
    case failed(code: String, message: String)

    /// `absent`, `ready`, `busy`, `degraded` or `failed`, as the API gives it.
    public var name: String {
        switch self {
        case .absent: "absent"
        case .ready: "ready"
        case .busy: "busy"
        case .degraded: "degraded"
        case .failed: "failed"
        }
    }

    /// The degraded state's reason, or the failed state's error.
    public var reason: String? {
        switch self {
        case .degraded(let reason): reason
        case .failed(_, let message): message
        default: nil
        }
    }

    /// Ready, busy or degraded: the daemon reaches the device.
    public var isReached: Bool {
        switch self {
        case .ready, .busy, .degraded: true
        case .absent, .failed: false
        }
    }
}

/// The state machine each driver keeps for its device. Only it changes the state, so every
/// kind moves alike: reaching the device again clears the last error (no `connected: true`
/// next to an old "not connected"), losing it records why.
public struct DeviceCondition: Sendable, Equatable {
    public private(set) var state: DeviceState = .absent
    /// The last error seen since the device was last reached, worded for the technician.
    public private(set) var lastError: String?
    public private(set) var lastErrorCode: String?

    public init() {}

    public var isReached: Bool { state.isReached }

    /// What a move changed, for the driver's log.
    public enum Change: Sendable, Equatable {
        case none
        /// Reached after being absent or failed (at start or after a replug).
        case reconnected
        /// Lost after being reached.
        case lost
        /// The same reach, another state (ready ↔ degraded ↔ busy, absent ↔ failed).
        case changed
    }

    /// The device answered: ready, or degraded with a reason. A reconnect clears the last
    /// error; `error` is one the answer itself carries (a printer out of paper).
    @discardableResult
    public mutating func reached(degraded reason: String? = nil, error: (any DeviceError)? = nil) -> Change {
        let wasReached = isReached
        let before = state
        state = reason.map { .degraded(reason: $0) } ?? .ready
        if !wasReached { lastError = nil; lastErrorCode = nil }
        if let error { note(error) }
        return !wasReached ? .reconnected : before == state ? .none : .changed
    }

    /// The device is doing a job (printing, reading a card, capturing).
    public mutating func working() {
        if isReached { state = .busy }
    }

    /// The device could not be reached or failed: absent when the error says it is not
    /// there, failed with the error otherwise.
    @discardableResult
    public mutating func failed(_ error: some DeviceError) -> Change {
        let wasReached = isReached
        let before = state
        note(error)
        state = error.fault?.meansAbsent == true ? .absent : .failed(code: error.code, message: error.description)
        return wasReached ? .lost : before == state ? .none : .changed
    }

    /// An error that leaves the device where it is (a card that does not read).
    public mutating func note(_ error: some DeviceError) {
        lastError = error.description
        lastErrorCode = error.code
    }

    /// The device did its job: the error before it is history.
    public mutating func clearError() {
        lastError = nil
        lastErrorCode = nil
    }

    /// The driver let go of the device (the daemon stops): absent, with no error of its own.
    public mutating func released() {
        state = .absent
    }

    /// A device the daemon does not open (`"drive": false`): present or not is all it knows.
    public mutating func observed(present: Bool) {
        state = present ? .ready : .absent
    }
}
