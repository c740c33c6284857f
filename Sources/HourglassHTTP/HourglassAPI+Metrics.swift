import Hourglass
import Hummingbird
import Prometheus

extension HourglassAPI {
    /// The media type of the Prometheus text format.
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `GET /metrics`: the registry in the Prometheus text format, after the jobs'
    /// next-fire-time gauges are brought up to date from the stores (within ``storeTimeout``;
    /// a store that does not answer leaves its gauges as they were).
    func exportMetrics(_ request: Request) async throws -> Response {
        try authorize(request, .read)
        guard let registry = metrics else {
            throw APIError(
                status: .notFound, code: "metrics_not_enabled",
                message: "this server exports no metrics (the API was given no Prometheus registry)")
        }
        await refreshJobMetrics()
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: Self.prometheusContentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Refreshes the scheduler's per-job gauges, giving up after ``storeTimeout``.
    private func refreshJobMetrics() async {
        _ = await TimeLimit.run(storeTimeout) { [scheduler] in try? await scheduler.refreshJobMetrics() }
    }
}
