/// Why a capture failed, in words the clerk or technician can act on.
public enum CameraError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConnected(String)
    case busy(String)
    case permissionDenied(String)
    case notACaptureDevice(String)
    case noSupportedFormat(String)
    case disconnected(String)
    case timeout(String)
    case notJPEG(String)
    case undecodable(String)
    case io(String)

    public var description: String {
        switch self {
        case .notConnected(let p): "no camera at \(p) (unplugged, or a wrong path in the devices file)"
        case .busy(let p): "\(p) is in use by another program (close the vendor's capture tool)"
        case .permissionDenied(let p): "no permission to open \(p): install udev/60-onevisit.rules or add the daemon's user to the video group"
        case .notACaptureDevice(let p): "\(p) cannot capture video frames (a metadata node of the camera? try the other /dev/video node)"
        case .noSupportedFormat(let s): "the camera offers neither MJPEG nor YUYV: \(s)"
        case .disconnected(let s): "camera unplugged during the capture: \(s)"
        case .timeout(let s): "no frame from the camera: \(s)"
        case .notJPEG(let s): "the frame is not a valid JPEG: \(s)"
        case .undecodable(let s): "the frame does not decode: \(s)"
        case .io(let s): s
        }
    }
}
