import SluiceJSON

/// SplitMix64: a small seeded generator, so every run of a randomised test sees the same
/// inputs and a failure can be replayed from its seed.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True about once in `odds` calls.
    mutating func chance(_ odds: Int) -> Bool { below(odds) == 0 }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// Writes a JSON value back as text with random damage that a tape and a tree must judge
/// alike: members dropped, repeated (with other values) or added under the schema's own
/// names, values of other types, keys and strings written with escapes, non-ASCII keys and
/// keys rewritten into canonically equivalent but byte-different forms.
struct InstanceMutator {
    var random: SplitMix

    /// Names and strings worth writing: the schema's own keys and string values.
    let vocabulary: [String]

    /// Whether the value itself may be replaced, not only what it holds.
    var replacesRoot = true

    /// Characters with a canonically equivalent other spelling, and that spelling.
    static let equivalents: [(Character, String)] = [
        ("K", "\u{212A}"), (";", "\u{037E}"), ("`", "\u{1FEF}"), ("\u{E9}", "e\u{301}"),
        ("e", "e\u{301}"), ("\u{C5}", "\u{212B}"),
    ]

    static let scalars = [
        "null", "true", "false", "0", "-0", "1", "1.0", "-1", "2.5", "1e400", "-1e2",
        "9223372036854775808", "\"\"", "\"a\"", "\"\\u00e9\"", "\"\u{E9}\"", "\"e\u{301}\"",
        "\"2020-01-01T00:00:00Z\"", "\"\u{1F600}\"", "[]", "{}",
    ]

    init(seed: UInt64, vocabulary: [String]) {
        random = SplitMix(state: seed)
        self.vocabulary = vocabulary.isEmpty ? ["a"] : vocabulary
    }

    /// The strings of a schema, keys and values, in first-seen order.
    static func vocabulary(of schema: JSONValue) -> [String] {
        var seen: Set<String> = []
        var words: [String] = []
        func visit(_ value: JSONValue) {
            switch value {
            case .string(let text): if seen.insert(text).inserted { words.append(text) }
            case .array(let elements): elements.forEach(visit)
            case .object(let object):
                for (key, member) in object {
                    if seen.insert(key).inserted { words.append(key) }
                    visit(member)
                }
            default: break
            }
        }
        visit(schema)
        return Array(words.prefix(60))
    }

    mutating func text(_ value: JSONValue, depth: Int = 0) -> String {
        // Most suite instances are scalars, which only a replacement changes.
        if depth == 0 ? replacesRoot && random.chance(2) : random.chance(6) {
            return replacement()
        }
        switch value {
        case .array(let elements): return array(elements, depth: depth)
        case .object(let members): return object(members, depth: depth)
        case .string(let text): return string(text)
        default: return value.jsonText
        }
    }

    private mutating func replacement() -> String {
        random.chance(3) ? string(random.pick(vocabulary)) : random.pick(Self.scalars)
    }

    private mutating func array(_ elements: [JSONValue], depth: Int) -> String {
        var items = elements
        if !items.isEmpty && random.chance(6) { items.remove(at: random.below(items.count)) }
        if !items.isEmpty && random.chance(6) { items.append(items[random.below(items.count)]) }
        let texts = items.map { text($0, depth: depth + 1) }
        return "[" + texts.joined(separator: ",") + "]"
    }

    private mutating func object(_ object: JSONObject, depth: Int) -> String {
        var members = Array(zip(object.keys, object.values))
        if !members.isEmpty && random.chance(5) { members.remove(at: random.below(members.count)) }
        if random.chance(4) { members.append((random.pick(vocabulary), .null)) }
        if !members.isEmpty && random.chance(5) {
            members.insert(members[random.below(members.count)], at: random.below(members.count))
        }

        var texts: [String] = []
        for (key, value) in members {
            let written =
                value == .null && random.chance(2) ? replacement() : text(value, depth: depth + 1)
            texts.append(string(self.key(key)) + ":" + written)
        }
        return "{" + texts.joined(separator: ",") + "}"
    }

    /// The key, sometimes respelled in a canonically equivalent form or made non-ASCII.
    private mutating func key(_ key: String) -> String {
        switch random.below(10) {
        case 0:
            var respelled = key
            for (character, other) in Self.equivalents where respelled.contains(character) {
                respelled = respelled.replacingAll(character, with: other)
            }
            return respelled
        case 1: return key + random.pick(["\u{E9}", "e\u{301}", "\u{212A}", "\u{1F600}"])
        default: return key
        }
    }

    /// A string literal, sometimes with every character written as a `\u` escape.
    private mutating func string(_ text: String) -> String {
        guard random.chance(4) else { return JSONValue.string(text).jsonText }
        var out = "\""
        for unit in text.utf16 {
            let hex = String(unit, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return out + "\""
    }
}

extension String {
    fileprivate func replacingAll(_ character: Character, with other: String) -> String {
        var out = ""
        for c in self { out += c == character ? other : String(c) }
        return out
    }
}
