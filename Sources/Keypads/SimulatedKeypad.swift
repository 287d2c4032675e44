import CLinuxIO
import Foundation
import Glibc
import Synchronization

/// A serial keypad simulated behind a pseudo-terminal: a press writes the frame the key
/// map gives for that level and address, exactly as an RS-485 keypad does, so the driver
/// reads it through the same ``KeypadDevice`` and ``KeypadDecoder`` as a real one. It can be
/// unplugged (the pseudo-terminal closed and its device link removed) and plugged back
/// at the same link, and it records what the driver sends it (prompt frames).
public final class SimulatedKeypad: Sendable {
    public let id: String
    public let devicePath: String
    public let map: SerialKeyMap
    public let address: UInt8
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var master: Int32 = -1
        var keepalive: Int32 = -1
        var received: [UInt8] = []
    }

    public init(id: String, devicePath: String, map: SerialKeyMap = .standard, address: UInt8) {
        self.id = id
        self.devicePath = devicePath
        self.map = map
        self.address = address
        state = Mutex(State())
    }

    deinit { unplug() }

    public var isPlugged: Bool { state.withLock { $0.master >= 0 } }

    public func plug() throws {
        try state.withLock { s throws in
            guard s.master < 0 else { return }
            let (master, keepalive) = try makeLine()
            s.master = master
            s.keepalive = keepalive
        }
    }

    private func makeLine() throws -> (Int32, Int32) {
        try FileManager.default.createDirectory(atPath: (devicePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var name = [CChar](repeating: 0, count: 128)
        let master = clinuxio_open_pty(&name, name.count)
        guard master >= 0 else { throw KeypadError.io("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))") }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Held open so a press made before the driver opens the line is not lost.
        let keepalive = Glibc.open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        if keepalive >= 0 { _ = clinuxio_serial_raw(keepalive, 9600) }
        try? FileManager.default.removeItem(atPath: devicePath)
        do {
            try FileManager.default.createSymbolicLink(atPath: devicePath, withDestinationPath: slavePath)
        } catch {
            Glibc.close(master)
            if keepalive >= 0 { Glibc.close(keepalive) }
            throw error
        }
        return (master, keepalive)
    }

    public func unplug() {
        state.withLock { s in
            guard s.master >= 0 else { return }
            try? FileManager.default.removeItem(atPath: devicePath)
            Glibc.close(s.master)
            if s.keepalive >= 0 { Glibc.close(s.keepalive) }
            s.master = -1
            s.keepalive = -1
        }
    }

    /// Presses the key of `level` (1…5).
    public func press(level: Int) throws {
        guard let key = map.key(for: level) else { throw KeypadError.io("the key map has no key for level \(level)") }
        try send(map.frame(address: address, key: key))
    }

    /// Writes raw bytes on the line (noise, broken frames, other addresses).
    public func send(_ bytes: [UInt8]) throws {
        // Under the lock: an unplug cannot close the line between the check and the write.
        let written: Int? = state.withLock { s in
            guard s.master >= 0 else { return nil }
            return bytes.withUnsafeBytes { Glibc.write(s.master, $0.baseAddress, $0.count) }
        }
        guard let written else { throw KeypadError.notConnected(devicePath) }
        guard written == bytes.count else { throw KeypadError.io("simulated keypad: short write") }
    }

    /// What the driver has written to the keypad so far (drained from the line).
    public func received() -> [UInt8] {
        state.withLock { s in
            guard s.master >= 0 else { return s.received }
            var chunk = [UInt8](repeating: 0, count: 256)
            while true {
                let n = Glibc.read(s.master, &chunk, chunk.count)
                guard n > 0 else { break }
                s.received += chunk.prefix(n)
            }
            return s.received
        }
    }
}
