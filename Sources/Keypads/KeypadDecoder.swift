/// Turns the bytes read from a keypad into keys, whatever the read boundaries: a read may
/// hold several records, or half of one. Pure, so every protocol is tested without a device.
public struct KeypadDecoder: Sendable {
    public let kind: KeypadProtocol
    /// `struct input_event` size: 24 on 64-bit Linux (two 8-byte time fields, type, code, value).
    public let inputEventSize: Int
    private var buffer: [UInt8] = []

    public init(_ kind: KeypadProtocol, inputEventSize: Int = 24) {
        self.kind = kind
        self.inputEventSize = inputEventSize
    }

    /// Keys completed by these bytes, and what had to be skipped.
    public mutating func feed(_ bytes: [UInt8]) -> (keys: [DecodedKey], malformed: [MalformedKeypadInput]) {
        buffer += bytes
        switch kind {
        case .evdev(let map): return (decodeEvents(map), [])
        case .hidraw(let map): return (decodeReports(map), [])
        case .serial(let map): return decodeFrames(map)
        }
    }

    private mutating func decodeEvents(_ map: EvdevKeyMap) -> [DecodedKey] {
        var keys: [DecodedKey] = []
        let size = inputEventSize
        let timeBytes = size - 8
        while buffer.count >= size {
            let record = buffer.prefix(size).map { $0 }
            buffer.removeFirst(size)
            let type = UInt16(record[timeBytes]) | UInt16(record[timeBytes + 1]) << 8
            let code = UInt16(record[timeBytes + 2]) | UInt16(record[timeBytes + 3]) << 8
            let value = Int32(bitPattern: UInt32(record[timeBytes + 4]) | UInt32(record[timeBytes + 5]) << 8
                              | UInt32(record[timeBytes + 6]) << 16 | UInt32(record[timeBytes + 7]) << 24)
            // EV_KEY (1), value 1 = pressed; releases (0), auto-repeat (2), EV_SYN and EV_MSC are not presses.
            guard type == 1, value == 1 else { continue }
            keys.append(DecodedKey(level: map.keys[code], raw: "key \(code)"))
        }
        return keys
    }

    /// hidraw hands over one report per read: a read is split only when it holds whole
    /// reports of the configured length, so a wrong length never shifts later reports.
    private mutating func decodeReports(_ map: HidReportMap) -> [DecodedKey] {
        var keys: [DecodedKey] = []
        let size = max(1, map.reportLength)
        let reports: [[UInt8]] = buffer.count % size == 0
            ? stride(from: 0, to: buffer.count, by: size).map { Array(buffer[$0..<($0 + size)]) } : [buffer]
        buffer.removeAll()
        // The longest matching entry wins, whatever the dictionary's order.
        let entries = map.reports.sorted { $0.key.count > $1.key.count }
        for report in reports where !report.isEmpty {
            if let level = entries.first(where: { report.starts(with: $0.key) })?.value {
                keys.append(DecodedKey(level: level, raw: "report \(hex(report))"))
            } else if report.dropFirst().allSatisfy({ $0 == 0 }) {
                continue  // all keys up: the release report
            } else {
                keys.append(DecodedKey(level: nil, raw: "report \(hex(report))"))
            }
        }
        return keys
    }

    private mutating func decodeFrames(_ map: SerialKeyMap) -> ([DecodedKey], [MalformedKeypadInput]) {
        var keys: [DecodedKey] = []
        var malformed: [MalformedKeypadInput] = []
        var skipped = 0
        func flushSkipped(_ reason: String) {
            if skipped > 0 { malformed.append(MalformedKeypadInput(bytes: skipped, reason: reason)); skipped = 0 }
        }
        // A cursor over the buffer, cut once at the end: dropping bytes one by one from the
        // front made a noisy line (a wrong baud rate) cost the square of its length.
        var at = 0
        while buffer.count - at >= map.frameLength {
            guard buffer[at...].starts(with: map.header) else {
                at += 1
                skipped += 1
                continue
            }
            let frame = Array(buffer[at..<(at + map.frameLength)])
            let address = frame[map.header.count], key = frame[map.header.count + 1]
            if map.checksum && frame[map.header.count + 2] != address ^ key {
                flushSkipped("bytes before a frame header")
                // A bad check: drop the header's first byte and hunt for the next frame.
                at += 1
                malformed.append(MalformedKeypadInput(bytes: 1, reason: "frame \(hex(frame)): check byte is not address XOR key"))
                continue
            }
            flushSkipped("bytes before a frame header")
            at += map.frameLength
            keys.append(DecodedKey(level: map.keys[key], raw: "frame \(hex(frame))", address: address))
        }
        buffer.removeFirst(at)
        // Noise with no header in sight is dropped now rather than held.
        if !map.header.isEmpty, !buffer.isEmpty, !buffer.contains(map.header[0]) {
            skipped += buffer.count
            buffer.removeAll()
        }
        flushSkipped("bytes before a frame header")
        return (keys, malformed)
    }
}
