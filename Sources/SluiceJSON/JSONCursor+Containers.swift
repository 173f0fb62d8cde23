// RFC 8259 sections 4 (objects) and 5 (arrays), parsed without recursion.

extension JSONCursor {
    /// Parses one value, however deeply nested, at `index`.
    ///
    /// Scalars are attached to the innermost open container as soon as they are read;
    /// a closing bracket moves that container's elements out of the scratch stacks into
    /// one exactly-sized array and attaches the result to its parent in turn.
    mutating func parseValueTree() throws(JSONError) -> JSONValue {
        nextValue: while true {
            guard var value = try parseScalarOrOpenContainer() else { continue }

            while depth > 0 {
                attachToInnermostContainer(consume value)
                skipWhitespace()
                guard try parseSeparatorOrClose() else { continue nextValue }
                value = closeInnermostContainer()
            }
            return value
        }
    }

    /// Reads a scalar, or opens a container and returns `nil` once the cursor stands
    /// where its first element (or first member's value) starts. An empty container is
    /// returned as a value.
    @inline(__always)
    private mutating func parseScalarOrOpenContainer() throws(JSONError) -> JSONValue? {
        guard index < end else { throw endOfInput("a value") }
        switch base[index] {
        case UInt8(ascii: "\""):
            guard buildsValues else {
                _ = try parseStringBytes()
                return .null
            }
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "{"): return try openObject()
        case UInt8(ascii: "["): return try openArray()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw unexpected("a value")
        }
    }

    private mutating func openArray() throws(JSONError) -> JSONValue? {
        try checkDepth()
        index += 1
        skipWhitespace()
        if index < end && base[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }

        pushFrame(isObject: false)
        return nil
    }

    private mutating func openObject() throws(JSONError) -> JSONValue? {
        try checkDepth()
        index += 1
        skipWhitespace()
        if index < end && base[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject())
        }

        pushFrame(isObject: true)
        try parseMemberKey()
        return nil
    }

    private mutating func pushFrame(isObject: Bool) {
        if depth > 0 { outerFrames.append(top) }
        top = Frame(isObject: isObject, valueStart: values.count, keyStart: keys.count)
        depth += 1
    }

    private func checkDepth() throws(JSONError) {
        if depth >= maxDepth {
            throw JSONError(
                .tooDeep, at: index,
                "Found an array or object nested \(depth + 1) levels deep; the limit is \(maxDepth). Raise JSONParser.maxDepth if such input is legitimate."
            )
        }
    }

    @inline(__always)
    private mutating func attachToInnermostContainer(_ value: consuming JSONValue) {
        let slot = top.duplicateSlot
        guard slot >= 0 else {
            values.push(value)
            return
        }

        // A repeated key: the last value wins, at the position of the first occurrence.
        values[top.valueStart + slot] = value
        top.duplicateSlot = -1
    }

    /// Consumes `,` (and the next member's key) or the closing bracket; returns whether
    /// the container was closed.
    @inline(__always)
    private mutating func parseSeparatorOrClose() throws(JSONError) -> Bool {
        let isObject = top.isObject
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        guard index < end else { throw endOfInput(isObject ? "',' or '}'" : "',' or ']'") }

        let b = base[index]
        if b == close {
            index += 1
            return true
        }

        guard b == UInt8(ascii: ",") else {
            throw unexpected(isObject ? "',' or '}'" : "',' or ']'")
        }
        index += 1
        skipWhitespace()
        if isObject { try parseMemberKey() }
        return false
    }

    private mutating func closeInnermostContainer() -> JSONValue {
        let frame = top
        depth -= 1
        if depth > 0 { top = outerFrames.removeLast() }
        guard buildsValues else {
            // Validating only: the placeholders of the elements are dropped.
            values.removeAll(from: frame.valueStart)
            return .null
        }
        guard frame.isObject else { return .array(values.popArray(from: frame.valueStart)) }

        keyHashes.removeAll(from: frame.keyStart)
        if frame.hasWideIndex { wideIndexes.removeLast() }
        let memberKeys = keys.popArray(from: frame.keyStart)
        let memberValues = values.popArray(from: frame.valueStart)
        return .object(JSONObject(uncheckedKeys: memberKeys, values: memberValues))
    }
}
