import Foundation
import IDCard
import IDReaders
import Logging
import Testing

/// The reader driver on one end of a pseudo-terminal, the SAM simulator on the other,
/// paced at 115200 baud.
@Suite("ID reader driver against the simulated reader", .timeLimit(.minutes(5)))
struct IDCardReaderTests {
    static let elderly = Identity(
        cardType: .residentCard, name: "张建国", gender: .male, ethnicity: Ethnicity(code: "01"),
        birthDate: CardDate(year: 1950, month: 3, day: 12)!, address: "内蒙古自治区鄂尔多斯市东胜区示例路1号",
        number: "15060219500312123X", authority: "鄂尔多斯市公安局东胜分局", validFrom: CardDate(year: 2015, month: 6, day: 1)!,
        validTo: .longTerm, photoWLT: [UInt8](repeating: 0x42, count: 1024))

    final class Rig: Sendable {
        let directory: String
        let simulator: SimulatedIDReader
        let reader: IDCardReader
        let task: Task<Void, any Error>

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-reader-\(UUID().uuidString)").path
            simulator = SimulatedIDReader(id: "kiosk-1", devicePath: directory + "/dev/idreader-kiosk-1")
            try simulator.plug()
            let reader = IDCardReader(
                settings: ReaderSettings(id: "kiosk-1", pollInterval: .milliseconds(20), timeoutMilliseconds: 1000, simulated: true),
                transport: SerialSAMTransport(path: simulator.devicePath), logger: Logger(label: "test"))
            self.reader = reader
            task = Task { try await reader.run() }
        }

        func stop() {
            task.cancel()
            simulator.unplug()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// The next event that matches, within a generous limit (a failure, never a hang).
    static func next(_ events: AsyncStream<ReaderEvent>, _ matches: @escaping @Sendable (ReaderEvent) -> Bool) async -> ReaderEvent? {
        await withTaskGroup(of: ReaderEvent?.self) { group in
            group.addTask {
                for await event in events where matches(event) { return event }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func isRead(_ e: ReaderEvent) -> Bool { if case .cardRead = e { true } else { false } }
    static func isFailure(_ e: ReaderEvent) -> Bool { if case .failed = e { true } else { false } }

    @Test func cardIsReadOnceAndStaysUsableUntilTaken() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        rig.simulator.place(Self.elderly)
        let read = await Self.next(events, Self.isRead)
        #expect(read == .cardRead(Self.elderly))
        #expect(await Self.next(events) { $0 == .cardRemoved } == .cardRemoved, "after a read the reader finds no unread card")

        // Ten more polls with the card still lying there: no second read, the card stays usable.
        let seen = rig.simulator.commands.count
        await rig.simulator.waitForCommands(count: seen + 10)
        #expect(rig.simulator.commands.filter { $0 == .readText }.count == 1)
        #expect(await rig.reader.report().reads == 1)
        #expect(await rig.reader.card?.maskedNumber == "1506**********123X")
        #expect(await rig.reader.takeCard() == Self.elderly)
        #expect(await rig.reader.card == nil, "used up by the ticket it made")

        rig.simulator.remove()
        rig.simulator.place(Self.elderly)
        #expect(await Self.next(events, Self.isRead) == .cardRead(Self.elderly), "a card put back reads again")
        let commands = rig.simulator.commands
        #expect(commands.first == .samStatus, "the SAM is checked at start")
        #expect(commands.dropFirst().first == .setMaximumRFFrame, "then the largest RF frame is asked for, as readers accept")
        #expect(commands.filter { $0 == .setMaximumRFFrame }.count == 1, "once per connection")
        #expect(commands.contains(.selectCard))
    }

    @Test func aReaderWithoutTheMaximumRFFrameCommandStillReads() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-reader-\(UUID().uuidString)").path
        let simulator = SimulatedIDReader(id: "old", devicePath: directory + "/idreader")
        simulator.setKnowsMaximumRFFrame(false)
        try simulator.plug()
        let reader = IDCardReader(settings: ReaderSettings(id: "old", timeoutMilliseconds: 1000, simulated: true),
                                  transport: SerialSAMTransport(path: simulator.devicePath), logger: Logger(label: "test"))
        let task = Task { try await reader.run() }
        defer { task.cancel(); simulator.unplug(); try? FileManager.default.removeItem(atPath: directory) }
        let events = await reader.events()
        simulator.place(Self.elderly)
        #expect(await Self.next(events, Self.isRead) == .cardRead(Self.elderly))
        #expect(await reader.report().lastError == nil, "an unknown 61 FF is no failure of the reader")
        #expect(await reader.report().failures == 0)
    }

    @Test func noiseOnTheLineIsSkipped() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        rig.simulator.setFault(.noise)
        rig.simulator.place(Self.elderly)
        #expect(await Self.next(events, Self.isRead) == .cardRead(Self.elderly))
        #expect(await rig.reader.report().skippedBytes > 0)
    }

    @Test func cutOffRepliesAreReportedAndTheReaderRecovers() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        rig.simulator.setFault(.truncate)
        rig.simulator.place(Self.elderly)
        guard case .failed(let error)? = await Self.next(events, Self.isFailure) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == "timeout", "\(error)")
        #expect(await rig.reader.report().connected == false)
        rig.simulator.setFault(.none)
        #expect(await Self.next(events, Self.isRead) == .cardRead(Self.elderly))
        #expect(await rig.reader.report().connected == true)
    }

    @Test func unpluggedReaderIsPickedUpAgain() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        rig.simulator.place(Self.elderly)
        #expect(await Self.next(events, Self.isRead) != nil)
        rig.simulator.unplug()
        guard case .failed(let error)? = await Self.next(events, Self.isFailure) else {
            Issue.record("expected a failure")
            return
        }
        #expect(["disconnected", "not_connected", "timeout"].contains(error.code), "\(error)")
        let lost = await rig.reader.report()
        #expect(lost.lastError != nil && ["absent", "failed"].contains(lost.state), "\(lost)")
        try rig.simulator.plug()
        #expect(await Self.next(events) { $0 == .connected } != nil)
        let report = await rig.reader.report()
        #expect(report.connected && report.state == "ready" && report.lastError == nil, "a replugged reader shows no old error: \(report)")
        rig.simulator.place(Self.elderly)
        #expect(await Self.next(events, Self.isRead) == .cardRead(Self.elderly), "read again without restarting anything")
    }

    @Test func failedSAMSelfTestIsReported() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        rig.simulator.setSAMStatus(0x60)
        guard case .failed(let error)? = await Self.next(events, Self.isFailure) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error == .status(SAMStatus(code: 0x60), during: "the SAM status check"))
        #expect(await rig.reader.report().sam?.contains("self-test failed") == true)
    }

    @Test func cardWithABrokenNumberIsRefusedNotHalfRead() async throws {
        let rig = try Rig()
        defer { rig.stop() }
        let events = await rig.reader.events()
        var forged = Self.elderly
        forged.number = "150602195003121234"
        rig.simulator.place(forged)
        guard case .failed(.card(let problem))? = await Self.next(events, Self.isFailure) else {
            Issue.record("expected a card failure")
            return
        }
        #expect(problem == .badNumber("150602195003121234", .checkCharacter(expected: "X", got: "4")))
        #expect(await rig.reader.card == nil)
    }
}
