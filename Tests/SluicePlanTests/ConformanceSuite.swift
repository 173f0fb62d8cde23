import Foundation
import SluiceJSON
import SluicePlan

/// One test of the official JSON Schema test suite (draft-07 folder).
struct ConformanceCase: Sendable, CustomStringConvertible {
    var file: String
    var group: String
    var test: String
    var schema: JSONValue
    var data: JSONValue
    var isValid: Bool

    /// A stable id: file, group and test descriptions.
    var id: String { "\(file) / \(group) / \(test)" }

    var description: String { id }
}

/// Loads the suite from `../shared/conformance/json-schema-draft7` next to the package.
enum ConformanceSuite {
    /// The package root, found from this file's path (Tests/SluicePlanTests/...).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared read-only material: `SLUICE_SHARED`, else `../shared` beside the package
    /// (a git worktree one level deeper finds it at `../../shared`).
    static let shared: URL = {
        if let path = ProcessInfo.processInfo.environment["SLUICE_SHARED"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = ["../shared", "../../shared"].map {
            packageRoot.appendingPathComponent($0).standardizedFileURL
        }
        let existing = candidates.first { FileManager.default.fileExists(atPath: $0.path) }
        return existing ?? candidates[0]
    }()

    static let folder = shared.appendingPathComponent("conformance/json-schema-draft7")

    /// The optional files run for the formats Sluice implements and for ECMA-262 regexes.
    static let optionalFiles = [
        "optional/format/date-time.json", "optional/format/date.json", "optional/format/time.json",
        "optional/format/email.json", "optional/format/uri.json",
        "optional/format/uri-reference.json", "optional/format/iri.json",
        "optional/format/iri-reference.json", "optional/format/ipv4.json",
        "optional/format/ipv6.json", "optional/format/hostname.json",
        "optional/format/json-pointer.json", "optional/format/relative-json-pointer.json",
        "optional/format/regex.json", "optional/format/ecmascript-regex.json",
        "optional/format/uri-template.json",
        "optional/ecmascript-regex.json", "optional/bignum.json", "optional/float-overflow.json",
        "optional/non-bmp-regex.json", "optional/id.json",
    ]

    static let requiredCases: [ConformanceCase] = cases(files: requiredFiles())

    static let optionalCases: [ConformanceCase] = cases(files: optionalFiles)

    /// Every remote document, registered as `http://localhost:1234/<path>`.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry()
        let remotes = folder.appendingPathComponent("remotes")
        let walker = FileManager.default.enumerator(atPath: remotes.path)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".json"), let json = parse(remotes.appendingPathComponent(path))
            else { continue }
            registry.add(json, uri: "http://localhost:1234/" + path)
        }
        return registry
    }()

    static func requiredFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func parse(_ url: URL) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONParser().parse([UInt8](data))
    }

    static func cases(files: [String]) -> [ConformanceCase] {
        var cases: [ConformanceCase] = []
        for file in files {
            guard let groups = parse(folder.appendingPathComponent(file))?.arrayValue else {
                continue
            }
            for group in groups {
                cases += groupCases(group, file: file)
            }
        }
        return cases
    }

    private static func groupCases(_ group: JSONValue, file: String) -> [ConformanceCase] {
        let groupName = group["description"]?.stringValue ?? "?"
        return (group["tests"]?.arrayValue ?? []).map { test in
            ConformanceCase(
                file: file, group: groupName, test: test["description"]?.stringValue ?? "?",
                schema: group["schema"] ?? .null, data: test["data"] ?? .null,
                isValid: test["valid"]?.boolValue ?? false)
        }
    }

    /// Runs one case: `nil` when our verdict matches, else a sentence on what happened.
    static func failure(of testCase: ConformanceCase) -> String? {
        let schema: JSONSchema
        do {
            schema = try JSONSchema(json: testCase.schema, registry: registry)
        } catch {
            return "schema did not compile: \(error)"
        }

        let isValid = schema.isValid(testCase.data)
        let violations = schema.validate(testCase.data)
        guard isValid == violations.isEmpty else {
            return "isValid says \(isValid) but validate found \(violations.count) violations"
        }
        return isValid == testCase.isValid
            ? nil : "expected valid=\(testCase.isValid), got \(isValid)"
    }
}
