/// Ethnic group by GB 3304 (民族代码): 01–56, 97 other, 98 Chinese citizen of foreign origin.
public struct Ethnicity: Sendable, Equatable, CodedAsString {
    static let codeDescription = "a GB 3304 code"

    public let code: String
    /// As GB 3304 names it (`汉族`).
    public let name: String

    /// Nil for a code GB 3304 does not have.
    public init?(code: String) {
        guard let index = Int(code), code.count == 2 else { return nil }
        switch index {
        case 1...56: name = Self.groups[index - 1] + "族"
        case 97: name = "其他"
        case 98: name = "外国血统中国籍人士"
        default: return nil
        }
        self.code = code
    }

    /// As the card prints it (`汉`).
    public var shortName: String { name.hasSuffix("族") ? String(name.dropLast()) : name }

    static let groups = [
        "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
        "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔",
        "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
        "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ]
}

/// Nationality by GB/T 2659 three-letter code (foreign permanent resident cards). Codes not
/// in the table below are kept as they are, with no name.
public struct Nationality: Sendable, Equatable, CodedAsString {
    static let codeDescription = "a GB/T 2659 code"

    public let code: String
    public let name: String?

    public init?(code: String) {
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
        self.code = code
        name = Self.names[code]
    }

    static let names: [String: String] = [
        "CHN": "中国", "USA": "美国", "GBR": "英国", "FRA": "法国", "DEU": "德国", "ITA": "意大利", "ESP": "西班牙",
        "NLD": "荷兰", "RUS": "俄罗斯", "JPN": "日本", "KOR": "韩国", "PRK": "朝鲜", "MNG": "蒙古", "KAZ": "哈萨克斯坦",
        "SGP": "新加坡", "MYS": "马来西亚", "THA": "泰国", "VNM": "越南", "PHL": "菲律宾", "IDN": "印度尼西亚", "IND": "印度",
        "PAK": "巴基斯坦", "CAN": "加拿大", "AUS": "澳大利亚", "NZL": "新西兰", "BRA": "巴西", "ZAF": "南非", "EGY": "埃及",
    ]
}

/// A value written in JSON as its code string (`"01"`, `"USA"`), refused when unknown.
protocol CodedAsString: Codable {
    static var codeDescription: String { get }
    var code: String { get }
    init?(code: String)
}

extension CodedAsString {
    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(code)\" is not \(Self.codeDescription)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
