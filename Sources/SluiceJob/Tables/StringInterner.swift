/// One worker's `KeyDictionary` per key: where its rows' repeated strings live.
///
/// Dictionaries are kept for the whole run (spilled rows hold their ids) and are not counted
/// against one table: a key such as `context.library.name` shares one dictionary across
/// every table the worker stores it in. Once they together pass `byteLimit` every one is
/// closed, so a night of unusual payloads cannot grow them without bound; values met after
/// that are stored as text.
///
/// Built by one worker thread; read by any number of threads once ingest has finished.
final class StringInterner: @unchecked Sendable {
    /// The most all of a worker's dictionaries may allocate: enough for hundreds of keys of
    /// low-cardinality values, small next to the default row memory budget.
    static let maximumBytes = 64 << 20

    /// What the dictionaries may allocate: past it every one is closed.
    let byteLimit: Int

    private(set) var dictionaries: [KeyDictionary?] = []
    private(set) var isFrozen = false

    /// Dictionaries that close once they allocate more than `byteLimit` bytes.
    init(byteLimit: Int = StringInterner.maximumBytes) {
        self.byteLimit = byteLimit
    }

    /// The limit for a worker whose rows may take `rowMemoryBytes`: half of it, at most
    /// `maximumBytes`. The dictionaries count against the row budget and never shrink, so
    /// dictionaries as large as the budget would make every check spill, each spill writing
    /// only the few rows stored since the last one.
    static func byteLimit(forRowMemory rowMemoryBytes: Int) -> Int {
        min(maximumBytes, rowMemoryBytes / 2)
    }

    /// The dictionary of `key`, if the worker interned any value under it.
    func dictionary(_ key: UInt32) -> KeyDictionary? {
        Int(key) < dictionaries.count ? dictionaries[Int(key)] : nil
    }

    /// The id of `value` under `key`, or nil when it is stored as text instead.
    func intern(_ value: UnsafeRawBufferPointer, key: UInt32) -> UInt32? {
        dictionaryForInterning(key)?.intern(value)
    }

    /// The dictionary that interns `key`'s values, made on first use; nil once frozen.
    func dictionaryForInterning(_ key: UInt32) -> KeyDictionary? {
        guard !isFrozen else { return nil }
        let index = Int(key)
        if index < dictionaries.count, let dictionary = dictionaries[index] { return dictionary }
        return makeDictionary(index)
    }

    /// The bytes of `id` under `key`.
    func entry(_ id: UInt32, key: UInt32) -> UnsafeRawBufferPointer {
        dictionaries[Int(key)]!.entry(Int(id))
    }

    /// Bytes the dictionaries allocate; closes them all once past `byteLimit`.
    func checkMemory() -> Int {
        let bytes = dictionaries.reduce(0) { $0 + ($1?.allocatedBytes ?? 0) }
        if bytes > byteLimit, !isFrozen {
            isFrozen = true
            for dictionary in dictionaries { dictionary?.close() }
        }
        return bytes
    }

    private func makeDictionary(_ index: Int) -> KeyDictionary {
        if index >= dictionaries.count {
            dictionaries += Array(repeating: nil, count: index + 1 - dictionaries.count)
        }
        let dictionary = KeyDictionary()
        dictionaries[index] = dictionary
        return dictionary
    }
}
