import Hummingbird

extension Response {
    /// A CSV export as a download the supervisor's spreadsheet opens (UTF-8, a file name).
    static func csv(_ text: String, name: String) -> Response {
        Response(status: .ok,
                 headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: .init(string: text)))
    }
}
