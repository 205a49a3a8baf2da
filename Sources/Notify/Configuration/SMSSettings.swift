/// How SMS leave the server, from `notify.sms` in the configuration.
package struct SMSSettings: Sendable {
    /// `http` (a gateway described by templates) or `twilio` (a Twilio-compatible Messages API).
    package enum Provider: String, Sendable { case http, twilio }

    package var provider: Provider
    /// The adapter that turns a recipient and a text into the gateway's HTTP request.
    package var gateway: any SMSGateway
    /// The sender shown on the phone: an alphanumeric id (11 characters at most) or a number.
    package var from: String

    package init(provider: Provider, gateway: any SMSGateway, from: String) {
        self.provider = provider
        self.gateway = gateway
        self.from = from
    }
}
