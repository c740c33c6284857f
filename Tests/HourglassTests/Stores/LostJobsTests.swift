import Foundation
import Hourglass
import Testing

/// `JobCompletionReport.lostJobs`: a job is lost only when every completion of it in the
/// call lost its claim.
@Suite("Lost jobs: the jobs whose every completion lost its claim")
struct LostJobsTests {
    static let claim = JobClaim(owner: "me", leaseExpiry: Date(timeIntervalSince1970: 60), token: 1, revision: 1)

    static func completions(_ ids: [JobID]) -> [JobCompletion] {
        ids.map { JobCompletion(id: $0, claim: claim, outcome: .finish) }
    }

    @Test("No lost claim: no job is lost")
    func noneLost() {
        let lost = JobCompletionReport.lostJobs(Self.completions(["a", "b"]), results: [.updated, .removed])
        #expect(lost.isEmpty)
    }

    @Test("A job whose only completion lost its claim is lost; the others are not")
    func oneLost() {
        let lost = JobCompletionReport.lostJobs(Self.completions(["a", "b", "c"]), results: [.updated, .claimLost, .keptUpdate])
        #expect(lost == ["b"])
    }

    @Test("A job lost in one completion but held in another of the same call is not lost")
    func heldElsewhere() {
        let lost = JobCompletionReport.lostJobs(
            Self.completions(["a", "a", "b", "b"]), results: [.claimLost, .updated, .claimLost, .claimLost])
        #expect(lost == ["b"])
    }
}
