import Cameras
import DeviceSupport
import Foundation
import Synchronization

/// The document cameras (高拍仪) at the windows: a V4L2 camera each, or with `--simulate` a
/// simulated one. A capture blocks on the device, so it runs on a queue of its own.
public final class HallCameras: Sendable {
    public struct Camera: Sendable {
        public let entry: CameraEntry
        public let camera: any StillCamera
        public let simulator: SimulatedCamera?
    }

    public let cameras: [Camera]
    /// One queue per camera: a camera that hangs holds up only its own window.
    private let queues: [String: DispatchQueue]
    private let stats = Mutex<[String: Stats]>([:])

    /// A camera opens only for a capture: its state is its last capture's, or absent while
    /// its node is gone (looked at for every report, so a replug shows at once).
    private struct Stats {
        var captures = 0
        var failures = 0
        var condition = DeviceCondition()
    }

    public static let none = HallCameras(cameras: [])

    public init(cameras: [Camera]) {
        self.cameras = cameras
        queues = Dictionary(cameras.map { ($0.entry.id, DispatchQueue(label: "onevisit.camera.\($0.entry.id)")) }, uniquingKeysWith: { a, _ in a })
    }

    public static func make(settings: DeviceSettings, simulate: Bool) -> HallCameras {
        HallCameras(cameras: settings.cameras.map { entry in
            if simulate {
                let simulator = SimulatedCamera(id: entry.id)
                return Camera(entry: entry, camera: simulator, simulator: simulator)
            }
            let camera: any StillCamera = if let name = entry.name {
                NamedV4L2Camera(name: name, settleFrames: entry.settleFrames ?? 5, timeoutMilliseconds: Int32(entry.timeoutMilliseconds ?? 3000))
            } else {
                V4L2Camera(path: entry.device ?? "", settleFrames: entry.settleFrames ?? 5, timeoutMilliseconds: Int32(entry.timeoutMilliseconds ?? 3000))
            }
            return Camera(entry: entry, camera: camera, simulator: nil)
        })
    }

    public func camera(window: String) -> Camera? { cameras.first { $0.entry.window == window } }

    /// Takes a still at the window's camera.
    public func capture(window: String) async throws(CameraError) -> CapturedStill {
        guard let camera = camera(window: window) else { throw .notConnected("window \(window)") }
        guard camera.entry.drive != false else { throw .busy("left to another client (\"drive\": false in the devices file)") }
        stats.withLock { $0[camera.entry.id, default: Stats()].condition.working() }
        let queue = queues[camera.entry.id] ?? DispatchQueue.global()
        let result: Result<CapturedStill, CameraError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(CameraError) {
                    var still = try camera.camera.captureStill()
                    if let crop = camera.entry.crop { still = try crop.apply(to: still) }
                    continuation.resume(returning: .success(still))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        stats.withLock { s in
            var entry = s[camera.entry.id, default: Stats()]
            switch result {
            case .success:
                entry.captures += 1
                entry.condition.reached()
                entry.condition.clearError()
            case .failure(let e):
                entry.failures += 1
                entry.condition.failed(e)
            }
            s[camera.entry.id] = entry
        }
        return try result.get()
    }

    public struct Report: Codable, Sendable {
        public var id: String
        public var window: String
        public var location: String
        public var simulated: Bool
        /// False for a camera left to another client (`"drive": false`).
        public var driven: Bool
        /// `absent`, `ready`, `busy`, `degraded` or `failed` (``DeviceState``), and why.
        public var state: String
        public var stateReason: String?
        public var captures: Int
        public var failures: Int
        public var lastError: String?
    }

    public func reports() -> [Report] {
        cameras.map { c in
            let st = look(at: c)
            return Report(id: c.entry.id, window: c.entry.window, location: c.camera.location, simulated: c.simulator != nil,
                          driven: c.entry.drive != false, state: st.condition.state.name, stateReason: st.condition.state.reason,
                          captures: st.captures, failures: st.failures, lastError: st.condition.lastError)
        }
    }

    /// A video node came or went (a uevent): every camera looks at its node now. The
    /// cameras whose state changed, for the log.
    public func lookAgain() -> [(id: String, state: DeviceState)] {
        cameras.compactMap { c in
            let before = stats.withLock { $0[c.entry.id]?.condition.state }
            let now = look(at: c).condition.state
            return now != before ? (c.entry.id, now) : nil
        }
    }

    /// The camera's stats with its state brought up to date with its node.
    private func look(at c: Camera) -> Stats {
        let present = c.camera.isPresent
        return stats.withLock { s in
            var entry = s[c.entry.id, default: Stats()]
            if !present {
                entry.condition.failed(CameraError.notConnected(c.camera.location))
            } else if c.entry.drive == false {
                entry.condition.observed(present: true)
            } else if entry.condition.state == .absent {
                entry.condition.reached()  // plugged back: the old "not connected" goes
            }
            s[c.entry.id] = entry
            return entry
        }
    }
}

/// A document camera in the devices file: `{"id": "window-3", "window": "3", "device":
/// "/dev/v4l/by-id/usb-…-video-index0"}`; dual-lens units list the document lens's node.
public struct CameraEntry: Sendable, Equatable, Decodable {
    public var id: String
    public var window: String
    public var device: String?
    /// Or the lens by its card name (VIDIOC_QUERYCAP), for dual-lens units: `"Document"`.
    public var name: String?
    /// Frames thrown away while exposure settles (default 5).
    public var settleFrames: Int?
    public var timeoutMilliseconds: Int?
    /// The page area of the camera's base, `{"x": 120, "y": 80, "width": 2900, "height": 2200}`.
    public var crop: PageCrop?
    /// False: watched but never opened, left to another client (`"drive": false`).
    public var drive: Bool?

    public init(id: String, window: String, device: String? = nil) { self.id = id; self.window = window; self.device = device }
}

/// A V4L2 camera found by its card name at every capture.
struct NamedV4L2Camera: StillCamera {
    let name: String
    let settleFrames: Int
    let timeoutMilliseconds: Int32

    var location: String { "v4l2 card \"\(name)\"" }
    var isPresent: Bool { V4L2Camera.node(named: name) != nil }

    func captureStill() throws(CameraError) -> CapturedStill {
        guard let path = V4L2Camera.node(named: name) else { throw .notConnected("a video node whose card is named \"\(name)\"") }
        return try V4L2Camera(path: path, settleFrames: settleFrames, timeoutMilliseconds: timeoutMilliseconds).captureStill()
    }
}
