/// Who may file a case's one online review (一事一评, seed 004 §11): the applicant, shown by
/// the last four characters of the ID number the case was opened with. A case number alone
/// is easy to guess (day, sequence, check digit), and a stranger could otherwise use up the
/// citizen's review and open a rectification in their name.
public enum OnlineReviewAccess {
    public static func mayReview(_ c: ServiceCase, idLast4: String?) -> AccessDecision {
        guard let applicant = c.applicant else {
            return .forbidden("case \(c.number) has no applicant on record: it is rated at the window or the kiosk")
        }
        guard let given = idLast4?.uppercased(), given.count == 4 else {
            return .forbidden("an online review gives the last four characters of the applicant's ID number: idLast4")
        }
        let expected = String(applicant.idNumber.uppercased().suffix(4))
        // Compared whole, in time that does not depend on where the first difference is.
        let same = zip(given.utf8, expected.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        return same ? .allowed : .forbidden("the ID number does not match the applicant of case \(c.number)")
    }
}
