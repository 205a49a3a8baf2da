import Foundation
import JSONRPC
import Kernel
import Notify
import Synchronization
import Testing

/// A gateway's API as the fetch-back sees it: answers by the URL's last segment, counts requests.
final class FakeGatewayAPI: HTTPClient {
    let answers: [String: HTTPResponse]
    private let sent = Mutex<[HTTPRequest]>([])

    init(_ answers: [String: HTTPResponse]) { self.answers = answers }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        let id = request.url.split(separator: "/").last.map(String.init) ?? ""
        if id == "slow" { try await Task.sleep(for: .seconds(3600)) }
        if id == "down" { throw HTTPClientError(code: HTTPClientError.couldNotConnect, message: "refused") }
        return answers[id] ?? HTTPResponse(status: 404, body: Data(#"{"message":"not found"}"#.utf8))
    }
}

@Suite("Unsigned gateways: messages fetched back from the gateway's signed API", .serialized)
struct GatewayFetchTests {
    static let url = "https://eu.api.ovh.com/1.0/sms/sms-ab12345-1/incoming/{id}"
    static let yaml = """
        notify: {}
        http:
          gateways:
            - id: ovh
              fetch: {api: ovh, url: "\(url)", applicationKey: ak-7kQ, applicationSecret: as-Zr91, consumerKey: ck-Q2x}
              from: sender
              text: message
              messageId: id
        """

    /// OVHcloud's signature computed apart from ours, by Python's hashlib.
    func pythonSignature(secret: String, consumer: String, method: String, url: String, body: String, timestamp: Int) throws -> String {
        let out = try PythonProcess.run(
            script: """
                import hashlib, sys
                print("$1$" + hashlib.sha1("+".join(sys.argv[1:]).encode()).hexdigest())
                """, arguments: [secret, consumer, method, url, body, String(timestamp)])
        #expect(out.status == 0, "\(out.stderr)")
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the OVH signature matches an independent computation, with the four X-Ovh headers")
    func signature() throws {
        let signer = OVHRequestSigner(applicationKey: "ak-7kQ", applicationSecret: "as-Zr91", consumerKey: "ck-Q2x")
        let target = "https://eu.api.ovh.com/1.0/sms/sms-ab12345-1/incoming/77"
        let expected = try pythonSignature(secret: "as-Zr91", consumer: "ck-Q2x", method: "GET", url: target, body: "", timestamp: 1_765_000_000)
        #expect(expected.hasPrefix("$1$") && expected.count == 43)
        #expect(signer.signature(method: "GET", url: target, timestamp: 1_765_000_000) == expected)
        let withBody = try pythonSignature(secret: "as-Zr91", consumer: "ck-Q2x", method: "POST", url: target, body: #"{"a":1}"#, timestamp: 42)
        #expect(signer.signature(method: "POST", url: target, body: #"{"a":1}"#, timestamp: 42) == withBody)
        #expect(signer.signature(method: "GET", url: target, timestamp: 1_765_000_001) != expected, "the timestamp is signed")

        let fetch = GatewayFetch(url: Self.url, signer: signer)
        let request = fetch.request(id: "77", timestamp: 1_765_000_000)
        #expect(request.method == "GET")
        #expect(request.url == target)
        let headers = Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(headers["X-Ovh-Application"] == "ak-7kQ")
        #expect(headers["X-Ovh-Consumer"] == "ck-Q2x")
        #expect(headers["X-Ovh-Timestamp"] == "1765000000")
        #expect(headers["X-Ovh-Signature"] == expected)
    }

    @Test("callback ids: 1 to 64 letters, digits, _ or -")
    func ids() {
        for good in ["77", "a_B-9", String(repeating: "x", count: 64)] { #expect(GatewayFetch.isValidId(good), "\(good)") }
        for bad in ["", "../x", "a b", "7%2F", "é", "a/b", String(repeating: "x", count: 65)] { #expect(!GatewayFetch.isValidId(bad), "\(bad)") }
    }

    @Test("configuration: one of secret or fetch, https with {id}, every key known, each mistake named with its path")
    func configuration() throws {
        let ok = try InboundGateway.load(try ConfigurationDocument(yaml: Self.yaml))
        #expect(ok.first?.fetch?.url == Self.url)
        #expect(ok.first?.idParameter == "id")
        #expect(ok.first?.secrets.isEmpty == true)
        let loopback = try InboundGateway.load(
            try ConfigurationDocument(
                yaml: """
                    http:
                      gateways:
                        - {id: t, idParameter: smsId, fetch: {api: ovh, url: "http://127.0.0.1:9/x/{id}", applicationKey: a, applicationSecret: b, consumerKey: c}}
                    """))
        #expect(loopback.first?.idParameter == "smsId")

        let fetch = "api: ovh, applicationKey: a, applicationSecret: b, consumerKey: c"
        let document = try ConfigurationDocument(
            yaml: """
                http:
                  gateways:
                    - {id: g0, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, fetch: {\(fetch), url: "https://api.example/{id}"}}
                    - {id: g1, fetch: {\(fetch), url: "https://api.example/incoming"}}
                    - {id: g2, fetch: {\(fetch), url: "http://api.example/{id}"}}
                    - {id: g3, fetch: {\(fetch), url: "https://api.example/{id}", region: eu}}
                    - {id: g4, fetch: {api: ovh, url: "https://api.example/{id}", applicationKey: a, applicationSecret: b}}
                    - {id: g5, fetch: {api: twilio, url: "https://api.example/{id}", applicationKey: a, applicationSecret: b, consumerKey: c}}
                    - {id: g6, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, idParameter: id}
                    - {id: g7}
                """)
        do {
            _ = try InboundGateway.load(document)
            Issue.record("accepted")
        } catch {
            let text = error.description
            for path in [
                "http.gateways[0].fetch", "http.gateways[1].fetch.url", "http.gateways[2].fetch.url", "http.gateways[3].fetch.region",
                "http.gateways[4].fetch.consumerKey", "http.gateways[5].fetch.api", "http.gateways[6].idParameter",
                "http.gateways[7].secret"
            ] {
                #expect(text.contains(path), "\(path) in \(text)")
            }
            #expect(text.contains("{id}"))
            #expect(text.contains("https"))
            #expect(!text.contains("http.gateways[1].fetch.api"), "only what is wrong is named")
        }
    }

    func harness(_ api: FakeGatewayAPI, limit: Duration = GatewayFetch.timeout) async throws -> (NotifyHarness, HTTPRoute) {
        let gateways = try InboundGateway.load(try ConfigurationDocument(yaml: Self.yaml))
        let h = try await NotifyHarness(yaml: Self.yaml)
        let plugin = NotifyPlugin(settings: h.plugin.configuration, httpClient: TimeLimitedHTTPClient(api, limit: limit), inboundGateways: gateways)
        let route = try #require(plugin.httpRoutes(host: h.host).first { $0.path == "/sms/inbound/{gatewayId}" })
        return (h, route)
    }

    func callback(query: String = "", contentType: String? = nil, body: String = "") -> HTTPRequestData {
        HTTPRequestData(
            method: "POST", path: "/sms/inbound/ovh", query: query, headers: contentType.map { ["Content-Type": $0] } ?? [:],
            body: Array(body.utf8), parameters: ["gatewayId": "ovh"], publicURL: "http://x")
    }

    func answer(_ route: HTTPRoute, _ request: HTTPRequestData) async -> (status: Int, reason: String) {
        do { return (try await route.handler(request).status, "") } catch let e as HTTPRouteError { return (e.status, e.reason) } catch {
            return (500, "\(error)")
        }
    }

    static func message(_ id: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: 200, body: Data(#"{"id":\#(id),"sender":"+33639981201","message":"\#(text)","tag":"","creationDatetime":"2026-03-10T22:01:00+01:00"}"#.utf8)
        )
    }

    @Test("an unsigned callback's id is fetched once, from the query, a form or JSON; the message reaches the inbox")
    func fetchedOnce() async throws {
        let api = FakeGatewayAPI([
            "77": Self.message(77, "Merci, bien reçu"), "78": Self.message(78, "Je rappelle"),
            "79": Self.message(79, "Demain 9h")
        ])
        let (h, route) = try await harness(api)
        #expect(await answer(route, callback(query: "id=77")).status == 200)
        #expect(await answer(route, callback(query: "id=77")).status == 200, "the gateway's retry")
        #expect(api.requests.count == 1, "a retry is not fetched again")
        #expect(api.requests.first?.url == "https://eu.api.ovh.com/1.0/sms/sms-ab12345-1/incoming/77")
        #expect(await answer(route, callback(contentType: "application/x-www-form-urlencoded", body: "id=78&x=1")).status == 200)
        #expect(await answer(route, callback(contentType: "application/json", body: #"{"id": 79}"#)).status == 200)
        #expect(api.requests.count == 3)
        let items = try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue ?? []
        #expect(Set(items.compactMap { $0["text"]?.stringValue }) == ["Merci, bien reçu", "Je rappelle", "Demain 9h"])
        await h.shutdown()
    }

    @Test("refused: a missing or odd id 400 naming it, unknown at the API 404, an API failure or timeout 502, nothing handled")
    func refused() async throws {
        let api = FakeGatewayAPI([
            "500": HTTPResponse(status: 500), "html": HTTPResponse(status: 200, body: Data("<html>".utf8)),
            "other": Self.message(12, "OK 1234"), "nosender": HTTPResponse(status: 200, body: Data(#"{"id":"nosender"}"#.utf8))
        ])
        let (h, route) = try await harness(api, limit: .milliseconds(200))
        let missing = await answer(route, callback())
        #expect(missing.status == 400 && missing.reason.contains("id"))
        let odd = await answer(route, callback(query: "id=..%2Fx"))
        #expect(odd.status == 400 && odd.reason.contains("id"))
        #expect(api.requests.isEmpty, "nothing asked for a bad id")
        #expect(await answer(route, callback(query: "id=999")).status == 404)
        for id in ["500", "html", "other", "nosender", "down", "slow"] {
            #expect(await answer(route, callback(query: "id=\(id)")).status == 502, "\(id)")
        }
        #expect(try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue?.isEmpty == true)
        // Nothing was recorded: once the API knows the message, the gateway's retry is fetched again.
        #expect(await answer(route, callback(query: "id=999")).status == 404)
        #expect(api.requests.filter { $0.url.hasSuffix("/999") }.count == 2)
        await h.shutdown()
    }
}
