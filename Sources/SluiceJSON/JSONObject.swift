/// The members of a JSON object, in the order they were written.
///
/// Lookup is a linear scan, which beats hashing for the small objects events carry; build a
/// dictionary yourself for very wide objects you query often. Keys are unique by their UTF-8
/// bytes, as JSON compares member names (code points): canonically equivalent spellings such
/// as `"\u{E9}"` and `"e\u{301}"` are two keys, though Swift's `==` calls them equal. When
/// the source repeats a key, the parser keeps the last value at the first key's position.
/// Equality and hashing follow member order: `{"a":1,"b":2}` differs from `{"b":2,"a":1}`.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// The keys in source order.
    public private(set) var keys: [String]

    /// The values, parallel to `keys`.
    public private(set) var values: [JSONValue]

    /// Creates an empty object, reserving room for `capacity` members.
    public init(capacity: Int = 0) {
        keys = []
        values = []
        // An empty object is made for every event read from a tape; it need not reserve.
        guard capacity > 0 else { return }
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// Creates an object from members in order; a key repeated byte for byte keeps its last
    /// value at the position of its first occurrence. Linear in the member count.
    public init(_ members: [(String, JSONValue)]) {
        self.init(capacity: members.count)
        var slots: [ExactString: Int] = [:]
        slots.reserveCapacity(members.count)
        for (key, value) in members {
            let exact = ExactString(key)
            if let slot = slots[exact] {
                values[slot] = value
            } else {
                slots[exact] = keys.count
                appendUnchecked(key: key, value: value)
            }
        }
    }

    /// Adopts parallel arrays whose keys the caller has already made unique.
    init(uncheckedKeys keys: [String], values: [JSONValue]) {
        self.keys = keys
        self.values = values
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for the key spelled with exactly `key`'s bytes, or `nil` when absent.
    /// Setting `nil` removes the member; setting a value for a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = index(forKey: key) else { return nil }
            return values[index]
        }
        set {
            let index = index(forKey: key)
            switch (index, newValue) {
            case (let index?, let value?):
                values[index] = value
            case (let index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case (nil, let value?):
                keys.append(key)
                values.append(value)
            case (nil, nil):
                break
            }
        }
    }

    /// The position of the key spelled with exactly `key`'s bytes in `keys` and `values`, or
    /// `nil` when absent.
    public func index(forKey key: String) -> Int? {
        keys.firstIndex { $0.isByteEqual(to: key) }
    }

    /// Appends a member without checking for a repeated key.
    ///
    /// - Precondition: the caller knows `key` is not present yet.
    public mutating func appendUnchecked(key: String, value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }
}
