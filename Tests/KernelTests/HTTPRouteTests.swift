import Kernel
import Testing

@Suite("HTTP route patterns")
struct HTTPRouteTests {
    let route = HTTPRoute("get", "/calendars/{token}.ics", summary: "feed") { _ in .text(200, "") }

    @Test("a capture with a suffix names the part before it; the method is upper-cased")
    func suffixCapture() {
        #expect(route.method == "GET")
        #expect(route.match("/calendars/abc123.ics") == ["token": "abc123"])
        #expect(route.match("/calendars/a%20b.ics") == ["token": "a b"])
    }

    @Test("other paths do not match", arguments: ["/calendars/abc123", "/calendars/.ics", "/calendars/x.ics/more", "/calendar/x.ics", "/"])
    func mismatch(path: String) {
        #expect(route.match(path) == nil)
    }

    @Test("literal routes match exactly; a trailing slash is the same path")
    func literal() {
        let r = HTTPRoute("POST", "/sms/inbound/{gatewayId}", summary: "") { _ in .text(200, "") }
        #expect(r.match("/sms/inbound/ovh") == ["gatewayId": "ovh"])
        #expect(r.match("/sms/inbound/ovh/") == ["gatewayId": "ovh"])
        #expect(r.match("/sms/inbound") == nil)
        #expect(HTTPRoute("GET", "/livez", summary: "") { _ in .text(200, "") }.match("/livez") == [:])
    }

    @Test("request headers are found whatever their case")
    func headers() {
        let request = HTTPRequestData(method: "POST", path: "/", headers: ["X-Twilio-Signature": "abc"], publicURL: "http://x")
        #expect(request.header("x-twilio-signature") == "abc")
        #expect(request.header("X-TWILIO-SIGNATURE") == "abc")
    }
}
