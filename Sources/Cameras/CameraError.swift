import DeviceSupport

/// Why a capture failed, in words the clerk or technician can act on. The connection
/// faults are the devices' shared ones (``DeviceFault``).
public enum CameraError: DeviceError {
    case device(DeviceFault)
    case notACaptureDevice(String)
    case noSupportedFormat(String)
    case notJPEG(String)
    case undecodable(String)

    public var fault: DeviceFault? { if case .device(let fault) = self { fault } else { nil } }

    public var code: String {
        switch self {
        case .device(let fault): fault.code
        case .notACaptureDevice: "not_a_capture_device"
        case .noSupportedFormat: "no_supported_format"
        case .notJPEG: "not_jpeg"
        case .undecodable: "undecodable"
        }
    }

    public var description: String {
        switch self {
        case .device(let fault): fault.description(for: "camera")
        case .notACaptureDevice(let p): "\(p) cannot capture video frames (a metadata node of the camera? try the other /dev/video node)"
        case .noSupportedFormat(let s): "the camera offers neither MJPEG nor YUYV: \(s)"
        case .notJPEG(let s): "the frame is not a valid JPEG: \(s)"
        case .undecodable(let s): "the frame does not decode: \(s)"
        }
    }
}
