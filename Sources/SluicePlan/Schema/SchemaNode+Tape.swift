// JSON Schema draft-07 validation, sections 6.1-6.3 and 6.6-6.7, and core section 4.3.2
// (boolean schemas), probed on a JSON tape instead of a built `JSONValue`.
import SluiceJSON

extension SchemaNode {
    /// Whether the subtree at token t is valid: exactly `validate(tape.value(t), &run)` of
    /// a probing run at the probe's `$ref` depth, building values only where a check needs
    /// them (see `TapeProbe.treeCheck`).
    func isValid(_ t: Int, _ probe: inout TapeProbe) -> Bool {
        if acceptsAnything { return true }
        if rejectsEverything { return false }

        // Indexing the buffer borrows each keyword instead of copying it out of the array.
        return keywords.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where !check(buffer[index], t, &probe) { return false }
            return true
        }
    }

    private func check(_ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: inout TapeProbe)
        -> Bool
    {
        switch keyword {
        case .type(let types):
            return probe.admits(types, t)
        case .enumeration(let options):
            return probe.isAmong(options, t) ?? probe.treeCheck(self, keyword, t)
        case .constant(let constant):
            return probe.isSchemaEqual(constant, t) ?? probe.treeCheck(self, keyword, t)
        case .ref(let reference):
            return follow(reference, t, &probe)
        case .allOf, .anyOf, .oneOf, .not, .conditional:
            return checkCombinator(keyword, t, &probe)
        default:
            return checkByKind(keyword, t, &probe)
        }
    }

    private func follow(_ reference: SchemaReference, _ t: Int, _ probe: inout TapeProbe) -> Bool {
        guard probe.referenceDepth < ValidationRun.maximumReferenceDepth else { return false }
        probe.referenceDepth += 1
        defer { probe.referenceDepth -= 1 }
        return reference.target.isValid(t, &probe)
    }

    /// Keywords of one JSON type; any of them passes a value of another type.
    private func checkByKind(
        _ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: inout TapeProbe
    ) -> Bool {
        switch probe.tape.kind(t) {
        case .number: return checkNumber(keyword, t, probe)
        case .string: return checkString(keyword, t, probe)
        case .array: return checkArray(keyword, t, &probe)
        case .object: return checkObject(keyword, t, &probe)
        case .null, .bool: return true
        }
    }

    private func checkNumber(_ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: TapeProbe)
        -> Bool
    {
        switch keyword {
        case .multipleOf(let divisor):
            return probe.tape.number(t, in: probe.bytes).isMultiple(of: divisor)
        case .minimum(let bound):
            let order = probe.tape.number(t, in: probe.bytes).compare(to: bound.limit)
            return order > 0 || (order == 0 && !bound.isExclusive)
        case .maximum(let bound):
            let order = probe.tape.number(t, in: probe.bytes).compare(to: bound.limit)
            return order < 0 || (order == 0 && !bound.isExclusive)
        default:
            return true
        }
    }

    private func checkString(_ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: TapeProbe)
        -> Bool
    {
        switch keyword {
        case .minLength(let limit):
            return probe.scalarCount(t) >= limit
        case .maxLength(let limit):
            // Escapes and multi-byte characters only make the count smaller than the bytes.
            if probe.tape.rawBytes(t, in: probe.bytes).count <= limit { return true }
            return probe.scalarCount(t) <= limit
        case .pattern(let regex):
            return regex.matches(probe.tape.string(t, in: probe.bytes))
        case .format(let format):
            return format.accepts(probe.tape.string(t, in: probe.bytes))
        default:
            return true
        }
    }

    private func checkCombinator(
        _ keyword: borrowing SchemaKeyword, _ t: Int, _ probe: inout TapeProbe
    ) -> Bool {
        switch keyword {
        case .allOf(let schemas):
            return schemas.allSatisfy { $0.isValid(t, &probe) }
        case .anyOf(let schemas):
            return schemas.contains { $0.isValid(t, &probe) }
        case .oneOf(let schemas):
            var matches = 0
            for schema in schemas where schema.isValid(t, &probe) {
                matches += 1
                if matches > 1 { return false }
            }
            return matches == 1
        case .not(let schema):
            return !schema.isValid(t, &probe)
        case .conditional(let condition, let then, let otherwise):
            let branch = condition.isValid(t, &probe) ? then : otherwise
            return branch?.isValid(t, &probe) ?? true
        default:
            return true
        }
    }
}
