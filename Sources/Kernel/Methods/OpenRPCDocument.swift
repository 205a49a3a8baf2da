package import JSONRPC

/// Builds the OpenRPC 1.3 document (`rpc.discover`) from the registered methods.
package enum OpenRPCDocument {
    package static func build(host: KernelHost) -> JSONValue {
        var methods: [JSONValue] = []
        for m in host.registry.methods {
            var params: [JSONValue] = m.paramsSchema.fields.map { f in
                var o: JSONObject = ["name": .string(f.name), "schema": f.schema.jsonValue]
                if f.required { o["required"] = true }
                if let d = f.schema.json["description"] { o["description"] = d }
                return .object(o)
            }
            if m.scope != .service { params.append(practiceParam(m.scope)) }
            if m.scope == .pool { params.append(poolParam) }
            var o: JSONObject = [
                "name": .string(m.name),
                "summary": .string(m.summary),
                "params": .array(params),
                "result": ["name": "result", "schema": m.resultSchema.jsonValue],
                "paramStructure": "either"
            ]
            o["x-role"] = .string(m.role.rawValue)
            o["x-effect"] = .string(m.effect.rawValue)
            methods.append(.object(o))
        }
        return [
            "openrpc": "1.3.2",
            "info": [
                "title": "Permanence",
                "version": .string(KernelHost.version),
                "description": "Back office of a medical telephone answering service: JSON-RPC 2.0, one message per line, on stdio and TCP."
            ],
            "methods": .array(methods),
            "x-eventTopics": .array(host.eventTopics.map { .string($0) })
        ]
    }

    /// The `practiceId` param the dispatcher reads for every practice-scoped method (by name only).
    static func practiceParam(_ scope: MethodScope) -> JSONValue {
        var description = "The practice the call acts for; may be omitted when the session acts for one practice only. By name only."
        if case .practiceByNumber(let param) = scope { description += " Without it, the practice whose number is \(param)." }
        if scope == .pool {
            description = "One practice the figures cover (or give practiceIds); both omitted: every practice the session may act for (the pool)."
        }
        return ["name": .string(PracticeHosts.practiceParam), "schema": ["type": "string", "maxLength": 63], "description": .string(description)]
    }

    /// The `practiceIds` param of a pool-scoped method (by name only).
    static let poolParam: JSONValue = [
        "name": .string(PracticeHosts.poolParam),
        "schema": ["type": "array", "minItems": 1, "items": ["type": "string", "maxLength": 63]],
        "description": "The practices the figures cover, pooled; the first one's time zone frames the intervals. By name only."
    ]
}
