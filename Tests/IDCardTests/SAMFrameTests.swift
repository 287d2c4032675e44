import IDCard
import Testing

@Suite("SAM protocol frames", .timeLimit(.minutes(5)))
struct SAMFrameTests {
    /// devices.md A.1: every command frame, checksums recomputed.
    @Test(arguments: [
        (SAMCommand.resetSAM, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x10, 0xFF, 0xEC]),
        (.samStatus, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x11, 0xFF, 0xED]),
        (.samID, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x12, 0xFF, 0xEE]),
        (.findCard, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22]),
        (.selectCard, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21]),
        (.readText, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32]),
        (.readAppendedAddress, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x03, 0x30]),
        (.readTextWithFingerprint, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x10, 0x23]),
        (.setMaximumRFFrame, [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x61, 0xFF, 0x50, 0xCA]),
    ] as [(SAMCommand, [UInt8])])
    func commandFrames(command: SAMCommand, golden: [UInt8]) {
        #expect(SAMFrame.command(command) == golden)
    }

    @Test func publishedRepliesDecode() throws {
        let find = try SAMFrame.decodeReply([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97])
        #expect(find.status == .cardFound)
        #expect(find.data == [0, 0, 0, 0])
        let select = try SAMFrame.decodeReply([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x0C, 0x00, 0x00, 0x90] + [UInt8](repeating: 0, count: 8) + [0x9C])
        #expect(select.status == .ok)
        #expect(SAMStatus(code: 0x80).description == "no card on the reader (SW3 0x80)")
    }

    /// The published read-reply sizes: 1295 for 30 01; 1297, 1809, 2321 for 30 10.
    @Test func readReplySizes() throws {
        var identity = SampleCards.resident
        let plain = SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(identity, withFingerprint: false)).frame
        #expect(plain.count == 1295)
        #expect(Array(plain.prefix(14)) == [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00])
        for (fingerprint, size) in [(0, 1297), (512, 1809), (1024, 2321)] {
            identity.fingerprint = [UInt8](repeating: 0x5A, count: fingerprint)
            let frame = SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData(identity, withFingerprint: true)).frame
            #expect(frame.count == size)
            let parsed = try IdentityParser.identity(fromReadData: try SAMFrame.decodeReply(frame).data, withFingerprint: true)
            #expect(parsed.fingerprint?.count == (fingerprint == 0 ? nil : fingerprint))
        }
    }

    @Test func brokenFramesAreTypedErrors() {
        let good = SAMFrame.Reply(sw3: 0x90, data: [1, 2, 3]).frame
        #expect(throws: SAMFrame.DecodeError.truncated(expected: good.count, got: good.count - 1)) {
            try SAMFrame.decodeReply(Array(good.dropLast()))
        }
        var flipped = good
        flipped[10] ^= 0xFF
        #expect { try SAMFrame.decodeReply(flipped) } throws: { ($0 as? SAMFrame.DecodeError).map { if case .badChecksum = $0 { true } else { false } } ?? false }
        #expect(throws: SAMFrame.DecodeError.noPreamble) { try SAMFrame.decodeReply([0xAA, 0xAA, 0xAA, 0x96, 0x68, 0, 4, 0, 0, 0x90, 0x94]) }
        #expect(throws: SAMFrame.DecodeError.badLength(2)) { try SAMFrame.decodeReply([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x02, 0x90, 0x92]) }
        #expect(throws: SAMFrame.DecodeError.trailingBytes(1)) { try SAMFrame.decodeReply(good + [0]) }
        #expect(throws: SAMFrame.DecodeError.truncated(expected: 7, got: 3)) { try SAMFrame.decodeReply([0xAA, 0xAA, 0xAA]) }
    }
}
