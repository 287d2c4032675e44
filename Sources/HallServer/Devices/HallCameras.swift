import Cameras
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
    private let stats = Mutex<[String: (captures: Int, failures: Int, lastError: String?)]>([:])

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
        guard let camera = camera(window: window) else { throw .notConnected("window \(window) has no document camera") }
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
            var entry = s[camera.entry.id] ?? (0, 0, nil)
            switch result {
            case .success: entry.captures += 1; entry.lastError = nil
            case .failure(let e): entry.failures += 1; entry.lastError = e.description
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
        public var captures: Int
        public var failures: Int
        public var lastError: String?
    }

    public func reports() -> [Report] {
        let s = stats.withLock { $0 }
        return cameras.map { c in
            let st = s[c.entry.id]
            return Report(id: c.entry.id, window: c.entry.window, location: c.camera.location, simulated: c.simulator != nil,
                          captures: st?.captures ?? 0, failures: st?.failures ?? 0, lastError: st?.lastError)
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

    public init(id: String, window: String, device: String? = nil) { self.id = id; self.window = window; self.device = device }
}

/// A V4L2 camera found by its card name at every capture.
struct NamedV4L2Camera: StillCamera {
    let name: String
    let settleFrames: Int
    let timeoutMilliseconds: Int32

    var location: String { "v4l2 card \"\(name)\"" }

    func captureStill() throws(CameraError) -> CapturedStill {
        guard let path = V4L2Camera.node(named: name) else { throw .notConnected("no video node whose card is named \"\(name)\"") }
        return try V4L2Camera(path: path, settleFrames: settleFrames, timeoutMilliseconds: timeoutMilliseconds).captureStill()
    }
}
