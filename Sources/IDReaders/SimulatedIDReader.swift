import DeviceSupport
import Foundation
import Glibc
import IDCard
import Synchronization

/// An ID card reader simulated behind a pseudo-terminal, speaking the SAM protocol as a
/// reader module does at 115200 baud: it answers each command frame from its state (a card
/// placed or not, read already or not), paces its replies at the line rate, and can be
/// made to misbehave (noise before replies, cut-off replies) or be unplugged and plugged
/// back at the same device link.
public final class SimulatedIDReader: Sendable {
    public let id: String
    public var devicePath: String { line.devicePath }
    /// Bytes per second on the simulated line (115200 baud, 8N1 = 11520 bytes/s).
    public let bytesPerSecond: Int
    private let line: PseudoTerminalPeer
    private let state: Mutex<State>

    /// How the simulated reader misbehaves.
    public enum Fault: String, Sendable, Codable {
        case none
        /// Random bytes before every reply.
        case noise
        /// Every reply cut off half-way.
        case truncate
        /// Takes commands and answers nothing.
        case silent
    }

    private struct State: ~Copyable {
        var pending: [UInt8] = []
        var card: Identity?
        var cardRead = false
        var fault = Fault.none
        var samStatus: UInt8 = 0x90
        var knowsMaximumRFFrame = true
        var commands: [SAMCommand] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    public init(id: String, devicePath: String, bytesPerSecond: Int = 11_520) {
        self.id = id
        line = PseudoTerminalPeer(devicePath: devicePath, label: "reader.\(id)")
        self.bytesPerSecond = bytesPerSecond
        state = Mutex(State())
    }

    // MARK: Controls

    public var isPlugged: Bool { line.isPlugged }
    public var card: Identity? { state.withLock { $0.card } }
    public var fault: Fault { state.withLock { $0.fault } }
    /// Commands received so far, for tests.
    public var commands: [SAMCommand] { state.withLock { $0.commands } }

    /// Returns once the reader has received at least `count` commands in all.
    public func waitForCommands(count: Int) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { s in
                if s.commands.count >= count { return true }
                s.waiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Lays a card on the reader (again: a card lifted and put back reads again).
    public func place(_ identity: Identity) { state.withLock { $0.card = identity; $0.cardRead = false } }
    public func remove() { state.withLock { $0.card = nil; $0.cardRead = false } }
    public func setFault(_ fault: Fault) { state.withLock { $0.fault = fault } }
    /// SW3 the SAM answers a status check with (0x90 fine, 0x60 self-test failed…).
    public func setSAMStatus(_ code: UInt8) { state.withLock { $0.samStatus = code } }
    /// An older module without `61 FF` answers it 0x21 (unknown command).
    public func setKnowsMaximumRFFrame(_ knows: Bool) { state.withLock { $0.knowsMaximumRFFrame = knows } }

    /// Connects the reader: a new pseudo-terminal behind `devicePath`.
    public func plug() throws {
        state.withLock { $0.pending = [] }
        try line.plug { [weak self] bytes, master in self?.received(bytes, on: master) }
    }

    public func unplug() { line.unplug() }

    // MARK: The reader's side of the line

    private func received(_ bytes: [UInt8], on master: Int32) {
        state.withLock { $0.pending += bytes }
        while let frame = nextCommand() {
            answer(frame, on: master)
        }
    }

    /// The next whole command frame from the host; junk before a preamble is dropped.
    private func nextCommand() -> [UInt8]? {
        state.withLock { s in
            while s.pending.count >= 5 && Array(s.pending.prefix(5)) != SAMFrame.preamble { s.pending.removeFirst() }
            guard let total = SAMFrame.expectedLength(s.pending), s.pending.count >= total else { return nil }
            let frame = Array(s.pending.prefix(total))
            s.pending.removeFirst(total)
            return frame
        }
    }

    private func answer(_ frame: [UInt8], on master: Int32) {
        let body = Array(frame[7..<(frame.count - 1)])
        let checksum = frame[5..<(frame.count - 1)].reduce(0, ^)
        let reply: SAMFrame.Reply
        var fault = Fault.none
        if checksum != frame.last {
            reply = SAMFrame.Reply(sw3: 0x10)
        } else if body.count < 2 {
            reply = SAMFrame.Reply(sw3: 0x11)
        } else if let command = SAMCommand(cmd: body[0], para: body[1]) {
            let (answer, ready) = state.withLock { s -> (SAMFrame.Reply, [CheckedContinuation<Void, Never>]) in
                s.commands.append(command)
                fault = s.fault
                let count = s.commands.count
                let ready = s.waiters.filter { $0.count <= count }.map(\.continuation)
                s.waiters.removeAll { $0.count <= count }
                return (respond(to: command, &s), ready)
            }
            reply = answer
            ready.forEach { $0.resume() }  // the commands a test awaits have arrived
        } else {
            reply = SAMFrame.Reply(sw3: 0x21)
        }
        guard fault != .silent else { return }
        var bytes = reply.frame
        if fault == .noise { bytes = (0..<23).map { _ in UInt8.random(in: 0...255) } + bytes }
        if fault == .truncate { bytes = Array(bytes.prefix(bytes.count / 2)) }
        send(bytes, on: master)
    }

    private func respond(to command: SAMCommand, _ s: inout State) -> SAMFrame.Reply {
        switch command {
        case .resetSAM, .samID:
            return SAMFrame.Reply(sw3: 0x90, data: command == .samID ? Array(repeating: 0x11, count: 16) : [])
        case .samStatus:
            return SAMFrame.Reply(sw3: s.samStatus)
        case .findCard:
            guard s.samStatus == 0x90 else { return SAMFrame.Reply(sw3: s.samStatus) }
            guard s.card != nil, !s.cardRead else { return SAMFrame.Reply(sw3: 0x80) }
            return SAMFrame.Reply(sw3: 0x9F, data: [0, 0, 0, 0])
        case .selectCard:
            guard s.card != nil else { return SAMFrame.Reply(sw3: 0x81) }
            return SAMFrame.Reply(sw3: 0x90, data: [UInt8](repeating: 0, count: 8))
        case .readText, .readTextWithFingerprint:
            guard let card = s.card else { return SAMFrame.Reply(sw3: 0x41) }
            s.cardRead = true
            return SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(card, withFingerprint: command == .readTextWithFingerprint))
        case .readAppendedAddress:
            return SAMFrame.Reply(sw3: 0x91)
        case .setMaximumRFFrame:
            return SAMFrame.Reply(sw3: s.knowsMaximumRFFrame ? 0x90 : 0x21)
        }
    }

    /// Writes at the line rate, as a UART would deliver it.
    private func send(_ bytes: [UInt8], on master: Int32) {
        let chunk = 64
        let pause = UInt32(1_000_000 * chunk / max(bytesPerSecond, 1))
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            let written = bytes[offset..<end].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
            if offset < bytes.count { usleep(pause) }
        }
    }
}
