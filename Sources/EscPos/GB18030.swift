import Glibc

/// GB18030 through glibc's iconv: the character set of Chinese ESC/POS printers in
/// Chinese mode (FS &). Printers carry only the single- and double-byte parts of GB18030
/// (devices.md B.1: "GB18030 only supports double bytes"); the four-byte part, where rare
/// characters of names live, must be printed some other way.
public enum GB18030 {
    /// The bytes of one character, or nil when GB18030 has no code for it.
    public static func encode(_ character: Character) -> [UInt8]? {
        convert(Array(String(character).utf8), from: "UTF-8", to: "GB18030")
    }

    /// The code of each character of a line, with one converter for the whole line;
    /// nil where GB18030 has none.
    public static func codes(of text: String) -> [(character: Character, bytes: [UInt8]?)] {
        guard let cd = iconv_open("GB18030", "UTF-8"), cd != UnsafeMutableRawPointer(bitPattern: -1) else {
            return text.map { ($0, nil) }
        }
        defer { iconv_close(cd) }
        return text.map { character in (character, run(cd, Array(String(character).utf8))) }
    }

    /// True when a printer in Chinese mode can print the character from its own font:
    /// ASCII, or a two-byte GB18030 code.
    public static func isPrintable(_ character: Character) -> Bool { isPrintable(code: encode(character)) }

    public static func isPrintable(code bytes: [UInt8]?) -> Bool {
        guard let bytes else { return false }
        if bytes.count == 1 { return bytes[0] >= 0x20 && bytes[0] < 0x7F }
        return bytes.count == 2
    }

    /// Decodes GB18030 bytes; nil when they are not valid GB18030.
    public static func decode(_ bytes: [UInt8]) -> String? {
        guard let utf8 = convert(bytes, from: "GB18030", to: "UTF-8") else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }

    /// One converter for many short codes, kept for a whole stream: opening a converter costs
    /// far more than a character (the fuzzer found the parser spending its time there, once
    /// for every run of text). It is opened at the first code, so plain ASCII costs nothing.
    public final class Decoder {
        private var converter: iconv_t?

        public init() {}

        deinit { if let converter { iconv_close(converter) } }

        /// The character of a code; nil when it is not valid GB18030.
        public func decode(_ bytes: [UInt8]) -> String? {
            if converter == nil {
                guard let cd = iconv_open("UTF-8", "GB18030"), cd != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
                converter = cd
            }
            guard let cd = converter else { return nil }
            _ = iconv(cd, nil, nil, nil, nil)  // no state left from a code that failed
            return GB18030.run(cd, bytes).flatMap { String(validating: $0, as: UTF8.self) }
        }
    }

    private static func convert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        guard let cd = iconv_open(to, from), cd != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        return run(cd, input)
    }

    fileprivate static func run(_ cd: iconv_t, _ input: [UInt8]) -> [UInt8]? {
        var source = input.map { CChar(bitPattern: $0) }
        var target = [CChar](repeating: 0, count: input.count * 4 + 8)
        var sourceLeft = source.count
        var targetLeft = target.count
        let ok = source.withUnsafeMutableBufferPointer { sourceBuffer in
            target.withUnsafeMutableBufferPointer { targetBuffer in
                var inPointer = sourceBuffer.baseAddress
                var outPointer = targetBuffer.baseAddress
                return iconv(cd, &inPointer, &sourceLeft, &outPointer, &targetLeft) != -1 && sourceLeft == 0
            }
        }
        guard ok else { return nil }
        return target.prefix(target.count - targetLeft).map { UInt8(bitPattern: $0) }
    }
}
