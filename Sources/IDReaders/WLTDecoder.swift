import Glibc
import Synchronization

/// The card photo is WLT, a format only the reader vendor's library decodes (devices.md
/// A.3: `libwlt2bmp.so`, `int unpack(char *wlt, char *bgr, int saveBmp)`). When a hall
/// configures that library it is loaded at run time; without it the photo stays an opaque
/// 1024-byte blob and everything else works.
public final class WLTDecoder: Sendable {
    public static let width = 102
    public static let height = 126

    typealias Unpack = @convention(c) (UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int32) -> Int32

    public let libraryPath: String
    /// Only passed to dlclose; the library itself is called under `lock`.
    private nonisolated(unsafe) let handle: UnsafeMutableRawPointer
    private let unpack: Unpack
    /// Vendor libraries are seldom thread-safe: one photo at a time.
    private let lock = Mutex(())

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case cannotLoad(String)
        case missingSymbol(String)
        case badPhoto(Int)
        case decoderRefused(Int32)

        public var description: String {
            switch self {
            case .cannotLoad(let reason): "cannot load the WLT decoder library: \(reason)"
            case .missingSymbol(let name): "the WLT decoder library has no function \(name)"
            case .badPhoto(let size): "a WLT photo has 1024 bytes, not \(size)"
            case .decoderRefused(let code): "the WLT decoder refused the photo (returned \(code))"
            }
        }
    }

    public init(libraryPath: String, symbol: String = "unpack") throws(Failure) {
        guard let handle = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL) else {
            throw .cannotLoad(dlerror().map { String(cString: $0) } ?? libraryPath)
        }
        guard let address = dlsym(handle, symbol) else {
            dlclose(handle)
            throw .missingSymbol(symbol)
        }
        self.libraryPath = libraryPath
        self.handle = handle
        unpack = unsafeBitCast(address, to: Unpack.self)
    }

    deinit { dlclose(handle) }

    /// The photo as 102×126 pixels, 3 bytes each in blue-green-red order, top row first.
    public func decode(_ wlt: [UInt8]) throws(Failure) -> [UInt8] {
        guard wlt.count == 1024 else { throw .badPhoto(wlt.count) }
        var source = wlt.map { CChar(bitPattern: $0) }
        // Generous room: some builds write a BMP header or padded rows first.
        var target = [CChar](repeating: 0, count: 40_000)
        let result = lock.withLock { _ in
            source.withUnsafeMutableBufferPointer { s in target.withUnsafeMutableBufferPointer { t in unpack(s.baseAddress, t.baseAddress, 0) } }
        }
        guard result == 1 else { throw .decoderRefused(result) }
        return Array(target.prefix(Self.width * Self.height * 3)).map { UInt8(bitPattern: $0) }
    }
}
