import Foundation
import Hummingbird
import IntakeCore
import IntakeStore

/// The rectification of bad reviews (seed 004 §11: 差评核实整改, 申诉复核): verify, rectify,
/// answer, appeal, re-check. Who may take which step is the core's ``ReviewTaskAccess``.
struct ReviewTaskRoutes {
    let hall: HallInForce
    let reviews: ReviewStore

    struct TaskView: Encodable {
        var task: RectificationTask
        var overdue: Bool
        var stateName: String
        var review: Review?
        var history: [RectificationEvent]?
    }

    func register(on routes: HallRoutes) {
        let staff = routes.staff(.supervisor, .department, .clerk)
        // A clerk sees the tasks of the reviews about them (to appeal); the others all.
        staff.get("/api/v1/review-tasks") { request, context in
            let params = request.uri.queryParameters
            var state: RectificationState?
            if let s = params.get("state") {
                guard let parsed = RectificationState(rawValue: s) else {
                    throw APIError.badRequest("state must be one of \(RectificationState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                state = parsed
            }
            let me = try context.staff()
            var views: [TaskView] = []
            for task in try await reviews.tasks(state: state) {
                let reviewed = me.has(.clerk) ? try await reviews.review(id: task.reviewID)?.staffID : nil
                guard ReviewTaskAccess.maySee(reviewedStaff: reviewed, by: me) else { continue }
                views.append(try await Self.view(task, hall: hall, reviews: reviews, detail: false)!)
            }
            if params.get("overdue") == "true" { views = views.filter(\.overdue) }
            return try JSONCoding.response(["tasks": views])
        }
        staff.get("/api/v1/review-tasks/{id}", binding: .reviewTaskSeen) { _, context in
            let id = try context.parameters.require("id")
            guard let task = try await Self.view(reviews.task(id: id), hall: hall, reviews: reviews) else { throw APIError.notFound("no review task \(id)") }
            let me = try context.staff()
            guard ReviewTaskAccess.maySee(reviewedStaff: task.review?.staffID, by: me) else {
                throw APIError(.forbidden, code: "forbidden", message: "a clerk sees only the tasks of reviews about them")
            }
            return try JSONCoding.response(task)
        }
        for step in ReviewTaskSteps.all { register(step, on: staff) }
    }

    private func register<Step: ReviewTaskStep>(_ step: Step.Type, on staff: AudienceRoutes) {
        staff.post("/api/v1/review-tasks/{id}/\(Step.step.rawValue)", binding: .reviewTaskStep) { request, context in
            let id = try context.parameters.require("id")
            let me = try context.staff()
            guard let task = try await reviews.task(id: id) else { throw APIError.notFound("no review task \(id)") }
            let reviewed = try await reviews.review(id: task.reviewID)?.staffID
            try context.require(ReviewTaskAccess.mayTake(Step.step, on: task, reviewedStaff: reviewed, by: me))
            let body = try await JSONCoding.body(Step.Body.self, of: request, context: context)
            let now = hall.clock()
            let updated = try await reviews.act(task: id, Step.action(body, by: me.id, at: now), by: me.id, at: now)
            hall.logger.info("Review task step", metadata: ["task": "\(id)", "step": "\(Step.step.rawValue)", "state": "\(updated.state.rawValue)"])
            return try JSONCoding.response(try await Self.view(updated, hall: hall, reviews: reviews)!)
        }
    }

    static func view(_ task: RectificationTask?, hall: HallInForce, reviews: ReviewStore, detail: Bool = true) async throws -> TaskView? {
        guard let task else { return nil }
        return TaskView(task: task, overdue: task.isOverdue(today: hall.civilToday), stateName: task.state.chineseName,
                        review: detail ? try await reviews.review(id: task.reviewID) : nil,
                        history: detail ? try await reviews.events(ofTask: task.id) : nil)
    }
}
