/// Writes an identity into the 256-byte UCS-2LE text block of its card type: the inverse of
/// `IdentityParser`, for the reader simulator and for golden frames in tests.
public enum CardTextEncoder {
    public static func encode(_ identity: Identity) -> [UInt8] {
        var block = Block()
        let validTo: String = switch identity.validTo {
        case .longTerm: "长期"
        case .until(let date): date.compact
        }
        switch identity.cardType {
        case .residentCard:
            block.put(identity.name, at: 0, length: 30)
            block.put(identity.gender.rawValue, at: 30, length: 2)
            block.put(identity.ethnicity?.code ?? "", at: 32, length: 4)
            block.put(identity.birthDate.compact, at: 36, length: 16)
            block.put(identity.address ?? "", at: 52, length: 70)
            block.put(identity.number, at: 122, length: 36)
            block.put(identity.authority ?? "", at: 158, length: 30)
            block.put(identity.validFrom?.compact ?? "", at: 188, length: 16)
            block.put(validTo, at: 204, length: 16)
        case .residencePermit:
            block.put(identity.name, at: 0, length: 30)
            block.put(identity.gender.rawValue, at: 30, length: 2)
            block.put(identity.birthDate.compact, at: 36, length: 16)
            block.put(identity.address ?? "", at: 52, length: 70)
            block.put(identity.number, at: 122, length: 36)
            block.put(identity.authority ?? "", at: 158, length: 30)
            block.put(identity.validFrom?.compact ?? "", at: 188, length: 16)
            block.put(validTo, at: 204, length: 16)
            block.put(identity.permitNumber ?? "", at: 220, length: 18)
            block.put(identity.issueCount.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "", at: 238, length: 4)
            block.put("J", at: 248, length: 2)
        case .foreignPermanentResident2017:
            block.put(identity.englishName ?? "", at: 0, length: 120)
            block.put(identity.gender.rawValue, at: 120, length: 2)
            block.put(identity.number, at: 122, length: 30)
            block.put(identity.nationality?.code ?? "", at: 152, length: 6)
            block.put(identity.name, at: 158, length: 30)
            block.put(identity.validFrom?.compact ?? "", at: 188, length: 16)
            block.put(validTo, at: 204, length: 16)
            block.put(identity.birthDate.compact, at: 220, length: 16)
            block.put(identity.cardVersion ?? "", at: 236, length: 4)
            block.put(identity.authority ?? "", at: 240, length: 8)
            block.put("I", at: 248, length: 2)
        case .foreignPermanentResident2023:
            let english = identity.englishName ?? ""
            block.put(identity.name, at: 0, length: 30)
            block.put(identity.gender.rawValue, at: 30, length: 2)
            block.put(identity.renewalCount.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "", at: 32, length: 4)
            block.put(identity.birthDate.compact, at: 36, length: 16)
            block.put(String(english.prefix(35)), at: 52, length: 70)
            block.put(identity.number, at: 122, length: 36)
            block.put(identity.validFrom?.compact ?? "", at: 188, length: 16)
            block.put(validTo, at: 204, length: 16)
            block.put(String(english.dropFirst(35).prefix(11)), at: 220, length: 22)
            block.put(identity.nationality?.code ?? "", at: 242, length: 6)
            block.put("Y", at: 248, length: 2)
        }
        return block.bytes
    }

    /// The data of a read reply: lengths, text, photo (and fingerprint for 30 10).
    public static func readData(_ identity: Identity, withFingerprint: Bool) -> [UInt8] {
        let photo = identity.photoWLT.count == 1024 ? identity.photoWLT : [UInt8](repeating: 0, count: 1024)
        let fingerprint = withFingerprint ? identity.fingerprint ?? [] : []
        var data: [UInt8] = [0x01, 0x00, 0x04, 0x00]
        if withFingerprint { data += [UInt8(fingerprint.count >> 8), UInt8(fingerprint.count & 0xFF)] }
        return data + encode(identity) + photo + fingerprint
    }

    struct Block {
        var bytes = [UInt8](repeating: 0, count: 256)

        init() {
            for i in stride(from: 0, to: 256, by: 2) { bytes[i] = 0x20 }
        }

        mutating func put(_ text: String, at offset: Int, length: Int) {
            var i = offset
            for unit in text.utf16 where i + 1 < offset + length {
                bytes[i] = UInt8(unit & 0xFF)
                bytes[i + 1] = UInt8(unit >> 8)
                i += 2
            }
        }
    }
}
