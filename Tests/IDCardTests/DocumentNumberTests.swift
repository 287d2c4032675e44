import Testing
@testable import IDCard

/// ID numbers typed for a booking (R2), checked by their card type's own rule.
@Suite("Typed document numbers", .timeLimit(.minutes(5)))
struct DocumentNumberTests {
    @Test func residentNumbersByTheGB11643CheckCharacter() throws {
        #expect(try DocumentNumber.validate("11010519491231002x") == ("11010519491231002X", .residentCard))
        #expect(throws: IDNumber.Problem.checkCharacter(expected: "X", got: "3")) { try DocumentNumber.validate("110105194912310023") }
        #expect(throws: IDNumber.Problem.length(15)) { try DocumentNumber.validate("110105491231002") }
        #expect(throws: IDNumber.Problem.self) { try DocumentNumber.validate("11010519491331002X") }
    }

    @Test func otherCardTypesByTheirOwnRules() throws {
        let permit = "810000199408230" + "00"
        let permitNumber = permit + String(IDNumber.checkCharacter(of: permit)!)
        #expect(try DocumentNumber.validate(permitNumber).cardType == .residencePermit)
        let foreign = "931586199001011" + "23"
        #expect(try DocumentNumber.validate(foreign + String(IDNumber.checkCharacter(of: foreign)!)).cardType == .foreignPermanentResident2023)
        #expect(try DocumentNumber.validate("USA110090010120").cardType == .foreignPermanentResident2017)
        #expect(throws: IDNumber.Problem.characters) { try DocumentNumber.validate("USA11009001012-") }
    }
}
