import Foundation
import IntakeCore

/// The simulated day's figures as `name value` lines, read from the day's supervision
/// report: what the hall counted, the wait estimate's errors in minutes, and its mean
/// absolute error over the naive estimator's (below 1: the estimator does better).
enum SimulatedDayFigures {
    static func lines(_ r: SupervisionReport) -> [String] {
        func minutes(_ s: Double?) -> String { s.map { String(format: "%.2f", $0 / 60) } ?? "-" }
        let service = r.hall.service, w = r.waitEstimate
        var lines = [
            "report.tickets \(service.tickets)", "report.served \(service.served)", "report.no_shows \(service.noShows)",
            "report.wait_minutes.mean \(minutes(service.waitingTime.meanSeconds))",
            "report.wait_minutes.p90 \(minutes(service.waitingTime.p90Seconds))",
            "report.service_minutes.mean \(minutes(service.serviceTime.meanSeconds))",
            "report.reviews \(r.hall.reviews.total)", "report.reviews_bad \(r.hall.reviews.bad)",
            "report.review_tasks_closed \(r.hall.reviews.tasksClosed)",
            "report.complaints \(r.hall.complaints.received)",
            "report.complaints_satisfied \(r.hall.complaints.resultSatisfaction.numerator)",
            "report.complaints_rated \(r.hall.complaints.resultSatisfaction.denominator)",
            "wait_estimate.tickets \(w.tickets)",
            "wait_estimate.error_minutes.mean_absolute \(minutes(w.estimator.absolute.meanSeconds))",
            "wait_estimate.error_minutes.p90_absolute \(minutes(w.estimator.absolute.p90Seconds))",
            "wait_estimate.error_minutes.mean_signed \(minutes(w.estimator.meanSignedSeconds))",
            "naive_estimate.error_minutes.mean_absolute \(minutes(w.naive.absolute.meanSeconds))",
            "naive_estimate.error_minutes.p90_absolute \(minutes(w.naive.absolute.p90Seconds))",
            "naive_estimate.error_minutes.mean_signed \(minutes(w.naive.meanSignedSeconds))",
        ]
        if let ours = w.estimator.absolute.meanSeconds, let naive = w.naive.absolute.meanSeconds, naive > 0 {
            lines.append(String(format: "ratio.wait_estimate.mean_absolute_error_over_naive %.3f", ours / naive))
        }
        return lines
    }
}
