import Foundation
import Keypads
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(5)))
/// The three keypad protocols decoded from bytes alone, split and joined as reads deliver them.
struct KeypadDecoderTests {
    /// One `struct input_event` as 64-bit Linux writes it.
    static func event(type: UInt16, code: UInt16, value: Int32, second: UInt64 = 1_764_000_000) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        return le(second) + le(UInt64(250_000)) + le(type) + le(code) + le(value)
    }

    static func keyStroke(_ code: UInt16) -> [UInt8] {
        event(type: 4, code: 4, value: 0x7001E) + event(type: 1, code: code, value: 1) + event(type: 0, code: 0, value: 0)
            + event(type: 1, code: code, value: 2) + event(type: 1, code: code, value: 0) + event(type: 0, code: 0, value: 0)
    }

    @Test func evdevPressesAreKeyDownsOnly() {
        var decoder = KeypadDecoder(.evdev(.standard))
        let (keys, malformed) = decoder.feed(Self.keyStroke(2) + Self.keyStroke(6))
        #expect(malformed.isEmpty)
        #expect(keys == [DecodedKey(level: 5, raw: "key 2"), DecodedKey(level: 1, raw: "key 6")])
    }

    @Test func evdevRecordSplitAcrossReads() {
        var decoder = KeypadDecoder(.evdev(.standard))
        let bytes = Self.keyStroke(4)
        var levels: [Int?] = []
        for start in stride(from: 0, to: bytes.count, by: 7) {
            levels += decoder.feed(Array(bytes[start..<min(start + 7, bytes.count)])).keys.map(\.level)
        }
        #expect(levels == [3])
    }

    @Test func evdevUnknownKeyIsReportedNotGuessed() {
        var decoder = KeypadDecoder(.evdev(.standard))
        let keys = decoder.feed(Self.keyStroke(30)).keys  // KEY_A
        #expect(keys == [DecodedKey(level: nil, raw: "key 30")])
    }

    static let hid = HidReportMap(reportLength: 3, reports: [[0x01, 0x10]: 5, [0x01, 0x08]: 4, [0x01, 0x04]: 3, [0x01, 0x02]: 2, [0x01, 0x01]: 1])

    @Test func hidReportsWithReleasesBetween() {
        var decoder = KeypadDecoder(.hidraw(Self.hid))
        // One read, one report, as hidraw hands them over; several whole reports in one read split.
        let keys = decoder.feed([0x01, 0x10, 0x00]).keys + decoder.feed([0x01, 0x00, 0x00, 0x01, 0x01, 0x00]).keys
        #expect(keys.map(\.level) == [5, 1])
        #expect(keys.first?.raw == "report 01 10 00")
        #expect(decoder.feed([0x01, 0x40, 0x00]).keys == [DecodedKey(level: nil, raw: "report 01 40 00")])
    }

    @Test func hidReportOfAnotherLengthDoesNotShiftTheNextOnes() {
        var decoder = KeypadDecoder(.hidraw(Self.hid))
        #expect(decoder.feed([0x02, 0x01, 0x00, 0x00]).keys == [DecodedKey(level: nil, raw: "report 02 01 00 00")])
        #expect(decoder.feed([0x01, 0x08, 0x00]).keys.map(\.level) == [4])
    }

    @Test func serialFramesForSeveralAddressesWithNoise() {
        let map = SerialKeyMap.standard
        var decoder = KeypadDecoder(.serial(map))
        let bytes = [0x13, 0x37] + map.frame(address: 3, key: 0x01) + map.frame(address: 7, key: 0x05)
        let (keys, malformed) = decoder.feed(bytes)
        #expect(keys == [DecodedKey(level: 5, raw: "frame aa 03 01 02", address: 3), DecodedKey(level: 1, raw: "frame aa 07 05 02", address: 7)])
        #expect(malformed == [MalformedKeypadInput(bytes: 2, reason: "bytes before a frame header")])
    }

    @Test func serialFrameWithBadCheckIsDroppedAndTheNextOneRead() {
        let map = SerialKeyMap.standard
        var decoder = KeypadDecoder(.serial(map))
        let (keys, malformed) = decoder.feed([0xAA, 0x03, 0x02, 0x00] + map.frame(address: 3, key: 0x02))
        #expect(keys.map(\.level) == [4])
        #expect(malformed.contains { $0.reason.contains("check byte") })
    }

    @Test func serialFrameCutInTwo() {
        let map = SerialKeyMap.standard
        var decoder = KeypadDecoder(.serial(map))
        let frame = map.frame(address: 2, key: 0x03)
        #expect(decoder.feed(Array(frame.prefix(2))).keys.isEmpty)
        #expect(decoder.feed(Array(frame.dropFirst(2))).keys.map(\.level) == [3])
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator()
        for kind in [KeypadProtocol.evdev(.standard), .hidraw(Self.hid), .serial(.standard)] {
            var decoder = KeypadDecoder(kind)
            for _ in 0..<2000 {
                let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                for key in decoder.feed(bytes).keys { #expect(key.level == nil || (1...5).contains(key.level!), "seed \(rng.seed), bytes \(bytes)") }
            }
        }
    }

    /// The input libFuzzer flagged as a timeout (Fuzz/Found/keypad-serial-timeout-6153): a
    /// stream of header bytes with frames cut between them. It decodes in milliseconds; the
    /// fuzzer's ten-second alarm had fired while a parallel CI build starved the niced run.
    /// Read whole or a byte at a time, it gives the same keys and no more than its frames.
    @Test func serialInputTheFuzzerFlaggedDecodesTheSameInAnyCuts() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/Found/keypad-serial-timeout-6153")
        let bytes = [UInt8](try Data(contentsOf: url))
        let map = SerialKeyMap.standard
        var whole = KeypadDecoder(.serial(map)), bytewise = KeypadDecoder(.serial(map))
        let keys = whole.feed(bytes).keys
        let keysByByte = bytes.flatMap { bytewise.feed([$0]).keys }
        #expect(keys == keysByByte)
        #expect(keys.count <= bytes.count / map.frameLength)
    }

    @Test func hexParsing() {
        #expect(parseHexBytes("01 05") == [1, 5])
        #expect(parseHexBytes("0x01,0xFF") == [1, 255])
        #expect(parseHexBytes("0") == nil)
        #expect(parseHexBytes("zz") == nil)
    }
}
