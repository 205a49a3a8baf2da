import JSONRPC
import Kernel

/// Checks a method's `paramsSchema` against its `Params`, through the decoding a call does
/// (`AnyMethod.decodeParams`), without running the method:
/// - the example with every field, by name and by position, decodes;
/// - the example with only the required fields decodes (nothing the schema calls optional is required);
/// - leaving out a required field fails, naming that field (nothing the schema requires is optional).
///
/// Returns what disagrees, one line each; empty when the schema and `Params` agree.
enum ParamsContract {
    static func issues(_ method: AnyMethod, hints: [String: JSONValue] = [:]) -> [String] {
        var issues: [String] = []
        let schema = method.paramsSchema
        let fullExample = SchemaExample(full: true, hints: hints)
        let minimalExample = SchemaExample(full: false, hints: hints)
        func decodes(_ params: JSONValue, _ what: String) {
            do { try method.decodeParams(params) } catch {
                issues.append("\(what) \(JSONWriter.string(params)) does not decode: \(describe(error))")
            }
        }
        do {
            let full = try fullExample.params(schema)
            decodes(.object(full), "the example with every field")
            if !schema.fields.isEmpty {
                decodes(.array(schema.fields.map { full[$0.name] ?? .null }), "the example by position")
            }
            let minimal = try minimalExample.params(schema)
            decodes(.object(minimal), "the example with only the required fields")
            for field in schema.fields where field.required {
                let without = JSONValue.object(try minimalExample.params(schema, leaving: field.name))
                do {
                    try method.decodeParams(without)
                    issues.append("\(field.name) is required by the schema, but params without it decode")
                } catch let error as RPCError {
                    let named = error.data?["field"]?.stringValue
                    if named != field.name && !(named == nil && error.message.contains(field.name)) {
                        issues.append("without \(field.name), the error names \(named ?? "no field"): \(error.message)")
                    }
                } catch {
                    issues.append("without \(field.name): \(error)")
                }
            }
            for field in schema.fields where !field.required {
                decodes(.object(try fullExample.params(schema, leaving: field.name)), "the example without optional \(field.name)")
            }
        } catch {
            issues.append("\(error)")
        }
        return issues
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? RPCError else { return "\(error)" }
        return error.message + (error.data.map { " " + JSONWriter.string($0) } ?? "")
    }
}
