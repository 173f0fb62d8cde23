// RFC 8259 sections 4 and 5: walking the members of objects and elements of arrays.

extension JSONTape {
    /// The members of an object token as `(key, value)` token pairs in source order,
    /// repeated keys included. Holds the tape's storage, so it stays valid while it lives
    /// even if the tape parses again (it then still walks the old tokens).
    public struct Members: Sequence, Sendable {
        @usableFromInline let storage: JSONTapeStorage
        @usableFromInline let first: Int
        @usableFromInline let count: Int

        @inlinable
        init(storage: JSONTapeStorage, first: Int, count: Int) {
            (self.storage, self.first, self.count) = (storage, first, count)
        }

        public struct Iterator: IteratorProtocol {
            @usableFromInline let storage: JSONTapeStorage
            @usableFromInline var key: Int
            @usableFromInline var remaining: Int

            @inlinable
            init(storage: JSONTapeStorage, key: Int, remaining: Int) {
                (self.storage, self.key, self.remaining) = (storage, key, remaining)
            }

            @inlinable @inline(__always)
            public mutating func next() -> (key: Int, value: Int)? {
                guard remaining > 0 else { return nil }
                let member = (key: key, value: key + 1)
                key = Int(storage.tokens[key + 1].next)
                remaining -= 1
                return member
            }
        }

        @inlinable
        public func makeIterator() -> Iterator {
            Iterator(storage: storage, key: first, remaining: count)
        }

        @inlinable
        public var underestimatedCount: Int { count }
    }

    /// The elements of an array token as value tokens in order; see `Members` for lifetime.
    public struct Elements: Sequence, Sendable {
        @usableFromInline let storage: JSONTapeStorage
        @usableFromInline let first: Int
        @usableFromInline let count: Int

        @inlinable
        init(storage: JSONTapeStorage, first: Int, count: Int) {
            (self.storage, self.first, self.count) = (storage, first, count)
        }

        public struct Iterator: IteratorProtocol {
            @usableFromInline let storage: JSONTapeStorage
            @usableFromInline var element: Int
            @usableFromInline var remaining: Int

            @inlinable
            init(storage: JSONTapeStorage, element: Int, remaining: Int) {
                (self.storage, self.element, self.remaining) = (storage, element, remaining)
            }

            @inlinable @inline(__always)
            public mutating func next() -> Int? {
                guard remaining > 0 else { return nil }
                let current = element
                element = Int(storage.tokens[element].next)
                remaining -= 1
                return current
            }
        }

        @inlinable
        public func makeIterator() -> Iterator {
            Iterator(storage: storage, element: first, remaining: count)
        }

        @inlinable
        public var underestimatedCount: Int { count }
    }

    /// Members of object token t; empty for any other kind.
    @inlinable
    public func members(_ t: Int) -> Members {
        let token = token(t)
        let count = token.kind == .object ? Int(token.length) : 0
        return Members(storage: storage, first: t + 1, count: count)
    }

    /// Elements of array token t; empty for any other kind.
    @inlinable
    public func elements(_ t: Int) -> Elements {
        let token = token(t)
        let count = token.kind == .array ? Int(token.length) : 0
        return Elements(storage: storage, first: t + 1, count: count)
    }

    /// The value token of member `name` of object token t: the last occurrence when the key
    /// repeats (the value `JSONParser` keeps), `nil` when absent or t is not an object.
    public func member(_ t: Int, _ name: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let expected = UnsafeRawBufferPointer(
            start: name.utf8Start, count: name.utf8CodeUnitCount)
        return member(t, expected, in: bytes)
    }

    /// The value token of member `name` of object token t; see the `StaticString` overload.
    public func member(_ t: Int, _ name: String, in bytes: UnsafeRawBufferPointer) -> Int? {
        var name = name
        return name.withUTF8 { member(t, UnsafeRawBufferPointer($0), in: bytes) }
    }

    private func member(
        _ t: Int, _ name: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer
    ) -> Int? {
        // Most keys differ in length from `name`, so the length decides before any bytes.
        var found: Int?
        for (key, value) in members(t) {
            let token = storage.tokens[key]
            if token.flags & JSONTapeToken.hasEscapes == 0 {
                guard token.length == name.count else { continue }
                let raw = UnsafeRawBufferPointer(
                    rebasing: bytes[Int(token.start)..<Int(token.start) + name.count])
                if JSONTape.isEqual(raw, name) { found = value }
            } else if equals(key, name, in: bytes) {
                found = value
            }
        }
        return found
    }
}
