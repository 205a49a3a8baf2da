import Foundation
import JSONRPC
import Kernel

/// `POST /sms/twilio`: Twilio's incoming-message webhook (form-encoded `From`, `To`, `Body`,
/// `MessageSid`…), checked with `X-Twilio-Signature` against the account's auth token.
///
/// A missing or wrong signature is 403 and nothing is handled; a message already taken in (a
/// retried webhook) is acknowledged again and ignored; the answer is an empty TwiML `<Response/>`,
/// so that Twilio sends no reply of its own.
enum TwilioInboundRoute {
    static let path = "/sms/twilio"
    static let emptyTwiML = Array(#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#.utf8)

    /// The auth token: a `twilio` provider's in `notify.sms`, else `http.twilio.authToken`.
    static func authToken(configuration: NotifyConfiguration, document: ConfigurationDocument) -> String? {
        if let twilio = configuration.sms?.gateway as? TwilioSMSGateway { return twilio.authToken }
        return document.value(at: "http.twilio.authToken")?.stringValue
    }

    static func route(host: KernelHost, authToken: String?) -> HTTPRoute {
        HTTPRoute("POST", path, summary: "Twilio's incoming SMS webhook (signed form post); the text goes to the same router as notify.inboundSms") { request in
            let fields: [(name: String, value: String)]
            do {
                fields = try TwilioInboundRoute.verifiedFields(request, authToken: authToken)
            } catch {
                ServerMetrics.inboundSMS(via: "twilio", result: "refused")
                throw error
            }
            func field(_ name: String) throws -> String {
                guard let v = fields.first(where: { $0.name == name })?.value, !v.isEmpty else { throw HTTPRouteError(400, "missing field \(name)") }
                return v
            }
            _ = try await InboundWebhook.take(
                gateway: "twilio", messageId: try field("MessageSid"), from: try field("From"),
                text: fields.first(where: { $0.name == "Body" })?.value ?? "", fields: fields, host: host)
            return .body(200, contentType: "text/xml", emptyTwiML)
        }
    }

    /// The form's fields once the signature is checked; 403 when it is missing or wrong, 400 when the body is not a form.
    static func verifiedFields(_ request: HTTPRequestData, authToken: String?) throws -> [(name: String, value: String)] {
        guard let authToken, !authToken.isEmpty else { throw HTTPRouteError(403, "no Twilio auth token configured") }
        guard let signature = request.header("X-Twilio-Signature"), !signature.isEmpty else {
            throw HTTPRouteError(403, "missing X-Twilio-Signature")
        }
        let contentType = request.header("Content-Type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPRouteError(400, "expected an application/x-www-form-urlencoded body")
        }
        guard let body = String(validating: request.body, as: UTF8.self) else { throw HTTPRouteError(400, "body is not UTF-8") }
        let fields = FormURLEncoding.decode(body)
        let url = request.publicURL + request.path + (request.query.isEmpty ? "" : "?" + request.query)
        guard TwilioSignature.isValid(signature, url: url, parameters: fields, authToken: authToken) else {
            throw HTTPRouteError(403, "X-Twilio-Signature does not match")
        }
        return fields
    }
}
