// GET /openapi.json: the HTTP API description. docs/openapi.yaml is embedded in the
// binary at build time (Plugins/EmbedRules) and turned into JSON once, at first use,
// with Yams (the YAML library the rules already use), so the document served is the
// one committed and cannot drift from it.
import Hummingbird
import VigilBuiltinRules
import VigilEngine
import Yams

enum OpenAPIDocument {
    /// The document as JSON bytes (nil only if the embedded YAML does not parse, which
    /// the tests rule out).
    static let json: [UInt8]? = {
        guard let node = try? Yams.compose(yaml: embeddedOpenAPIYAML) else { return nil }
        var writer = JSONWriter(capacity: 32 << 10)
        write(node, into: &writer)
        writer.bytes.append(0x0A)
        return writer.bytes
    }()

    static func write(_ node: Node, into writer: inout JSONWriter) {
        switch node {
        case .mapping(let mapping):
            writer.beginObject()
            for (key, value) in mapping {
                writer.key(key.string ?? "")
                write(value, into: &writer)
            }
            writer.endObject()
        case .sequence(let sequence):
            writer.beginArray()
            for value in sequence { write(value, into: &writer) }
            writer.endArray()
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case "tag:yaml.org,2002:null": writer.null()
            case "tag:yaml.org,2002:bool": writer.bool(node.bool ?? false)
            case "tag:yaml.org,2002:int": writer.int(node.int ?? 0)
            case "tag:yaml.org,2002:float": writer.double(node.float ?? 0)
            default: writer.string(scalar.string)
            }
        default:
            writer.null()
        }
    }
}

extension ServeResponder {
    func openAPI() -> Response {
        guard let json = OpenAPIDocument.json else {
            return ServeResponse.error(.internalServerError, "the embedded API description does not parse")
        }
        return ServeResponse.bytes(json)
    }
}
