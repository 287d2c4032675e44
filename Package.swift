// swift-tools-version: 6.2
// OneVisit: kiosk and intake daemon for a government service hall (只跑一次).
// Layers depend only downward: C shims → Devices (+ DeviceSupport, shared by them) → IntakeCore → IntakeStore → HallServer → executables.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "OneVisit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onevisitd", targets: ["onevisitd"]),
        .executable(name: "onevisit", targets: ["onevisit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Already under swift-configuration's YAML trait; the API document's test reads it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shims: system libraries from Debian's -dev packages.
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // libzint ships no pkg-config file: the header and library are on the default paths.
        .systemLibrary(name: "CZint", providers: [.apt(["libzint-dev"])]),
        .systemLibrary(name: "CCups", providers: [.apt(["libcups2-dev"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        // libudev's monitor: hotplug of device nodes by kernel uevents.
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // C shim: libjpeg (libjpeg62-turbo-dev) with its setjmp error handling kept on the C side.
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        // C shim: Linux interfaces Swift cannot import directly (pseudo-terminals, ioctl macros).
        .target(name: "CLinuxIO", cSettings: [.define("_GNU_SOURCE")]),
        // Devices: what every device kind shares: the simulators' pseudo-terminal peer, the
        // open–read–reopen loop with backoff, the device state machine, one error vocabulary, hotplug.
        .target(
            name: "DeviceSupport",
            dependencies: ["CLinuxIO", "CUdev", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict),
        // Devices: one claimed USB interface with bulk transfers, shared by printer and reader transports.
        .target(name: "USBAccess", dependencies: ["CLibUSB"], swiftSettings: strict),
        // Devices: the ESC/POS codec (pure Swift: document model, encoder, status, parser).
        .target(name: "EscPos", swiftSettings: strict),
        // Devices: the ID card reader's SAM protocol (pure Swift: frames, status, card layouts, numbers).
        .target(name: "IDCard", swiftSettings: strict),
        // Devices: ID card readers (serial transport, reader loop, simulator).
        .target(
            name: "IDReaders",
            dependencies: [
                "IDCard", "CLinuxIO", "USBAccess", "DeviceSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // Devices: evaluation keypads (evdev, hidraw, serial; decoder, driver loop, simulator).
        .target(
            name: "Keypads",
            dependencies: [
                "CLinuxIO", "DeviceSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // Devices: document cameras (JPEG frames and Huffman tables, YUYV, format choice, capture, simulator).
        .target(
            name: "Cameras",
            dependencies: ["CJPEG", "CLinuxIO", "DeviceSupport", "PaperRendering", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Devices: paper-roll rendering of ESC/POS (CJK font, QR modules, barcodes, PNG).
        .target(name: "PaperRendering", dependencies: ["EscPos", "CFreeType", "CPNG", "CQREncode", "CZint"], swiftSettings: strict),
        // Devices: ticket printers (transports, print queue, status, simulator).
        .target(
            name: "Printers",
            dependencies: [
                "EscPos", "PaperRendering", "CLinuxIO", "CCups", "USBAccess", "DeviceSupport",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // Pure domain: catalog, bundles, queues, tickets, windows. No I/O, no clock reads.
        .target(name: "IntakeCore", swiftSettings: strict),
        // Persistence on the system SQLite through GRDB (WAL, migrations).
        .target(
            name: "IntakeStore",
            dependencies: [
                "IntakeCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // HTTP API, display board stream, web pages, configuration, demo hall data.
        .target(
            name: "HallServer",
            dependencies: [
                "IntakeCore", "IntakeStore", "EscPos", "PaperRendering", "Printers", "IDCard", "IDReaders", "Keypads", "Cameras", "DeviceSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // The SMS gateway's webhook (notifications).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources/demo"), .copy("Resources/web"), .copy("Resources/api")],
            swiftSettings: strict),
        // The daemon.
        .executableTarget(
            name: "onevisitd",
            dependencies: [
                "HallServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The CLI for clerks and technicians.
        .executableTarget(
            name: "onevisit",
            dependencies: [
                "IntakeCore", "IntakeStore", "HallServer", "EscPos", "PaperRendering", "Printers", "IDCard", "IDReaders", "Keypads", "Cameras",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict),
        // Figures for the printer path: encode time and size of a ticket, kiosk → printer latency.
        .executableTarget(
            name: "print-benchmark",
            dependencies: ["EscPos", "PaperRendering", "Printers", "HallServer", "IntakeCore", "IntakeStore",
                           .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/PrintBenchmark", swiftSettings: strict),
        // Figures for the ID reader: card placed → identity, against the line time at 115200 baud.
        .executableTarget(
            name: "idreader-benchmark",
            dependencies: ["IDCard", "IDReaders", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/IDReaderBenchmark", swiftSettings: strict),
        // Figures for the keypads: key press → review stored.
        .executableTarget(
            name: "keypad-benchmark",
            dependencies: ["Keypads", "HallServer", "IntakeCore", "IntakeStore", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/KeypadBenchmark", swiftSettings: strict),
        // Figures for the document cameras: capture → stored and attached, storage per page.
        .executableTarget(
            name: "material-benchmark",
            dependencies: ["Cameras", "HallServer", "IntakeCore", "IntakeStore", .product(name: "Logging", package: "swift-log"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/MaterialBenchmark", swiftSettings: strict),
        // Helpers the test targets share: zbar, the CUPS test queues.
        .target(name: "TestSupport", dependencies: ["Printers", "PaperRendering", "IDCard"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "IDCardTests", dependencies: ["IDCard"], swiftSettings: strict),
        .testTarget(name: "DeviceSupportTests", dependencies: ["DeviceSupport"], swiftSettings: strict),
        .testTarget(name: "CamerasTests", dependencies: ["Cameras", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KeypadsTests",
            dependencies: ["Keypads", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "IDReadersTests",
            dependencies: ["IDReaders", "IDCard", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "EscPosTests", dependencies: ["EscPos", "PaperRendering", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "PrintersTests",
            dependencies: ["Printers", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeCore", "HallServer"], swiftSettings: strict),
        .testTarget(name: "IntakeStoreTests", dependencies: ["IntakeStore", "HallServer", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "HallServerTests",
            dependencies: [
                "HallServer", "EscPos", "Printers", "PaperRendering", "IDCard", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
    ]
)

// Coverage-guided libFuzzer targets, one per decoder of outside bytes (Fuzz/README.md). They
// are in the manifest only when scripts/fuzz builds them (ONEVISIT_FUZZ=1, with
// -sanitize=fuzzer,address): they link libFuzzer's driver, which a normal build lacks.
if Context.environment["ONEVISIT_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support", swiftSettings: strict))
    let fuzzed: [(name: String, decoder: [Target.Dependency])] = [
        ("sam-frame", ["IDCard"]), ("card-text", ["IDCard"]),
        ("escpos-parser", ["EscPos"]), ("escpos-render", ["PaperRendering"]),
        ("keypad-evdev", ["Keypads"]), ("keypad-hidraw", ["Keypads"]), ("keypad-serial", ["Keypads"]),
        ("jpeg-frame", ["Cameras"]),
        ("catalog", ["IntakeCore"]), ("hall", ["IntakeCore"]), ("devices", ["HallServer", "IntakeCore"]),
    ]
    // Writes the seed corpus from the encoders the simulators use (scripts/fuzz seeds).
    package.targets.append(.executableTarget(name: "fuzz-seeds", dependencies: ["IDCard", "EscPos", "Keypads", "Cameras"],
                                             path: "Fuzz/Seeds", swiftSettings: strict))
    for target in fuzzed {
        package.targets.append(.executableTarget(name: "fuzz-" + target.name, dependencies: ["FuzzSupport"] + target.decoder,
                                                 path: "Fuzz/Targets/" + target.name, swiftSettings: strict))
    }
}
