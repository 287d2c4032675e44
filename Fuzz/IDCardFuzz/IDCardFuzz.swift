import IDCard

/// Feeds random and mutated frames to the SAM frame decoder and the card text parser for
/// a fixed time (`scripts/fuzz-idcard [SECONDS]`). Any trap ends the process with a
/// non-zero status and the input that caused it printed; otherwise it prints how many
/// inputs ran and how each ended.
@main
struct IDCardFuzz {
    static func main() {
        let seconds = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 30
        var generator = SplitMix(seed: UInt64(CommandLine.arguments.dropFirst(2).first ?? "") ?? 20261123)
        let seeds = seedFrames()
        var outcomes: [String: Int] = [:]
        var inputs = 0
        let start = ContinuousClock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now - start < budget {
            for _ in 0..<256 {
                let input = mutate(seeds[Int(generator.next() % UInt64(seeds.count))], &generator)
                outcomes[run(input), default: 0] += 1
                inputs += 1
            }
        }
        print("fuzz.seconds \(seconds)")
        print("fuzz.inputs \(inputs)")
        for (outcome, count) in outcomes.sorted(by: { $0.value > $1.value }) { print("fuzz.outcome.\(outcome) \(count)") }
    }

    /// One input through both decoders; the name of how it ended.
    static func run(_ bytes: [UInt8]) -> String {
        let reply: SAMFrame.Reply
        do { reply = try SAMFrame.decodeReply(bytes) } catch {
            return "frame." + caseName(error)
        }
        for withFingerprint in [false, true] {
            do {
                _ = try IdentityParser.identity(fromReadData: reply.data, withFingerprint: withFingerprint)
                return "identity"
            } catch {
                if case .bodyLengths = error { continue }
                return "card." + caseName(error)
            }
        }
        return "card.lengths"
    }

    /// The enum case of an error, without its values.
    static func caseName(_ error: some Error) -> String {
        if let frame = error as? SAMFrame.DecodeError, frame == .noPreamble { return "noPreamble" }
        return Mirror(reflecting: error).children.first?.label ?? String(describing: error).split(separator: " ").first.map(String.init) ?? "?"
    }

    static func seedFrames() -> [[UInt8]] {
        let photo = [UInt8](repeating: 0x33, count: 1024)
        let cards = [
            Identity(cardType: .residentCard, name: "张建国", gender: .male, ethnicity: Ethnicity(code: "02"),
                     birthDate: CardDate(year: 1950, month: 3, day: 12)!, address: "示例路1号", number: "15060219500312123X",
                     authority: "公安局", validFrom: CardDate(year: 2015, month: 6, day: 1)!, validTo: .longTerm, photoWLT: photo),
            Identity(cardType: .residencePermit, name: "陈美玲", gender: .female, birthDate: CardDate(year: 1990, month: 1, day: 1)!,
                     address: "示例街2号", number: "810000199001011230", authority: "公安局", validFrom: CardDate(year: 2021, month: 5, day: 20)!,
                     validTo: .until(CardDate(year: 2026, month: 5, day: 20)!), permitNumber: "H12345678", issueCount: 1, photoWLT: photo),
            Identity(cardType: .foreignPermanentResident2017, name: "史密斯", englishName: "SMITH, JOHN", gender: .male,
                     birthDate: CardDate(year: 1980, month: 7, day: 15)!, number: "USA110080071501", authority: "1500",
                     validFrom: CardDate(year: 2018, month: 1, day: 1)!, validTo: .until(CardDate(year: 2028, month: 1, day: 1)!),
                     nationality: Nationality(code: "USA"), cardVersion: "10", photoWLT: photo),
            Identity(cardType: .foreignPermanentResident2023, name: "玛丽亚", englishName: "GARCIA LOPEZ, MARIA", gender: .female,
                     birthDate: CardDate(year: 1990, month: 7, day: 1)!, number: "910840199007010026",
                     validFrom: CardDate(year: 2024, month: 3, day: 1)!, validTo: .until(CardDate(year: 2034, month: 3, day: 1)!),
                     nationality: Nationality(code: "ESP"), renewalCount: 0, photoWLT: photo),
        ]
        var frames = cards.map { SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData($0, withFingerprint: false)).frame }
        frames += cards.map { SAMFrame.Reply(sw3: 0x90, data: CardTextEncoder.readData($0, withFingerprint: true)).frame }
        frames.append(SAMFrame.Reply(sw3: 0x9F, data: [0, 0, 0, 0]).frame)
        frames.append([])
        return frames
    }

    /// Flips, overwrites, cuts, repeats or invents bytes; keeps the checksum right half the
    /// time so the parser behind the frame decoder gets exercised too.
    static func mutate(_ seed: [UInt8], _ g: inout SplitMix) -> [UInt8] {
        var bytes = seed
        switch g.next() % 6 {
        case 0: bytes = (0..<Int(g.next() % 2400)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        case 1: if !bytes.isEmpty { bytes = Array(bytes.prefix(Int(g.next() % UInt64(bytes.count)))) }
        case 2: bytes += (0..<Int(g.next() % 8)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        default:
            for _ in 0..<(1 + Int(g.next() % 12)) where !bytes.isEmpty {
                bytes[Int(g.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: g.next())
            }
        }
        if g.next() % 2 == 0, bytes.count > 8, Array(bytes.prefix(5)) == SAMFrame.preamble {
            bytes[bytes.count - 1] = bytes[5..<(bytes.count - 1)].reduce(0, ^)
        }
        return bytes
    }
}

struct SplitMix {
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
