import Foundation

/// A made-up applicant for the simulated day's cases: a name from common surnames and
/// given names, an ID number with a valid GB 11643 check digit (so the hall takes it), and
/// a mobile number in a reserved-looking range. Nobody real: the numbers are derived from
/// the citizen's place in the day.
struct SampleApplicant {
    var name: String
    var idNumber: String
    var phone: String

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂兰", "志强"]

    static func of(_ index: Int) -> SampleApplicant {
        let name = String(surnames[index % surnames.count]) + givenNames[(index / surnames.count) % givenNames.count]
        let year = 1950 + index % 55, month = 1 + index % 12, day = 1 + index % 28
        let body = String(format: "150602%04d%02d%02d%03d", year, month, day, index % 1000)
        return SampleApplicant(name: name, idNumber: body + checkDigit(body), phone: String(format: "1390000%04d", index % 10000))
    }

    /// The ISO 7064 MOD 11-2 check character of GB 11643-1999.
    static func checkDigit(_ body17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"][sum % 11]
    }

    var body: [String: any Sendable] { ["name": name, "idNumber": idNumber, "phone": phone] }
}
