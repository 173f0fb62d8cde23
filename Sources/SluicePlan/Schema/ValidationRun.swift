import SluiceJSON

/// The state of one validation: whether violations are collected or the first failure
/// ends it, the instance path so far, and the `$ref` depth.
///
/// In probing mode (`isCollecting == false`) nothing is allocated: no path components are
/// pushed and no messages are built, which is how valid events stay cheap.
struct ValidationRun {
    /// How many `$ref` hops may nest before validation is cut off as a reference loop;
    /// deep enough for any recursive schema over a parser-limited (256-deep) instance.
    static let maximumReferenceDepth = 1024

    let isCollecting: Bool
    var violations: [SchemaViolation] = []
    var path: [InstancePathComponent] = []
    var referenceDepth = 0

    init(isCollecting: Bool, referenceDepth: Int = 0) {
        self.isCollecting = isCollecting
        self.referenceDepth = referenceDepth
    }

    /// A probing run below this one, for `anyOf`, `oneOf`, `not`, `if` and `contains`.
    var probe: ValidationRun { ValidationRun(isCollecting: false, referenceDepth: referenceDepth) }

    /// Records a violation when collecting; always returns `false` so checks can
    /// `return run.fail(...)`.
    mutating func fail(
        _ node: SchemaNode, _ keyword: String, _ detail: @autoclosure () -> ViolationDetail,
        _ message: @autoclosure () -> String
    ) -> Bool {
        guard isCollecting else { return false }
        violations.append(
            SchemaViolation(
                keyword: keyword, instancePath: path, schemaPath: node.location + "/" + keyword,
                message: message(), detail: detail()))
        return false
    }

    /// Validates `value` against `node` one step below the current path.
    mutating func descend(
        _ node: SchemaNode, _ value: JSONValue,
        _ component: @autoclosure () -> InstancePathComponent
    ) -> Bool {
        if node.acceptsAnything { return true }
        guard isCollecting else { return node.validate(value, &self) }

        path.append(component())
        defer { path.removeLast() }
        return node.validate(value, &self)
    }
}
