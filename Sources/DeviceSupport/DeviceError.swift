/// An error of one device kind: the shared connection faults plus the kind's own cases.
/// The kind's enum has a `device(DeviceFault)` case; the shared cases read as its own
/// (`throw .notConnected(path)`), so every kind words and codes them alike.
public protocol DeviceError: Error, Sendable, Equatable, CustomStringConvertible {
    static func device(_ fault: DeviceFault) -> Self
    /// The connection fault, when the error is one.
    var fault: DeviceFault? { get }
    /// A short reason code for the API.
    var code: String { get }
}

extension DeviceError {
    public static func notConnected(_ s: String) -> Self { device(.notConnected(s)) }
    public static func disconnected(_ s: String) -> Self { device(.disconnected(s)) }
    public static func permissionDenied(_ s: String) -> Self { device(.permissionDenied(s)) }
    public static func busy(_ s: String) -> Self { device(.busy(s)) }
    public static func timeout(_ s: String) -> Self { device(.timeout(s)) }
    public static func io(_ s: String) -> Self { device(.io(s)) }
}

extension DeviceError {
    /// Runs `body` with its device fault worded as this kind's error.
    public static func lifting<T>(_ body: () throws(DeviceFault) -> T) throws(Self) -> T {
        do { return try body() } catch { throw .device(error) }
    }
}
