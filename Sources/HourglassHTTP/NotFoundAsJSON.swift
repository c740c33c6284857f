import Hummingbird

/// Answers a request that no route takes with the API's JSON error (`not_found`), naming
/// the method and path, instead of an empty 404.
struct NotFoundAsJSON<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw APIError(
                status: .notFound, code: "not_found",
                message: "no endpoint \(request.method) \(APIError.shown(request.uri.path)); /api/v1/openapi.json lists them")
        }
    }
}
