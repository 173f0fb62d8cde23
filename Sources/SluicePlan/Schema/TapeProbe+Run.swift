// JSON Schema draft-07 validation, sections 6.1-6.3 and 6.6-6.7, and core section 4.3.2
// (boolean schemas), probed on a JSON tape instead of a built `JSONValue`.
import SluiceJSON

extension TapeProbe {
    /// Whether the subtree at token t is valid against node n: exactly what
    /// `SchemaNode.validate(tape.value(t), &run)` of a probing run at the probe's `$ref`
    /// depth returns, building values only where a check needs them (see `treeCheck`).
    func isValid(_ n: Int32, _ t: Int) -> Bool {
        let node = nodes[Int(n)]
        for i in Int(node.start)..<Int(node.end) where !check(i, t) { return false }
        return true
    }

    /// `isValid(n, t)`, or `true` for no node (-1).
    func isValidIfAny(_ n: Int32, _ t: Int) -> Bool {
        n < 0 || isValid(n, t)
    }

    private func check(_ i: Int, _ t: Int) -> Bool {
        switch instructions[i] {
        case .never:
            return false
        case .type(let types):
            return admits(types, t)
        case .enumeration(let options), .constant(let options):
            return isAmong(Int(options), t) ?? treeCheck(i, t)
        case .ref(let node):
            return follow(node, t)
        case .allOf, .anyOf, .oneOf, .not, .conditional:
            return checkCombinator(instructions[i], t)
        case .tree:
            // Whatever the builder cannot compile is decided on the built value, for a value
            // of any kind.
            return treeCheck(i, t)
        default:
            return checkByKind(i, t)
        }
    }

    /// Probes node n with a probe one `$ref` deeper; the copy costs a few stores, and
    /// keeping the probe immutable lets every other call borrow it instead of copying it.
    private func follow(_ node: Int32, _ t: Int) -> Bool {
        guard referenceDepth < ValidationRun.maximumReferenceDepth else { return false }
        var deeper = self
        deeper.referenceDepth += 1
        return deeper.isValid(node, t)
    }

    /// Keywords of one JSON type; any of them passes a value of another type.
    private func checkByKind(_ i: Int, _ t: Int) -> Bool {
        switch tape.kind(t) {
        case .number: return checkNumber(instructions[i], t)
        case .string: return checkString(instructions[i], t)
        case .array: return checkArray(i, t)
        case .object: return checkObject(i, t)
        case .null, .bool: return true
        }
    }

    private func checkNumber(_ instruction: TapeInstruction, _ t: Int) -> Bool {
        switch instruction {
        case .multipleOf(let divisor):
            let number = tape.number(t, in: bytes)
            return number.isMultiple(of: program.details.divisors[Int(divisor)])
        case .minimum(let b):
            let order = compare(t, bounds[Int(b)])
            return order > 0 || (order == 0 && !bounds[Int(b)].isExclusive)
        case .maximum(let b):
            let order = compare(t, bounds[Int(b)])
            return order < 0 || (order == 0 && !bounds[Int(b)].isExclusive)
        default:
            return true
        }
    }

    /// `JSONNumber.compare(to:)` of number token t and the bound's limit, reading the
    /// token's `Double` at most once and the limit's never.
    private func compare(_ t: Int, _ bound: TapeBound) -> Int {
        if bound.isInt64, let value = tape.int64(t) {
            return value < bound.int64 ? -1 : (value == bound.int64 ? 0 : 1)
        }
        let order = JSONNumber.compare(tape.double(t, in: bytes), bound.double)
        guard order == 0 else { return order }
        let text = String(decoding: tape.numberText(t, in: bytes), as: UTF8.self)
        return DecimalDigits.compare(text, bound.text) ?? 0
    }

    private func checkString(_ instruction: TapeInstruction, _ t: Int) -> Bool {
        switch instruction {
        case .minLength(let limit):
            return scalarCount(t) >= limit
        case .maxLength(let limit):
            // Escapes and multi-byte characters only make the count smaller than the bytes.
            if tape.rawBytes(t, in: bytes).count <= limit { return true }
            return scalarCount(t) <= limit
        case .pattern(let regex):
            return program.details.regexes[Int(regex)].matches(tape.string(t, in: bytes))
        case .format(let format):
            return format.accepts(tape.string(t, in: bytes))
        default:
            return true
        }
    }

    private func checkCombinator(_ instruction: TapeInstruction, _ t: Int) -> Bool {
        switch instruction {
        case .allOf(let schemas):
            for k in slice(schemas) where !isValid(lists[k], t) { return false }
            return true
        case .anyOf(let schemas):
            for k in slice(schemas) where isValid(lists[k], t) { return true }
            return false
        case .oneOf(let schemas):
            var matches = 0
            for k in slice(schemas) where isValid(lists[k], t) {
                matches += 1
                if matches > 1 { return false }
            }
            return matches == 1
        case .not(let node):
            return !isValid(node, t)
        case .conditional(let condition, let then, let otherwise):
            return isValidIfAny(isValid(condition, t) ? then : otherwise, t)
        default:
            return true
        }
    }

    /// The indices of a slice of one of the program's buffers.
    func slice(_ slice: TapeSlice) -> Range<Int> {
        Int(slice.start)..<Int(slice.start + slice.count)
    }
}
