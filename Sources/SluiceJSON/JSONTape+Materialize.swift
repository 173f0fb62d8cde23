// RFC 8259 section 6 (numbers kept as written) and section 4 (repeated names: the last
// value at the first name's position, as `JSONParser` keeps them).

extension JSONTape {
    /// The text of number token t exactly as written.
    @inlinable
    public func numberText(_ t: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        rawBytes(t, in: bytes)
    }

    /// Number token t as the `JSONNumber` that `JSONParser` builds for it (equal, and stored
    /// alike: integers written canonically carry no text).
    public func number(_ t: Int, in bytes: UnsafeRawBufferPointer) -> JSONNumber {
        let text = numberText(t, in: bytes)
        let int64 = int64(t)
        if let int64, !(int64 == 0 && text[0] == UInt8(ascii: "-")) {
            return JSONNumber(writtenText: nil, int64: int64, isWrittenAsInteger: true)
        }

        return JSONNumber(
            writtenText: String(decoding: text, as: UTF8.self), int64: int64,
            isWrittenAsInteger: isWrittenAsInteger(t))
    }

    /// Number token t as `number(t, in:).double` gives it, without building its text.
    public func double(_ t: Int, in bytes: UnsafeRawBufferPointer) -> Double {
        if let int64 = int64(t), int64 != 0 { return Double(int64) }
        return JSONNumber.double(utf8: numberText(t, in: bytes))
    }

    /// The subtree at t as a `JSONValue`, equal (`==`) to what `JSONParser().parse` builds
    /// for the same text. Recurses once per nesting level, like the walks over the result.
    public func value(_ t: Int, in bytes: UnsafeRawBufferPointer) -> JSONValue {
        switch kind(t) {
        case .null: return .null
        case .bool: return .bool(bool(t))
        case .number: return .number(number(t, in: bytes))
        case .string: return .string(string(t, in: bytes))
        case .array: return .array(elements(t).map { value($0, in: bytes) })
        case .object: return .object(object(t, in: bytes))
        }
    }

    private func object(_ t: Int, in bytes: UnsafeRawBufferPointer) -> JSONObject {
        guard !hasDuplicateKeys(t) else { return objectWithRepeats(t, in: bytes) }

        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(memberCount(t))
        values.reserveCapacity(memberCount(t))
        for (key, value) in members(t) {
            keys.append(string(key, in: bytes))
            values.append(self.value(value, in: bytes))
        }
        return JSONObject(uncheckedKeys: keys, values: values)
    }

    /// The members of object token t that a later member of the same name replaces, as key
    /// and value tokens in order: names are the same when they decode to the same bytes, and
    /// the last member of a name is the one `value(_:in:)` keeps (`{"a":1,"a":2}` gives the
    /// first member). Empty when t's keys do not repeat.
    public func replacedMembers(_ t: Int, in bytes: UnsafeRawBufferPointer) -> [(
        key: Int, value: Int
    )] {
        guard hasDuplicateKeys(t) else { return [] }
        var named: [(name: [UInt8], key: Int, value: Int)] = []
        var lastOfName: [[UInt8]: Int] = [:]
        for (key, value) in members(t) {
            var decoded: [UInt8] = []
            appendDecoded(key, in: bytes, to: &decoded)
            lastOfName[decoded] = named.count
            named.append((decoded, key, value))
        }
        return named.indices.filter { lastOfName[named[$0].name] != $0 }.map {
            (named[$0].key, named[$0].value)
        }
    }

    /// Object token t whose keys repeat: names merge when they decode to the same bytes, as
    /// `JSONParser` merges them, so canonically equivalent spellings (precomposed and
    /// decomposed accents) stay separate members, which `JSONObject.init(_:)` (comparing as
    /// Swift strings) would merge.
    private func objectWithRepeats(_ t: Int, in bytes: UnsafeRawBufferPointer) -> JSONObject {
        var slots: [[UInt8]: Int] = [:]
        var keys: [String] = []
        var values: [JSONValue] = []
        for (key, value) in members(t) {
            var decoded: [UInt8] = []
            appendDecoded(key, in: bytes, to: &decoded)
            let member = self.value(value, in: bytes)
            if let slot = slots[decoded] {
                values[slot] = member
                continue
            }

            slots[decoded] = keys.count
            keys.append(string(key, in: bytes))
            values.append(member)
        }
        return JSONObject(uncheckedKeys: keys, values: values)
    }
}
