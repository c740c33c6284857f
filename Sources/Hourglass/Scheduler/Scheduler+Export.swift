import Foundation

extension Scheduler {
    private struct ExportDocument: Codable {
        struct Entry: Codable {
            var store: String
            var job: Job
        }
        var version: Int
        var jobs: [Entry]
    }

    /// Every handler job of every store as JSON (`{"version": 1, "jobs": [{"store": ..., "job": ...}]}`).
    /// Closure jobs are left out: code cannot be written as JSON.
    public func exportJobs() async throws -> Data {
        var entries: [ExportDocument.Entry] = []
        for name in storeOrder {
            for job in try await store(named: name).jobs(matching: JobFilter()) where !job.target.isClosure {
                entries.append(.init(store: name, job: job))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ExportDocument(version: 1, jobs: entries))
    }

    /// Adds the jobs of an export, each to the store it came from (which must exist here),
    /// keeping their next run times. Returns their handles.
    ///
    /// - Throws: ``SchedulerError/Code/unsupportedFormat`` for a document this build cannot
    ///   read, and what ``add(_:store:onConflict:)->JobHandle`` throws; a closure job in the
    ///   document gives ``SchedulerError/Code/closureNotStorable``.
    @discardableResult
    public func importJobs(_ data: Data, onConflict: ConflictPolicy = .fail) async throws -> [JobHandle] {
        let document: ExportDocument
        do {
            document = try JSONDecoder().decode(ExportDocument.self, from: data)
        } catch let error as SchedulerError {
            throw error
        } catch {
            throw SchedulerError(code: .unsupportedFormat, field: "export", reason: "cannot be read: \(DecodingProblem.describe(error))")
        }
        guard document.version <= 1 else {
            throw SchedulerError(
                code: .unsupportedFormat, field: "export",
                reason: "has version \(document.version), newer than this build reads (1); upgrade Hourglass")
        }
        var handles: [JobHandle] = []
        for entry in document.jobs {
            handles.append(try await add(entry.job, store: entry.store, onConflict: onConflict))
        }
        return handles
    }
}
