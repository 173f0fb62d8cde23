// Delta Transaction Log Protocol, "Schema Serialization Format": a struct type
// {"type":"struct","fields":[...]} whose fields carry name, type, nullable and metadata;
// "Primitive Types" names boolean, long, double, string and timestamp (microseconds since
// the epoch, UTC; stored in Parquet with isAdjustedToUTC=true, no table feature needed).
import SluiceJSON

/// The primitive column types this writer puts into a table schema.
public enum DeltaType: String, Sendable, Hashable, CaseIterable {
    case boolean
    case long
    case double
    case string
    /// Microseconds since 1970-01-01 00:00:00 UTC (Parquet TIMESTAMP(MICROS, UTC)).
    case timestamp
}

/// One top-level column of a table schema, data columns and partition columns alike.
public struct DeltaField: Sendable, Equatable {
    public var name: String
    public var type: DeltaType
    public var nullable: Bool

    public init(name: String, type: DeltaType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

extension DeltaField {
    /// The `schemaString` of a `metaData` action: the struct type as compact JSON.
    static func schemaString(of fields: [DeltaField]) -> String {
        let members = fields.map { field in
            JSONValue.object(
                JSONObject([
                    ("name", .string(field.name)),
                    ("type", .string(field.type.rawValue)),
                    ("nullable", .bool(field.nullable)),
                    ("metadata", .object(JSONObject())),
                ]))
        }
        let schema = JSONObject([("type", .string("struct")), ("fields", .array(members))])
        return JSONValue.object(schema).jsonText
    }

    /// Parses a `schemaString`; `nil` with the reason when it holds something this writer
    /// cannot represent (nested types, other primitives, column mapping metadata).
    static func parseSchema(_ text: String) -> Result<[DeltaField], SchemaProblem> {
        guard let schema = try? JSONParser().parse(text),
            schema["type"]?.stringValue == "struct", let members = schema["fields"]?.arrayValue
        else { return .failure(.notAStruct) }

        var fields: [DeltaField] = []
        for member in members {
            guard let name = member["name"]?.stringValue else { return .failure(.notAStruct) }
            guard let typeName = member["type"]?.stringValue,
                let type = DeltaType(rawValue: typeName)
            else {
                return .failure(
                    .unsupportedType(column: name, type: member["type"]?.jsonText ?? ""))
            }
            fields.append(
                DeltaField(name: name, type: type, nullable: member["nullable"]?.boolValue ?? true))
        }
        return .success(fields)
    }

    /// Why a stored schema cannot be used.
    enum SchemaProblem: Error {
        case notAStruct
        case unsupportedType(column: String, type: String)
    }
}
