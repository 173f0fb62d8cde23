// JSON Schema draft-07 validation, sections 6.1-6.7, and core section 4.3.2 (boolean schemas).
import SluiceJSON

extension SchemaNode {
    /// Validates `value`; in a collecting run, records every failing keyword.
    func validate(_ value: JSONValue, _ run: inout ValidationRun) -> Bool {
        if acceptsAnything { return true }
        if rejectsEverything {
            return run.fail(self, "false", .other, "The schema 'false' accepts no value.")
        }

        // Indexing the buffer borrows each keyword instead of copying it out of the array.
        return keywords.withUnsafeBufferPointer { buffer in
            var isValid = true
            for index in buffer.indices where !check(buffer[index], value, &run) {
                isValid = false
                if !run.isCollecting { return false }
            }
            return isValid
        }
    }

    func check(
        _ keyword: borrowing SchemaKeyword, _ value: JSONValue, _ run: inout ValidationRun
    )
        -> Bool
    {
        switch keyword {
        case .type(let types):
            if types.admits(value) { return true }
            return run.fail(
                self, "type", .type(expected: types.typeNames, actual: JSONTypeSet.name(of: value)),
                "Expected \(types.typeNames.joined(separator: " or ")), found \(JSONTypeSet.name(of: value))."
            )
        case .enumeration(let options):
            if options.contains(where: { $0.isSchemaEqual(to: value) }) { return true }
            return run.fail(
                self, "enum", .notAllowedValue(options),
                "The value \(value.excerpt) is not one of \(JSONValue.excerpt(ofOptions: options))."
            )
        case .constant(let constant):
            if constant.isSchemaEqual(to: value) { return true }
            return run.fail(
                self, "const", .notAllowedValue([constant]),
                "The value \(value.excerpt) is not \(constant.excerpt).")
        case .ref(let reference):
            return follow(reference, value, &run)
        default:
            return checkByType(keyword, value, &run)
        }
    }

    private func follow(
        _ reference: SchemaReference, _ value: JSONValue, _ run: inout ValidationRun
    ) -> Bool {
        guard run.referenceDepth < ValidationRun.maximumReferenceDepth else {
            return run.fail(
                self, "$ref", .other,
                "The reference '\(reference.uri)' nests more than \(ValidationRun.maximumReferenceDepth) times, which means a reference loop."
            )
        }
        run.referenceDepth += 1
        defer { run.referenceDepth -= 1 }
        return reference.target.validate(value, &run)
    }

    private func checkByType(
        _ keyword: borrowing SchemaKeyword, _ value: JSONValue, _ run: inout ValidationRun
    ) -> Bool {
        switch value {
        case .number(let number): return checkNumber(keyword, number, &run)
        case .string(let string): return checkString(keyword, string, &run)
        case .array(let elements): return checkArray(keyword, elements, &run)
        case .object(let object): return checkObject(keyword, object, &run)
        default: return checkCombinator(keyword, value, &run)
        }
    }

    private func checkNumber(
        _ keyword: borrowing SchemaKeyword, _ number: JSONNumber, _ run: inout ValidationRun
    ) -> Bool {
        switch keyword {
        case .multipleOf(let divisor):
            if number.isMultiple(of: divisor) { return true }
            return run.fail(
                self, "multipleOf", .bound(limit: divisor.text),
                "\(JSONValue.excerpt(of: number.text)) is not a multiple of \(JSONValue.excerpt(of: divisor.text))."
            )
        case .minimum(let bound):
            let order = number.compare(to: bound.limit)
            if order > 0 || (order == 0 && !bound.isExclusive) { return true }
            return run.fail(
                self, bound.isExclusive ? "exclusiveMinimum" : "minimum",
                .bound(limit: bound.limit.text),
                "\(JSONValue.excerpt(of: number.text)) is less than \(bound.isExclusive ? "or equal to " : "")the minimum \(bound.limit.text)."
            )
        case .maximum(let bound):
            let order = number.compare(to: bound.limit)
            if order < 0 || (order == 0 && !bound.isExclusive) { return true }
            return run.fail(
                self, bound.isExclusive ? "exclusiveMaximum" : "maximum",
                .bound(limit: bound.limit.text),
                "\(JSONValue.excerpt(of: number.text)) is greater than \(bound.isExclusive ? "or equal to " : "")the maximum \(bound.limit.text)."
            )
        default:
            return checkCombinator(keyword, .number(number), &run)
        }
    }

    private func checkString(
        _ keyword: borrowing SchemaKeyword, _ string: String, _ run: inout ValidationRun
    )
        -> Bool
    {
        switch keyword {
        case .minLength(let limit):
            if string.utf8.count >= limit && string.unicodeScalars.count >= limit { return true }
            return run.fail(
                self, "minLength", .bound(limit: String(limit)),
                "The string is shorter than \(limit) characters.")
        case .maxLength(let limit):
            if string.utf8.count <= limit || string.unicodeScalars.count <= limit { return true }
            return run.fail(
                self, "maxLength", .bound(limit: String(limit)),
                "The string is longer than \(limit) characters.")
        case .pattern(let regex):
            if regex.matches(string) { return true }
            return run.fail(
                self, "pattern", .pattern(regex.source),
                "'\(JSONValue.excerpt(of: string))' does not match the pattern '\(JSONValue.excerpt(of: regex.source))'."
            )
        case .format(let format):
            if format.accepts(string) { return true }
            return run.fail(
                self, "format", .format(format.rawValue),
                "'\(JSONValue.excerpt(of: string))' is not a valid \(format.rawValue).")
        default:
            return checkCombinator(keyword, .string(string), &run)
        }
    }
}
