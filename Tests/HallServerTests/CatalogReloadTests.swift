import Foundation
import HallServer
import IntakeCore
import Testing

@Suite("Catalog reload keeps the last good catalog", .timeLimit(.minutes(5)))
struct CatalogReloadTests {
    @Test func brokenFileIsRefusedAndGoodFileIsTakenIn() async throws {
        let (hall, dir) = try await makeTestHall()
        let catalogPath = dir + "/catalog.json"
        let demo = try Data(contentsOf: URL(fileURLWithPath: HallFiles.demoCatalogPath))
        let service = CatalogReloadService(hall: hall.current, catalogFile: catalogPath, hallFile: nil)

        // A file cut off in the middle, as an interrupted copy would leave it.
        try demo.prefix(demo.count / 2).write(to: URL(fileURLWithPath: catalogPath))
        #expect(service.reload() == false)
        #expect(hall.catalog.bundles.count == 20, "the hall keeps serving the last good catalog")

        // A catalog without the bundles the hall layout names is refused too.
        var file = try JSONDecoder().decode(CatalogFile.self, from: demo)
        file.bundles.removeAll { $0.id == "newborn" }
        try JSONEncoder().encode(file).write(to: URL(fileURLWithPath: catalogPath))
        #expect(service.reload() == false)
        #expect(hall.catalog.bundle("newborn") != nil)

        // A good edit is taken in.
        file = try JSONDecoder().decode(CatalogFile.self, from: demo)
        file.bundles[0].name = "新生儿出生一件事"
        try JSONEncoder().encode(file).write(to: URL(fileURLWithPath: catalogPath))
        #expect(service.reload() == true)
        #expect(hall.catalog.bundle("newborn")?.name == "新生儿出生一件事")
    }
}
