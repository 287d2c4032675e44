import DeviceSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// The simulators' line: what the host writes reaches the simulated device, its answer
/// reaches the host, and unplugging takes the device link away.
struct PseudoTerminalPeerTests {
    @Test func bytesGoBothWaysAndUnpluggingRemovesTheLink() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-pty-\(UUID().uuidString)/device").path
        let peer = PseudoTerminalPeer(devicePath: path, label: "test")
        let (stream, received) = AsyncStream<[UInt8]>.makeStream()
        try peer.plug { bytes, master in
            received.yield(bytes)
            var answer: [UInt8] = [0x12]
            _ = write(master, &answer, 1)
        }
        #expect(peer.isPlugged && PresenceWatch.exists(path))

        let host = DeviceNode(path: path)
        let fd = try host.open(flags: O_RDWR | O_NOCTTY).fd
        try host.write(fd, [0x10, 0x04, 0x01], until: .now + .seconds(5), doing: "writing", timedOut: .timeout(path))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == [0x10, 0x04, 0x01], "the device got exactly what the host wrote (raw line)")
        try host.wait(fd, for: Int16(POLLIN), until: .now + .seconds(5), doing: "reading", timedOut: .timeout(path))
        #expect(try host.readAvailable(fd, doing: "reading") == [0x12])

        peer.unplug()
        #expect(!peer.isPlugged && !PresenceWatch.exists(path), "the link is gone with the cable")
        #expect(throws: DeviceFault.notConnected(path)) {
            host.close()
            _ = try host.open(flags: O_RDWR | O_NOCTTY)
        }
    }
}
