// JSON Schema draft-07 section 6.5.4 (properties), 6.5.5 (patternProperties) and 6.5.6
// (additionalProperties): what a compiled program proves about an instance's member names.
import SluiceJSON

extension TapeProgram {
    /// Whether every instance this program accepts holds, at `path` (member names from the
    /// root), either nothing, or something that is not an object, or an object all of whose
    /// members `MemberIndex(declared)` finds: the node reached through `properties` along the
    /// path has `properties` naming exactly `declared`, in order, no `patternProperties`, and
    /// `additionalProperties: false`.
    ///
    /// A valid probe then proves what the unplanned-member check would find, so the check can
    /// be left out: the probe matched every member by `MemberIndex` over these very names and
    /// sent any other to the `false` schema. Names along the path must be lowercase ASCII
    /// letters (the scopes rules use), plain bytes on which the probe's lookup and
    /// `JSONTape.firstMember(_:named:in:)` find the same member. Decided once, when a rule is
    /// built; `false` whenever the program's shape says anything else.
    func confinesMembers(at path: [String], to declared: [String]) -> Bool {
        var node = root
        for name in path {
            guard Self.isLowercaseLetters(name), let p = propertiesOperand(of: node),
                let m = firstNamed(name, in: p)
            else { return false }
            node = members[m].node
        }

        guard let q = propertiesOperand(of: node) else { return false }
        let checks = properties[q]
        guard checks.patterns.count == 0, rejectsEverything(checks.additional) else { return false }

        let start = Int(checks.named.start)
        let names = details.memberNames[start..<start + Int(checks.named.count)]
        return names.count == declared.count
            && zip(names, declared).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    /// The operand of node n's `properties` instruction, if it has one.
    private func propertiesOperand(of n: Int32) -> Int? {
        let node = nodes[Int(n)]
        for i in Int(node.start)..<Int(node.end) {
            if case .properties(let p) = instructions[i] { return Int(p) }
        }
        return nil
    }

    /// The first member of `properties[p].named` spelled exactly `name`, as the probe's
    /// `position(ofKey:_:)` finds it.
    private func firstNamed(_ name: String, in p: Int) -> Int? {
        let named = properties[p].named
        let start = Int(named.start)
        return (start..<start + Int(named.count)).first {
            details.memberNames[$0].utf8.elementsEqual(name.utf8)
        }
    }

    /// Whether node n is the `false` schema: it runs `.never` and nothing else.
    private func rejectsEverything(_ n: Int32) -> Bool {
        guard n >= 0 else { return false }
        let node = nodes[Int(n)]
        guard node.end - node.start == 1, case .never = instructions[Int(node.start)] else {
            return false
        }
        return true
    }

    private static func isLowercaseLetters(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }
}
