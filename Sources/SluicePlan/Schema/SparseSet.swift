/// A set of program counters below a fixed bound with constant-time insert, lookup and
/// clear (Briggs and Torczon's sparse set), over two buffers the caller owns: the buffers
/// must hold `bound` values each, be initialized (any values below `bound` will do), and
/// outlive the set. Used by one thread at a time.
struct SparseSet {
    /// The members in insertion order, `count` of them.
    private let dense: UnsafeMutablePointer<Int32>
    /// For a member, its position in `dense`; anything for a non-member.
    private let sparse: UnsafeMutablePointer<Int32>
    private(set) var count: Int32 = 0

    init(dense: UnsafeMutablePointer<Int32>, sparse: UnsafeMutablePointer<Int32>) {
        self.dense = dense
        self.sparse = sparse
    }

    subscript(position: Int32) -> Int32 { dense[Int(position)] }

    func contains(_ member: Int32) -> Bool {
        let position = sparse[Int(member)]
        return position >= 0 && position < count && dense[Int(position)] == member
    }

    /// Adds `member`, which must not be in the set yet.
    mutating func insert(_ member: Int32) {
        sparse[Int(member)] = count
        dense[Int(count)] = member
        count += 1
    }

    mutating func removeAll() { count = 0 }
}
