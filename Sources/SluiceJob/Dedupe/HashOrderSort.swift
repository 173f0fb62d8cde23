import SluiceHash

/// Sorts values keyed by a `Hash128` in two passes plus small sorts: values are scattered
/// into buckets by the top bits of their key's `high` word, then each bucket is sorted with
/// the full comparison.
///
/// Keys are fingerprints, so they spread evenly and buckets hold a few dozen values: this
/// is several times faster than a comparison sort of the whole array, and the result is
/// the same order, since buckets follow key order and the comparison decides within one.
/// The comparison must order by key first (`Hash128`'s order) and may break ties any way.
/// Memory is one more array of the values (none when `sort(_:into:)` writes into the
/// caller's memory) and one count per bucket.
enum HashOrderSort {
    /// Values per bucket the bucket count aims at; small buckets sort fastest, but each
    /// bucket costs a counter, so arrays under 64 values are just sorted.
    static let valuesPerBucket = 8

    /// The most buckets (2^16 counters, 512 KiB): eight values a bucket at half a million
    /// values, a few hundred at a night of tens of millions.
    static let maxBucketBits = 16

    static func sort<T>(
        _ values: inout [T], key: (T) -> Hash128, by areInIncreasingOrder: (T, T) -> Bool
    ) {
        guard values.count >= 64 else {
            values.sort(by: areInIncreasingOrder)
            return
        }
        values = sorted([values], key: key, by: areInIncreasingOrder)
    }

    /// The values of every array of `parts`, together, in sorted order: the arrays are read
    /// once each, straight into their buckets, so parts gathered apart need no joining copy.
    static func sorted<T>(
        _ parts: [[T]], key: (T) -> Hash128, by areInIncreasingOrder: (T, T) -> Bool
    ) -> [T] {
        let count = parts.reduce(0) { $0 + $1.count }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            sort(
                parts, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]), key: key,
                by: areInIncreasingOrder)
            initialized = count
        }
    }

    /// Writes the values of every array of `parts` into `buffer` in sorted order, for a caller
    /// whose sorted values must land in memory it laid out itself (a file's bytes), which a
    /// returned array would have to be copied into.
    ///
    /// - Precondition: `buffer` holds exactly as many values as `parts`, uninitialised; on
    ///   return every one is initialised and the caller owns them.
    @inline(__always)  // so that `key` and the comparison inline into the bucket sorts
    static func sort<T>(
        _ parts: [[T]], into buffer: UnsafeMutableBufferPointer<T>, key: (T) -> Hash128,
        by areInIncreasingOrder: (T, T) -> Bool
    ) {
        let count = parts.reduce(0) { $0 + $1.count }
        precondition(buffer.count == count, "sorting \(count) values into \(buffer.count)")
        guard count >= 64 else {
            var next = 0
            for part in parts {
                for value in part {
                    (buffer.baseAddress! + next).initialize(to: value)
                    next += 1
                }
            }
            var values = buffer
            values.sort(by: areInIncreasingOrder)
            return
        }
        let bits = bucketBits(for: count)
        let shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        for part in parts {
            for value in part { starts[Int(key(value).high >> shift) + 1] += 1 }
        }

        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        scatter(parts, into: buffer, starts: starts, bucketOf: { Int(key($0).high >> shift) })

        for bucket in 0..<(starts.count - 1) where starts[bucket + 1] - starts[bucket] > 1 {
            let range = starts[bucket]..<starts[bucket + 1]
            var slice = UnsafeMutableBufferPointer(rebasing: buffer[range])
            slice.sort(by: areInIncreasingOrder)
        }
    }

    /// The bucket bits for `count` values: about `valuesPerBucket` values a bucket, at most
    /// `maxBucketBits`.
    static func bucketBits(for count: Int) -> Int {
        var bits = 1
        while bits < maxBucketBits && (count >> bits) > valuesPerBucket { bits += 1 }
        return bits
    }

    /// Initialises `buffer` with the values of `parts`, each at its bucket's next free slot,
    /// in input order within a bucket.
    private static func scatter<T>(
        _ parts: [[T]], into buffer: UnsafeMutableBufferPointer<T>, starts: [Int],
        bucketOf: (T) -> Int
    ) {
        var next = starts
        for part in parts {
            for value in part {
                let bucket = bucketOf(value)
                (buffer.baseAddress! + next[bucket]).initialize(to: value)
                next[bucket] += 1
            }
        }
    }
}
