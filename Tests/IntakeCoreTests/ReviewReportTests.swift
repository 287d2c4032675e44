import Foundation
import IntakeCore
import Testing

/// The report of a review to the 好差评 platform (R6; issue 15): only the allow-listed fields,
/// the rater masked (never a full name, ID number or phone), and when it falls due.
struct ReviewReportTests {
    static let applicant = Applicant(name: "王小明", idNumber: "110101199003071234", phone: "13812345678")
    let at = Date(timeIntervalSince1970: 1_790_000_000)

    func review(_ level: ReviewLevel, reasons: [String] = []) -> Review {
        Review(id: "r1", ticketID: "t1", ticketNumber: "A007", caseNumber: "TS202612070015", itemCode: "11370100MB2850004Y",
               itemName: "新生儿出生", department: "人力资源和社会保障局", windowID: "4", staffID: "clerk4", staffName: "李四",
               channel: .keypad, level: level, at: at, reasons: reasons, realName: true)
    }

    func json(_ report: ReviewReport) throws -> (text: String, object: [String: Any]) {
        let data = try JSONEncoder().encode(report)
        return (String(decoding: data, as: UTF8.self), try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    @Test func theRaterIsMaskedAndNoFullNameIDOrPhoneIsSent() throws {
        let report = ReviewReport(review(.verySatisfied), rater: ReviewRater(applicant: Self.applicant))
        let (text, object) = try json(report)
        for secret in ["王小明", "小明", "110101199003071234", "19900307", "13812345678", "李四", "新生儿出生"] {
            #expect(!text.contains(secret), "\(secret) in \(text)")
        }
        #expect(Set(object.keys).isSubset(of: ReviewReport.fields), "\(object.keys)")
        let rater = try #require(object["rater"] as? [String: Any])
        #expect(Set(rater.keys).isSubset(of: ReviewReport.raterFields))
        #expect(rater["maskedName"] as? String == "王**" && rater["maskedNumber"] as? String == "1101**********1234")
        #expect(rater["maskedPhone"] as? String == "138****5678")
        #expect(object["caseNumber"] as? String == "TS202612070015" && object["itemCode"] as? String == "11370100MB2850004Y")
        #expect(object["department"] as? String == "人力资源和社会保障局" && object["windowID"] as? String == "4")
        #expect(object["level"] as? Int == 5 && object["levelName"] as? String == "非常满意" && object["channel"] as? String == "keypad")
        #expect(object["reviewID"] as? String == "r1" && object["ratedAt"] != nil)
    }

    @Test func aRealNameTicketsHolderGoesAsTheTicketKeepsThem() throws {
        let holder = TicketHolder(maskedName: "张**", maskedNumber: "1506**********123X", cardType: "residentCard", age: 40)
        let ticket = Ticket(id: "t1", number: "A007", queueID: "general", serviceDay: "2026-12-07", sequence: 7, issuedAt: at, holder: holder)
        let subject = ReviewSubject.of(ticket, catalog: try Catalog(items: [], bundles: []), queueName: "综合", hallName: "大厅")
        let (_, object) = try json(ReviewReport(subject.review(id: "r2", channel: .keypad, level: .satisfied, at: at), rater: subject.rater))
        let rater = try #require(object["rater"] as? [String: Any])
        #expect(rater["maskedName"] as? String == "张**" && rater["cardType"] as? String == "residentCard" && rater["maskedPhone"] == nil)
        // An anonymous ticket has no rater at all.
        let anonymous = ReviewSubject.of(Ticket(id: "t2", number: "A008", queueID: "general", serviceDay: "2026-12-07", sequence: 8, issuedAt: at),
                                         catalog: try Catalog(items: [], bundles: []), queueName: nil, hallName: "大厅")
        #expect(anonymous.rater == nil)
    }

    @Test func aGoodReviewIsDueAtOnceABadOneWithItsReasonsOrAfterTheWait() {
        let policy = ReviewUploadPolicy(reasonsWaitSeconds: 300)
        #expect(policy.due(review(.fairlySatisfied)) == at)
        #expect(policy.due(review(.dissatisfied)) == at.addingTimeInterval(300))
        #expect(policy.due(review(.veryDissatisfied, reasons: ["等候时间长"])) == at)
        #expect(ReviewReport(review(.dissatisfied, reasons: ["等候时间长"]), rater: nil).reasons == ["等候时间长"])
    }
}
