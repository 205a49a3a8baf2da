import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import NIOCore

/// Matches a request against the route table and answers it: the operations routes and the
/// plugins' contributed ones.
///
/// An unknown path is 404; a known path with another method is 405 with `Allow`; a body over the
/// limit is 413 before the route sees it; a route's `HTTPRouteError` is its status with the reason
/// as plain text; any other error is 500 without detail.
struct EdgeResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let table: RouteTable
    let maximumBodyBytes: Int
    /// `http.publicUrl`; nil: `http://` + the request's Host.
    let publicURL: String?

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let (response, pattern) = try await answer(request)
        ServerMetrics.http(route: pattern, method: request.method.rawValue, status: response.status.code, duration: started.duration(to: .now))
        return response
    }

    /// The response and the route pattern that answered (`unmatched` for 404s).
    private func answer(_ request: Request) async throws -> (Response, String) {
        let path = request.uri.path
        let method = request.method.rawValue
        let parts = HTTPRoute.parts(of: path)
        let candidates = table.routes.compactMap { r in r.match(parts: parts).map { (r, $0) } }
        guard !candidates.isEmpty else { return (Self.plain(404, "no route for \(path)"), "unmatched") }
        // HEAD is answered by the GET route, without the body.
        let lookup = method == "HEAD" ? "GET" : method
        guard let (route, parameters) = candidates.first(where: { $0.0.method == lookup }) else {
            var r = Self.plain(405, "\(method) not allowed on \(path)")
            r.headers[.allow] = Set(candidates.map(\.0.method)).sorted().joined(separator: ", ")
            return (r, candidates[0].0.path)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodyBytes {
            return (Self.plain(413, "body over \(maximumBodyBytes) bytes"), route.path)
        }
        var body: [UInt8] = []
        do {
            var buffer = try await request.body.collect(upTo: maximumBodyBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            return (Self.plain(413, "body over \(maximumBodyBytes) bytes"), route.path)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let base = publicURL ?? "http://" + (request.head.authority ?? "localhost")
        let data = HTTPRequestData(
            method: method, path: path, query: request.uri.query ?? "", headers: headers, body: body,
            parameters: parameters, publicURL: base)
        var answer: HTTPResponseData
        do {
            answer = try await route.handler(data)
        } catch let error as HTTPRouteError {
            answer = .text(error.status, error.reason + "\n")
        } catch {
            answer = .text(500, "internal error\n")
        }
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        var response = Response(
            status: .init(code: answer.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        if method == "HEAD" {
            response.headers[.contentLength] = String(answer.body.count)
            response.body = .init()
        }
        return (response, route.path)
    }

    static func plain(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

/// Two plugins contributed the same method and path.
struct DuplicateRoute: Error, CustomStringConvertible {
    let route: String
    var description: String { "HTTP route \(route) contributed twice" }
}
