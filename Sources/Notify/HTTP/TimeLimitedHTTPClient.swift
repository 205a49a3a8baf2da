/// An `HTTPClient` that gives up after `limit`: the transfer is cancelled (libcurl's is aborted)
/// and `HTTPClientError.timedOut` thrown, whatever timeouts the wrapped client has.
package struct TimeLimitedHTTPClient: HTTPClient {
    package let client: any HTTPClient
    package let limit: Duration

    package init(_ client: any HTTPClient, limit: Duration) {
        self.client = client
        self.limit = limit
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let client = self.client
        let limit = self.limit
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { try await client.send(request) }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw HTTPClientError(code: HTTPClientError.timedOut, message: "no answer within \(limit)")
            }
            return response
        }
    }
}
