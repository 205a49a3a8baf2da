import Foundation
import Notify
import Testing

@Suite("CurlHTTPClient against a real loopback server")
struct CurlHTTPClientTests {
    let client = CurlHTTPClient(maxConcurrentTransfers: 2)

    @Test("status, headers and body are read back", arguments: [200, 500, 429])
    func statusHeadersAndBody(status: Int) async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let request = HTTPRequest(
            method: "POST", url: server.baseURL + "/status/\(status)",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Trace", "abc 123")],
            body: Data(#"{"alerte": "rappeler le patient"}"#.utf8))

        let response = try await client.send(request)

        #expect(response.status == status)
        #expect(response.headers.value(for: "x-echo-method") == "POST")
        #expect(response.headers.value(for: "Content-Type") == "application/json")
        #expect(response.headers.value(for: "Retry-After") == (status == 429 ? "7" : nil))
        #expect(response.duration > .zero)
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(echoed["method"] as? String == "POST")
        #expect(echoed["body"] as? String == #"{"alerte": "rappeler le patient"}"#)
        let headers = try #require(echoed["headers"] as? [String: String])
        #expect(headers["x-trace"] == "abc 123")
        #expect(headers["expect"] == nil)
        #expect(DeliveryOutcome(response) == .response(status: status, retryAfter: status == 429 ? "7" : nil))
    }

    @Test("GET and a custom method reach the server as sent", arguments: ["GET", "PUT", "DELETE"])
    func methods(method: String) async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(method: method, url: server.baseURL + "/status/204"))
        #expect(response.status == 204)
        let record = try await server.nextRecord()
        #expect(record["method"] as? String == method)
    }

    @Test("a redirect is returned, not followed")
    func redirectNotFollowed() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/redirect"))
        #expect(response.status == 302)
        #expect(response.headers.value(for: "Location") == "/status/200")
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(echoed["path"] as? String == "/redirect")
        #expect(try await server.nextRecord()["path"] as? String == "/redirect")
    }

    @Test("a closed port is a network error carrying curl's code")
    func closedPort() async throws {
        let port = LoopbackHTTPServer.closedPort()
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.code == HTTPClientError.couldNotConnect)
        #expect(error?.message.isEmpty == false)
        let thrown = try #require(error)
        #expect(DeliveryOutcome(thrown) == .networkError(thrown.description))
    }

    @Test("a server that never answers hits the total timeout")
    func totalTimeout() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let quick = CurlHTTPClient(configuration: .init(connectTimeout: .seconds(1), timeout: .milliseconds(300)))
        let error = await #expect(throws: HTTPClientError.self) {
            try await quick.send(HTTPRequest(url: server.baseURL + "/hang"))
        }
        #expect(error?.isTimeout == true)
    }

    @Test("cancelling the task aborts a transfer in progress")
    func cancellation() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let client = self.client
        let url = server.baseURL + "/hang"
        let task = Task { try await client.send(HTTPRequest(url: url)) }
        #expect(try await server.nextRecord()["path"] as? String == "/hang") // the transfer is under way
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("schemes other than http and https are refused", arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x"])
    func otherSchemesRefused(url: String) async throws {
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: url))
        }
        #expect(error?.code == HTTPClientError.unsupportedProtocol)
    }

    @Test("a response body over the limit is an error")
    func bodyLimit() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let small = CurlHTTPClient(configuration: .init(maxResponseBytes: 16))
        let error = await #expect(throws: HTTPClientError.self) {
            try await small.send(HTTPRequest(url: server.baseURL + "/status/200"))
        }
        #expect(error?.code == HTTPClientError.writeError)
    }

    @Test("more concurrent requests than threads all complete")
    func concurrentRequests() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let client = self.client
        let base = server.baseURL
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask { try await client.send(HTTPRequest(url: base + "/status/\(200 + index)")).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.sorted() == Array(200..<208))
    }
}
