import Foundation
import Notify
import Testing

@Suite("SMS gateway request builders")
struct SMSGatewayTests {
    @Test("Twilio: URL, Basic auth and a form body with + as %2B")
    func twilio() throws {
        let gateway = TwilioSMSGateway(
            accountSID: "AC0123", authToken: "s3cr3t", from: "+33700000000",
            baseURL: "http://127.0.0.1:9/")
        let request = gateway.request(to: "+33612345678", text: "Bonjour Dr Martin, rappel été & co=1")
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:9/2010-04-01/Accounts/AC0123/Messages.json")
        #expect(request.headers.value(for: "Authorization") == "Basic " + Data("AC0123:s3cr3t".utf8).base64EncodedString())
        #expect(request.headers.value(for: "Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.bodyText == "To=%2B33612345678&From=%2B33700000000&Body=Bonjour+Dr+Martin%2C+rappel+%C3%A9t%C3%A9+%26+co%3D1")
        let fields = FormURLEncoding.decode(request.bodyText)
        #expect(fields.map(\.name) == ["To", "From", "Body"])
        #expect(fields.map(\.value) == ["+33612345678", "+33700000000", "Bonjour Dr Martin, rappel été & co=1"])
        #expect(
            TwilioSMSGateway(accountSID: "AC1", authToken: "t", from: "x").request(to: "+1", text: "")
                .url == "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")
    }

    static let awkwardText = "Il a dit \"oui\" \\ ok\nligne 2 {to} {text} & a=b +1 été"

    @Test("template, JSON body: substitutions are JSON-escaped, placeholders replaced once")
    func templateJSON() throws {
        let gateway = TemplateSMSGateway(
            url: "https://sms.example.test/send?to={to}&sender=Cabinet",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Recipient", "{to}")],
            body: #"{"to": "{to}", "message": "{text}", "literal": "{other}"}"#)
        #expect(gateway.bodyEncoding == .json)
        let request = gateway.request(to: "+33612345678", text: Self.awkwardText)
        #expect(request.method == "POST")
        #expect(request.url == "https://sms.example.test/send?to=%2B33612345678&sender=Cabinet")
        #expect(request.headers.value(for: "X-Recipient") == "+33612345678")
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
        #expect(object == ["to": "+33612345678", "message": Self.awkwardText, "literal": "{other}"])
    }

    @Test("template, form body: substitutions are form-encoded")
    func templateForm() {
        let gateway = TemplateSMSGateway(
            url: "https://sms.example.test/send",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: "user=cabinet&dest={to}&msg={text}")
        #expect(gateway.bodyEncoding == .form)
        let request = gateway.request(to: "+33612345678", text: Self.awkwardText)
        let fields = FormURLEncoding.decode(request.bodyText)
        #expect(fields.map(\.name) == ["user", "dest", "msg"])
        #expect(fields.map(\.value) == ["cabinet", "+33612345678", Self.awkwardText])
        #expect(request.bodyText.hasPrefix("user=cabinet&dest=%2B33612345678&msg=Il+a+dit+%22oui%22"))
    }

    @Test("template: a header cannot be split by a line break in the text; GET with the text in the URL")
    func templateHeaderAndURL() {
        let gateway = TemplateSMSGateway(
            method: "GET", url: "https://sms.example.test/send/{to}?text={text}",
            headers: [HTTPHeader("X-Text", "{text}")])
        #expect(gateway.bodyEncoding == .plain)
        let request = gateway.request(to: "+33 6", text: "a b\r\nX-Evil: 1")
        #expect(request.method == "GET")
        #expect(request.url == "https://sms.example.test/send/%2B33%206?text=a%20b%0D%0AX-Evil%3A%201")
        #expect(request.headers == [HTTPHeader("X-Text", "a bX-Evil: 1")])
        #expect(request.body.isEmpty)
    }

    @Test("gateways are usable through the protocol")
    func protocolUse() {
        let gateways: [any SMSGateway] = [
            TwilioSMSGateway(accountSID: "AC1", authToken: "t", from: "+33700000000"),
            TemplateSMSGateway(url: "https://sms.example.test/{to}", body: "{text}")
        ]
        for gateway in gateways {
            let request = gateway.request(to: "+33612345678", text: "Bonjour")
            #expect((request.url + request.bodyText).contains("33612345678"))
        }
    }
}
