import EscPos
import Testing

@Suite("ESC/POS parser: malformed streams are reported, never crash", .timeLimit(.minutes(5)))
struct EscPosParserTests {
    @Test func encoderOutputParsesBackWithoutProblems() throws {
        let document = PrintDocument([
            .text("示例旗政务服务中心", .heading), .rule(), .pair("号码", "B001"),
            .qrCode("http://hall/t/1"), .code128("B001"), .image(Raster(width: 16, height: 2)), .feed(2), .cut(),
        ])
        let out = try EscPosEncoder().encode(document)
        let parsed = EscPosParser().parse(out.bytes)
        #expect(parsed.problems == [])
        let operations = parsed.operations.map(\.operation)
        #expect(operations.contains(.text("示例旗政务服务中心")))
        #expect(operations.contains(.qrStore(Array("http://hall/t/1".utf8))))
        #expect(operations.contains(.barcode(system: 73, data: Array("{BB001".utf8))))
        #expect(operations.contains(.cut(partial: true)))
        #expect(operations.contains(.raster(Raster(width: 16, height: 2))))
    }

    @Test func unknownCommandIsReportedWithItsOffset() {
        let parsed = EscPosParser().parse([0x1B, 0x40, 0x41, 0x1B, 0x7A, 0x42, 0x0A])
        #expect(parsed.problems == [StreamProblem(offset: 3, message: "unknown command ESC 0x7A")])
        #expect(parsed.operations.map(\.operation) == [.initialize, .text("A"), .text("B"), .lineFeed])
    }

    @Test func truncatedCommandsAreReportedAndParsingStops() {
        let qr = EscPosParser().parse([0x41, 0x1D, 0x28, 0x6B, 0x20, 0x00, 0x31, 0x50])
        #expect(qr.problems.count == 1)
        #expect(qr.problems.first?.offset == 1)
        #expect(qr.problems.first?.message.contains("cut off") == true)
        let raster = EscPosParser().parse([0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x10, 0x00, 0xFF])
        #expect(raster.problems.first?.message.contains("GS v 0") == true)
        let lone = EscPosParser().parse([0x1B])
        #expect(lone.problems == [StreamProblem(offset: 0, message: "ESC is cut off: it needs 2 bytes, the stream has 1 left")])
    }

    @Test func chineseBytesOutsideChineseModeAreFlaggedOncePerRun() {
        let parsed = EscPosParser().parse([0x41, 0xD5, 0xC5, 0x42, 0xB0])
        #expect(parsed.problems.map(\.offset) == [1, 4])
        #expect(parsed.problems.first?.message.contains("2 bytes") == true)
        #expect(parsed.problems.allSatisfy { $0.message.contains("outside Chinese mode") })
        #expect(parsed.operations.map(\.operation) == [.text("A??B?")])
        // A binary file sent to the printer: one problem, not one per byte.
        let binary = EscPosParser().parse([UInt8](repeating: 0xE9, count: 5000))
        #expect(binary.problems.count == 1)
    }

    @Test func invalidDoubleByteIsFlagged() {
        let parsed = EscPosParser().parse([0x1C, 0x26, 0x81, 0x20, 0x1C, 0x2E])
        #expect(parsed.problems.map(\.offset) == [2])
    }

    @Test func statusRequestsAreRecognised() {
        let parsed = EscPosParser().parse([0x10, 0x04, 0x04, 0x10, 0x04, 0x09])
        #expect(parsed.operations.map(\.operation) == [.statusRequest(.paper)])
        #expect(parsed.problems == [StreamProblem(offset: 3, message: "DLE EOT with unknown argument 0x09")])
    }

    /// Random and mutated streams: the parser must finish on each with offsets in range.
    @Test func randomAndMutatedStreamsNeverTrap() throws {
        var generator = SplitMix(seed: 2026)
        let valid = try EscPosEncoder().encode(PrintDocument([.text("新生儿出生", .heading), .qrCode("x"), .code128("A1"), .cut()])).bytes
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                bytes = valid
                for _ in 0..<(1 + Int(generator.next() % 6)) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1))))
            }
            let parsed = EscPosParser().parse(bytes)
            #expect(parsed.problems.allSatisfy { $0.offset >= 0 && $0.offset < max(bytes.count, 1) })
        }
    }
}

/// A small fixed-seed generator so a failing stream can be reproduced.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
