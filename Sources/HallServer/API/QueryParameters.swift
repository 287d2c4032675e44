import Hummingbird
import IntakeCore

extension Request {
    /// `?name=YYYY-MM-DD` as a hall day: nil when absent, a 400 naming the parameter when it is no date.
    func queryDay(_ name: String) throws(APIError) -> CivilDay? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let day = CivilDay(text) else { throw APIError.badRequest("give ?\(name)=YYYY-MM-DD") }
        return day
    }

    /// `?name=` as one of a set of values (a state…): nil when absent, a 400 listing them otherwise.
    func queryValue<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(APIError) -> T? where T.RawValue == String {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError.badRequest("\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
