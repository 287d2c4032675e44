import CUdev
import Foundation
import Synchronization

/// A device node that came or went, as udev passes the kernel's uevent on once its rules
/// have run (permissions set, `/dev/onevisit/…` links made; udev(7)).
public struct HotplugEvent: Sendable, Equatable {
    public enum Action: String, Sendable {
        case add, remove, change, bind, unbind, other
    }

    public var action: Action
    /// `usb`, `usbmisc` (usblp's `/dev/usb/lp0`), `tty`, `hidraw`, `input`, `video4linux`.
    public var subsystem: String
    /// `/dev/ttyUSB0`, when the device has a node.
    public var node: String?
    /// The node's other names (`/dev/onevisit/printer-kiosk-1`, `/dev/serial/by-id/…`).
    public var links: [String]

    public init(action: Action, subsystem: String, node: String?, links: [String] = []) {
        self.action = action; self.subsystem = subsystem; self.node = node; self.links = links
    }

    /// Whether the event is about `path` (a node or one of its links).
    public func names(_ path: String) -> Bool { node == path || links.contains(path) }
}

/// Hotplug through libudev's monitor (the `udev` source: events after udev's rules). Every
/// event of the watched subsystems goes to every subscriber; each driver decides whether it
/// concerns it. Subscribers that fall behind lose the oldest events, never the newest.
public final class HotplugMonitor: Sendable {
    /// The subsystems whose nodes the hall's devices live on.
    public static let deviceSubsystems = ["usb", "usbmisc", "tty", "hidraw", "input", "video4linux"]

    private let handle: MonitorHandle
    private let source: ReadSource
    private let subscribers = Subscribers()

    /// Starts listening; throws when there is no udev netlink to listen to (a container
    /// without it): the drivers' reopen loops still find devices, only later.
    public init(subsystems: [String] = HotplugMonitor.deviceSubsystems) throws(DeviceFault) {
        guard let udev = udev_new() else { throw .io("udev_new failed") }
        guard let monitor = udev_monitor_new_from_netlink(udev, "udev") else {
            udev_unref(udev)
            throw .io("no udev monitor (udev_monitor_new_from_netlink failed: \(String(cString: strerror(errno))))")
        }
        for subsystem in subsystems { udev_monitor_filter_add_match_subsystem_devtype(monitor, subsystem, nil) }
        guard udev_monitor_enable_receiving(monitor) >= 0 else {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw .io("the udev monitor does not receive: \(String(cString: strerror(errno)))")
        }
        handle = MonitorHandle(udev: udev, monitor: monitor)
        let read = DispatchSource.makeReadSource(fileDescriptor: udev_monitor_get_fd(monitor), queue: DispatchQueue(label: "onevisit.hotplug"))
        source = ReadSource(source: read)
        read.setEventHandler { [handle, subscribers] in
            // Drains every queued event: the source fires once for several.
            while let device = udev_monitor_receive_device(handle.monitor) {
                let event = HotplugMonitor.event(of: device)
                udev_device_unref(device)
                for continuation in subscribers.list.withLock({ Array($0.values) }) { continuation.yield(event) }
            }
        }
        read.setCancelHandler { [handle] in
            udev_monitor_unref(handle.monitor)
            udev_unref(handle.udev)
        }
        read.resume()
    }

    deinit { source.source.cancel() }

    /// Every event from now on, until the stream is dropped.
    public func events() -> AsyncStream<HotplugEvent> {
        let (stream, continuation) = AsyncStream<HotplugEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let token = UUID()
        subscribers.list.withLock { $0[token] = continuation }
        continuation.onTermination = { [subscribers] _ in _ = subscribers.list.withLock { $0.removeValue(forKey: token) } }
        return stream
    }

    private static func event(of device: OpaquePointer) -> HotplugEvent {
        func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        var links: [String] = []
        var entry = udev_device_get_devlinks_list_entry(device)
        while let current = entry {
            if let name = text(udev_list_entry_get_name(current)) { links.append(name) }
            entry = udev_list_entry_get_next(current)
        }
        let action = text(udev_device_get_action(device)).flatMap(HotplugEvent.Action.init(rawValue:)) ?? .other
        return HotplugEvent(action: action, subsystem: text(udev_device_get_subsystem(device)) ?? "",
                            node: text(udev_device_get_devnode(device)), links: links)
    }
}

/// The streams events go to, shared with the monitor's read handler.
private final class Subscribers: Sendable {
    let list = Mutex<[UUID: AsyncStream<HotplugEvent>.Continuation]>([:])
}

/// libudev's handles, touched only on the monitor's queue and in its cancel handler.
private struct MonitorHandle: @unchecked Sendable {
    let udev: OpaquePointer
    let monitor: OpaquePointer
}
