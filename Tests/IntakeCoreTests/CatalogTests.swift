import Foundation
import HallServer
import Testing
@testable import IntakeCore

@Suite("Demo catalog: seed 002 Appendix A", .timeLimit(.minutes(5)))
struct DemoCatalogTests {
    let catalog: Catalog

    init() throws { catalog = try HallFiles.loadCatalog(path: nil) }

    @Test func holdsAllTwentyBundlesInSeedOrder() throws {
        #expect(catalog.bundles.count == 20)
        #expect(catalog.bundles.map(\.seedNumber) == Array(1...20).map(Optional.some))
        #expect(catalog.bundles.first?.name == "新生儿出生")
        #expect(catalog.bundles.last?.name == "企业破产信息核查")
        for bundle in catalog.bundles { #expect(!bundle.items.isEmpty, "\(bundle.name)") }
    }

    @Test func newbornListsTheBirthCertificateOnceAsProducedInsideTheBundle() throws {
        let newborn = try #require(catalog.bundle("newborn"))
        #expect(catalog.items(of: newborn).map(\.name).first == "出生医学证明首次签发服务")
        #expect(newborn.items.count == 7)
        let merged = catalog.mergedMaterials(of: newborn)
        let certificates = merged.filter { $0.material.name == "出生医学证明" }
        #expect(certificates.count == 1)
        let certificate = try #require(certificates.first)
        #expect(certificate.neededBy.count >= 2)
        #expect(certificate.disposition == .producedInBundle)
        #expect(certificate.producedBy == newborn.items[0])
        // Every material of the seed's list appears exactly once.
        #expect(Set(merged.map(\.material.name)) == ["夫妻双方身份证", "夫妻双方户口簿", "夫妻双方结婚证", "出生医学证明", "民族成份确认书"])
        #expect(merged.count == 5)
        let notice = catalog.oneTimeNotice(for: newborn)
        #expect(!notice.bring.contains { $0.material.name == "出生医学证明" })
        #expect(notice.skip.contains { $0.material.name == "出生医学证明" })
    }

    @Test func newbornMergedFormAsksEachFieldOnce() throws {
        let newborn = try #require(catalog.bundle("newborn"))
        let form = catalog.mergedForm(of: newborn)
        #expect(Set(form.map(\.field.id)).count == form.count)
        let perItem = catalog.items(of: newborn).reduce(0) { $0 + ($1.formFields?.count ?? 0) }
        #expect(form.count < perItem, "fields shared by items are asked once")
        #expect(form.first { $0.field.id == "applicant.name" }?.usedBy.count ?? 0 > 1)
    }

    @Test func vagueCatchAllMaterialsAreWarnedNotRejected() {
        #expect(catalog.warnings.contains { $0.message.contains("法律、行政法规规定的其他材料") })
        #expect(catalog.warnings.allSatisfy { $0.field.hasPrefix("materials[") })
    }

    @Test func theDemoHallFitsTheCatalog() throws {
        let layout = try HallFiles.loadLayout(path: nil, catalog: catalog)
        #expect(layout.problems(against: catalog, file: "hall.json").isEmpty)
        #expect(layout.queue(forBundle: "newborn")?.id == "one-thing")
        #expect(layout.queue(forBundle: "restaurant-opening")?.id == "enterprise")
        #expect(layout.queue(forItem: "birth-registration", catalog: catalog)?.id == "one-thing")
    }
}

@Suite("Bundle merging rules", .timeLimit(.minutes(5)))
struct BundleMergingTests {
    let id = Material(id: "id-card", name: "居民身份证")
    let shared = Material(id: "household", name: "户口簿", source: .dataSharing)
    let certificate = Material(id: "certificate", name: "出生医学证明")

    @Test func dataSharedMaterialIsNotAskedUnlessSomeItemNeedsItFromTheApplicant() throws {
        let a = item("a", code: "000000000001", materials: [id, shared])
        let b = item("b", code: "000000000002", materials: [shared])
        let bundle = ServiceBundle(id: "ab", name: "AB", items: ["a", "b"], leadDepartment: "x", cooperatingDepartments: [])
        let catalog = try Catalog(items: [a, b], bundles: [bundle])
        let merged = catalog.mergedMaterials(of: bundle)
        #expect(merged.map(\.material.id) == ["id-card", "household"])
        #expect(merged[1].disposition == .dataSharing && merged[1].neededBy == ["a", "b"])

        var fromApplicant = shared
        fromApplicant.source = .applicant
        let c = item("c", code: "000000000003", materials: [fromApplicant])
        let bundle2 = ServiceBundle(id: "ac", name: "AC", items: ["a", "c"], leadDepartment: "x", cooperatingDepartments: [])
        let catalog2 = try Catalog(items: [a, c], bundles: [bundle2])
        #expect(catalog2.mergedMaterials(of: bundle2)[1].disposition == .ask)
    }

    @Test func producedOnlyWhenTheProducerComesFirst() throws {
        let producer = item("issue", code: "000000000001", produces: "certificate")
        let consumer = item("register", code: "000000000002", materials: [certificate])
        let inOrder = ServiceBundle(id: "good", name: "good", items: ["issue", "register"], leadDepartment: "x", cooperatingDepartments: [])
        let reversed = ServiceBundle(id: "bad", name: "bad", items: ["register", "issue"], leadDepartment: "x", cooperatingDepartments: [])
        let catalog = try Catalog(items: [producer, consumer], bundles: [inOrder, reversed])
        #expect(catalog.mergedMaterials(of: inOrder).first?.disposition == .producedInBundle)
        #expect(catalog.mergedMaterials(of: reversed).first?.disposition == .ask)
    }

    @Test func keyAndRequiredAreTheStrictestOfTheItems() throws {
        var optional = id
        optional.key = false
        optional.requirement = .conditional
        optional.condition = "代办时"
        let a = item("a", code: "000000000001", materials: [optional])
        let b = item("b", code: "000000000002", materials: [id])
        let bundle = ServiceBundle(id: "ab", name: "AB", items: ["a", "b"], leadDepartment: "x", cooperatingDepartments: [])
        let merged = try Catalog(items: [a, b], bundles: [bundle]).mergedMaterials(of: bundle)
        #expect(merged.count == 1 && merged[0].key && merged[0].required)
    }
}

@Suite("Catalog errors name the file, the entry and the field", .timeLimit(.minutes(5)))
struct CatalogErrorTests {
    func load(_ json: String) -> CatalogError? {
        do { _ = try CatalogLoader.load(Data(json.utf8), file: "broken.json"); return nil } catch { return error }
    }

    func catalogJSON(item: String = "", bundle: String = "") -> String {
        """
        {"format": "onevisit-catalog/1", "items": [
          {"id": "ok-item", "basicCode": "000000000001", "implementingCode": "X", "name": "好事项", "type": "公共服务",
           "department": "部门", "legalLimitDays": 10, "promisedLimitDays": 5, "caseType": "promised", "visitsRequired": 1,
           "materials": []}\(item)],
         "bundles": [\(bundle)]}
        """
    }

    @Test func missingFieldIsLocated() throws {
        let error = try #require(load(catalogJSON(item: """
            , {"id": "no-name", "basicCode": "000000000002", "implementingCode": "X", "type": "公共服务",
               "department": "部门", "legalLimitDays": 10, "promisedLimitDays": 5, "caseType": "promised",
               "visitsRequired": 1, "materials": []}
            """)))
        let issue = try #require(error.issues.first)
        #expect(issue.file == "broken.json" && issue.entry == "items[1] (no-name)" && issue.field == "name")
        #expect(error.description.contains("broken.json: items[1] (no-name), field name"))
    }

    @Test func wrongTypeInsideAMaterialIsLocated() throws {
        let error = try #require(load(catalogJSON(item: """
            , {"id": "bad-copies", "basicCode": "000000000002", "implementingCode": "X", "name": "n", "type": "公共服务",
               "department": "部门", "legalLimitDays": 10, "promisedLimitDays": 5, "caseType": "promised",
               "visitsRequired": 1, "materials": [{"id": "m", "name": "m", "requirement": "required", "key": true,
               "form": "paper", "copies": "two", "source": "applicant"}]}
            """)))
        #expect(error.issues.first?.entry == "items[1] (bad-copies)")
        #expect(error.issues.first?.field == "materials[0].copies")
    }

    @Test func unknownEnumValueIsLocated() throws {
        let error = try #require(load(catalogJSON(item: """
            , {"id": "bad-type", "basicCode": "000000000002", "implementingCode": "X", "name": "n", "type": "行政许可证",
               "department": "部门", "legalLimitDays": 10, "promisedLimitDays": 5, "caseType": "promised",
               "visitsRequired": 1, "materials": []}
            """)))
        #expect(error.issues.first?.entry == "items[1] (bad-type)" && error.issues.first?.field == "type")
    }

    @Test func ruleViolationsAreAllListed() throws {
        let error = try #require(load(catalogJSON(item: """
            , {"id": "ok-item", "basicCode": "12345", "implementingCode": "", "name": "n", "type": "公共服务",
               "department": "部门", "legalLimitDays": 5, "promisedLimitDays": 10, "caseType": "promised",
               "visitsRequired": 1, "materials": []}
            """, bundle: """
            {"id": "b", "name": "B", "items": ["ok-item", "missing"], "leadDepartment": "", "cooperatingDepartments": []}
            """)))
        let located = Set(error.issues.map { "\($0.entry)|\($0.field)" })
        #expect(located.isSuperset(of: [
            "items[1] (ok-item)|id", "items[1] (ok-item)|basicCode", "items[1] (ok-item)|implementingCode",
            "items[1] (ok-item)|promisedLimitDays", "bundles[0] (b)|items[1]", "bundles[0] (b)|leadDepartment",
        ]))
    }

    @Test func notJSONAndWrongFormat() throws {
        #expect(try #require(load("{\"format\": ")).issues.first?.message.contains("not valid JSON") == true)
        let wrong = try #require(load(catalogJSON().replacingOccurrences(of: "onevisit-catalog/1", with: "v0")))
        #expect(wrong.issues.first?.field == "format")
    }

    @Test func hallLayoutErrorsAreLocatedToo() throws {
        let catalog = try HallFiles.loadCatalog(path: nil)
        let json = """
            {"hallName": "h", "queues": [{"id": "a", "name": "A", "prefix": "A"}, {"id": "b", "name": "B", "prefix": "A", "bundles": ["nope"]}],
             "windows": [{"id": "1", "name": "w", "kind": "comprehensive", "queues": ["zzz"]}]}
            """
        do {
            _ = try HallLayout.load(Data(json.utf8), file: "hall.json", catalog: catalog)
            Issue.record("a broken layout was accepted")
        } catch {
            let located = Set(error.issues.map { "\($0.entry)|\($0.field)" })
            #expect(located == ["queues[1] (b)|prefix", "queues[1] (b)|bundles[0]", "windows[0] (1)|queues[0]"])
        }
    }

    /// Policy values that would make the estimate or the no-show rule meaningless (or trap)
    /// are refused at load, so a reload keeps the last good layout instead.
    @Test func hallPolicyValuesAreChecked() throws {
        let catalog = try HallFiles.loadCatalog(path: nil)
        let json = """
            {"hallName": "h", "queues": [{"id": "a", "name": "A", "prefix": "A"}],
             "windows": [{"id": "1", "name": "w", "kind": "comprehensive", "queues": ["a"]}],
             "waitEstimate": {"defaultServiceMinutes": 1e12, "sampleSize": -1},
             "noShow": {"recalls": -2, "minutes": 3}, "priority": {"weights": {"elderly": -1}, "laneWeight": 1}}
            """
        do {
            _ = try HallLayout.load(Data(json.utf8), file: "hall.json", catalog: catalog)
            Issue.record("negative policy values were accepted")
        } catch {
            let located = Set(error.issues.map { "\($0.entry)|\($0.field)" })
            #expect(located == ["waitEstimate|sampleSize", "waitEstimate|defaultServiceMinutes", "noShow|recalls",
                                "priority|weights.elderly"])
        }
        let estimate = WaitEstimator(defaultServiceMinutes: 1e300, sampleSize: -1)
        #expect(estimate.estimateMinutes(peopleAhead: 3, recentServiceSeconds: [60], openWindows: 1) == 3)
        #expect(estimate.estimateMinutes(peopleAhead: 3, recentServiceSeconds: [], openWindows: 1) == 24 * 60)
    }
}
