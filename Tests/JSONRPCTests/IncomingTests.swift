import JSONRPC
import Testing

/// Classification of lines per the specification.
@Suite struct IncomingTests {
    @Test func notificationHasNoID() throws {
        guard case .single(.request(let r)) = Incoming.parse(Array(#"{"jsonrpc":"2.0","method":"x"}"#.utf8)) else {
            Issue.record("not a request")
            return
        }
        #expect(r.isNotification)
    }

    @Test func nullIDIsARequest() throws {
        guard case .single(.request(let r)) = Incoming.parse(Array(#"{"jsonrpc":"2.0","method":"x","id":null}"#.utf8)) else {
            Issue.record("not a request")
            return
        }
        #expect(r.id == .null)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","method":"x","id":{}}"#, #"{"jsonrpc":"2.0","method":"x","params":3,"id":1}"#,
        #"{"method":"x","id":1}"#, #"{"jsonrpc":"2.0","id":1}"#
    ])
    func invalidRequests(_ line: String) {
        guard case .single(.invalid(_, let error)) = Incoming.parse(Array(line.utf8)) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(error.code == .invalidRequest)
    }

    @Test func invalidRequestKeepsAReadableID() {
        guard case .single(.invalid(let id, _)) = Incoming.parse(Array(#"{"jsonrpc":"1.0","method":"x","id":"k"}"#.utf8)) else {
            Issue.record("accepted")
            return
        }
        #expect(id == "k")
    }
}
