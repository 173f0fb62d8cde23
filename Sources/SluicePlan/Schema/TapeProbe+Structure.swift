// JSON Schema draft-07 validation, sections 6.4 (arrays) and 6.5 (objects), probed on a
// JSON tape instead of a built `JSONValue`.
import SluiceJSON

extension TapeProbe {
    func checkArray(_ i: Int, _ t: Int) -> Bool {
        switch instructions[i] {
        case .items(let node):
            guard !nodes[Int(node)].acceptsAnything else { return true }
            var element = t + 1
            for _ in 0..<tape.memberCount(t) {
                if !isValid(node, element) { return false }
                element = tape.next(element)
            }
            return true
        case .tupleItems(let schemas, let additional):
            var element = t + 1
            for index in 0..<tape.memberCount(t) {
                let node = index < schemas.count ? lists[Int(schemas.start) + index] : additional
                guard node >= 0 else { return true }
                if !isValid(node, element) { return false }
                element = tape.next(element)
            }
            return true
        case .minItems(let limit):
            return tape.memberCount(t) >= limit
        case .maxItems(let limit):
            return tape.memberCount(t) <= limit
        case .contains(let node):
            var element = t + 1
            for _ in 0..<tape.memberCount(t) {
                if isValid(node, element) { return true }
                element = tape.next(element)
            }
            return false
        default:
            return true
        }
    }

    func checkObject(_ i: Int, _ t: Int) -> Bool {
        // The tree keeps one member per repeated key (the last value, at the first key's
        // place, merging canonically equivalent keys too), so such objects are built.
        if tape.hasDuplicateKeys(t) { return treeCheck(i, t) }

        switch instructions[i] {
        case .properties(let p):
            return checkProperties(Int(p), t)
        case .required(let required):
            for m in slice(required) where !hasMember(t, m) { return false }
            return true
        case .minProperties(let limit):
            return tape.memberCount(t) >= limit
        case .maxProperties(let limit):
            return tape.memberCount(t) <= limit
        case .propertyNames(let node):
            // A key token is a string token, so the schema probes it like any string.
            var key = t + 1
            for _ in 0..<tape.memberCount(t) {
                if !isValid(node, key) { return false }
                key = tape.next(key + 1)
            }
            return true
        case .dependencies(let entries):
            return checkDependencies(program.details.dependencies[Int(entries)], t)
        default:
            return true
        }
    }

    /// `properties[p]` (with the `required` names folded into it) over the members of object
    /// t. Without `patternProperties` and `additionalProperties`, a key whose hash bit no
    /// named member shares needs nothing more, and most keys are such: the loop tests that
    /// first, with the operands it needs read once.
    private func checkProperties(_ p: Int, _ t: Int) -> Bool {
        let filter = properties[p].nameFilter
        let checksEveryKey = properties[p].patterns.count > 0 || properties[p].additional >= 0
        var matched: UInt64 = 0
        var key = t + 1
        for _ in 0..<tape.memberCount(t) {
            let isNamed = filter & TapeProperties.hashBit(tape.keyHash(key)) != 0
            if isNamed || checksEveryKey {
                if !checkMember(p, key, &matched) { return false }
            }
            key = tape.next(key + 1)
        }
        return hasRequired(p, t, matched)
    }

    /// `properties`, then every matching `patternProperties`, else `additionalProperties`,
    /// for the member whose key token is `key`.
    @inline(__always)
    private func checkMember(_ p: Int, _ key: Int, _ matched: inout UInt64) -> Bool {
        var isMatched = false
        if let m = position(ofKey: key, p) {
            isMatched = true
            matched |= 1 &<< UInt64(m - Int(properties[p].named.start))
            if !isValidMember(members[m].node, key + 1) { return false }
        }

        if properties[p].patterns.count > 0 {
            let name = tape.string(key, in: bytes)
            for k in slice(properties[p].patterns) {
                let (pattern, node) = program.details.patterns[k]
                guard pattern.matches(name) else { continue }
                isMatched = true
                if !isValid(node, key + 1) { return false }
            }
        }

        guard !isMatched, properties[p].additional >= 0 else { return true }
        return isValid(properties[p].additional, key + 1)
    }

    /// `isValid(n, t)`, deciding without the call a node that checks nothing or only its
    /// `type`, as most declared members do.
    @inline(__always)
    private func isValidMember(_ n: Int32, _ t: Int) -> Bool {
        let node = nodes[Int(n)]
        if node.start == node.end { return true }
        if node.end - node.start == 1, case .type(let types) = instructions[Int(node.start)] {
            return admits(types, t)
        }
        return isValid(n, t)
    }

    /// The `required` names folded into `properties[p]`: one whose named member matched a
    /// key (`matched`, by position) is present; any other is looked for as `hasMember` does.
    /// Inlined into its one caller: most names were matched, and the call cost more than
    /// the check.
    @inline(__always)
    private func hasRequired(_ p: Int, _ t: Int, _ matched: UInt64) -> Bool {
        for r in slice(properties[p].required) {
            let match = members[r].match
            if match >= 0 && matched & (1 &<< UInt64(match)) != 0 { continue }
            if !hasMember(t, r) { return false }
        }
        return true
    }

    private func checkDependencies(_ entries: [TapeDependency], _ t: Int) -> Bool {
        for entry in entries where hasMember(t, Int(entry.key)) {
            for m in slice(entry.required) where !hasMember(t, m) { return false }
            if !isValidIfAny(entry.node, t) { return false }
        }
        return true
    }
}
