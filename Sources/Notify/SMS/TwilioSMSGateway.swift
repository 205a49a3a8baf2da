import Foundation
import JSONRPC
import Kernel

/// Twilio's Messages API, and any provider compatible with it:
/// `POST {baseURL}/2010-04-01/Accounts/{accountSID}/Messages.json` with a form body
/// `To`, `From`, `Body`, authenticated with HTTP Basic `accountSID:authToken`.
package struct TwilioSMSGateway: SMSGateway {
    package var accountSID: String
    package var authToken: String
    /// The sender: an E.164 number or an alphanumeric sender id.
    package var from: String
    /// The API root, without a trailing slash (`https://api.twilio.com`).
    package var baseURL: String
    /// Where Twilio posts delivery receipts (`http.publicUrl` + `/sms/twilio/status`), when set.
    package var statusCallback: String?

    package init(
        accountSID: String, authToken: String, from: String, baseURL: String = "https://api.twilio.com",
        statusCallback: String? = nil
    ) {
        self.statusCallback = statusCallback
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.baseURL = baseURL
    }

    package func request(to: String, text: String) -> HTTPRequest {
        let root = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let url = root + "/2010-04-01/Accounts/" + FormURLEncoding.encodeURLComponent(accountSID) + "/Messages.json"
        let body = FormURLEncoding.encode([("To", to), ("From", from), ("Body", text)] + (statusCallback.map { [("StatusCallback", $0)] } ?? []))
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        return HTTPRequest(
            method: "POST", url: url,
            headers: [
                HTTPHeader("Authorization", "Basic " + credentials),
                HTTPHeader("Content-Type", FormURLEncoding.contentType),
                HTTPHeader("Accept", "application/json")
            ],
            body: Data(body.utf8))
    }

    /// The `sid` of the Message resource Twilio answers with.
    package func providerMessageId(in response: HTTPResponse) -> String? {
        guard (200...299).contains(response.status), let json = try? JSONParser.parse(Array(response.body)) else { return nil }
        return json["sid"]?.stringValue
    }
}
