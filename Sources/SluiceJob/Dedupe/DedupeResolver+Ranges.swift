import Dispatch
import SluiceHash

extension DedupeResolver {
    /// Resolves the run in memory on `ranges` threads. Every candidate's entry is written
    /// once, straight into one array ordered by bucket (`HashOrderSort`'s buckets: the top bits
    /// of the key): each thread counts, then places, the candidates of its share of the files
    /// (files `share`, `share + ranges`, ...) at offsets the counts set aside for that share in
    /// each bucket. Then each thread sorts and groups one range of buckets; a key's copies
    /// share a bucket, so no key spans two ranges.
    ///
    /// Memory: one entry per candidate and one counter per bucket and thread. No per-thread
    /// arrays are gathered and no sorted copy is made: at millions of events each of those was
    /// another hundred megabytes of fresh pages for the kernel to fault in and zero.
    static func resolveInRanges(_ outcomes: [FileOutcome], ranges: Int) -> DedupeOutcome {
        let winners = Winners(outcomes)
        defer { winners.deallocate() }
        let layout = BucketLayout(outcomes, shares: ranges)
        let entries = EntryBuffer(count: layout.total)
        defer { entries.deallocate() }
        DispatchQueue.concurrentPerform(iterations: ranges) { share in
            layout.place(outcomes, share: share, into: entries)
        }

        let slots = ResultSlots<Grouper>(count: ranges)
        DispatchQueue.concurrentPerform(iterations: ranges) { range in
            var grouper = Grouper(winners: winners)
            for bucket in layout.buckets(ofRange: range, of: ranges) {
                var bucketEntries = entries.slice(layout.entries(ofBucket: bucket))
                bucketEntries.sort(by: <)
                for entry in bucketEntries { grouper.take(entry) }
            }
            slots.store(grouper, at: range)
        }

        var result = DedupeOutcome()
        let groupers = slots.values()
        for grouper in groupers {
            result.plainDuplicates += grouper.plainDuplicates
            result.conflicts += grouper.conflicts
        }
        result.receivedSpans = ReceivedSpans.merged(groupers.map(\.receivedSpans))
        result.conflicts.sort { ($0.loser.file, $0.loser.index) < ($1.loser.file, $1.loser.index) }
        result.isWinner = winners.arrays(outcomes)
        return result
    }

    /// Where the entries of a run's candidates go in one array ordered by key bucket, and
    /// where within each bucket each share of the files writes its own.
    struct BucketLayout: Sendable {
        /// Shifts a key's `high` word down to its bucket.
        let shift: UInt64
        let bucketCount: Int
        /// Per bucket, the index of its first entry; then the total.
        let bucketStarts: [Int]
        /// Per share, per bucket: the index of the share's first entry in that bucket.
        let shareStarts: [[Int]]

        var total: Int { bucketStarts[bucketCount] }

        /// Counts the candidates of each share of `outcomes`' files by bucket, one share per
        /// thread.
        init(_ outcomes: [FileOutcome], shares: Int) {
            let total = outcomes.reduce(0) { $0 + $1.candidates.count }
            let bits = HashOrderSort.bucketBits(for: total)
            let (shift, bucketCount) = (UInt64(64 - bits), 1 << bits)
            let counted = ResultSlots<[Int]>(count: shares)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                var counts = [Int](repeating: 0, count: bucketCount)
                for file in stride(from: share, to: outcomes.count, by: shares) {
                    for candidate in outcomes[file].candidates {
                        counts[Int(candidate.key.high >> shift)] += 1
                    }
                }
                counted.store(counts, at: share)
            }

            // Buckets in key order; within one, the shares in order.
            var shareStarts = counted.values()
            var bucketStarts: [Int] = []
            bucketStarts.reserveCapacity(bucketCount + 1)
            var next = 0
            for bucket in 0..<bucketCount {
                bucketStarts.append(next)
                for share in 0..<shares {
                    let count = shareStarts[share][bucket]
                    shareStarts[share][bucket] = next
                    next += count
                }
            }
            bucketStarts.append(next)
            (self.shift, self.bucketCount) = (shift, bucketCount)
            (self.bucketStarts, self.shareStarts) = (bucketStarts, shareStarts)
        }

        /// The indexes of bucket `bucket`'s entries.
        func entries(ofBucket bucket: Int) -> Range<Int> {
            bucketStarts[bucket]..<bucketStarts[bucket + 1]
        }

        /// The buckets of range `range` of `ranges` equal slices of the key space.
        func buckets(ofRange range: Int, of ranges: Int) -> Range<Int> {
            range * bucketCount / ranges..<(range + 1) * bucketCount / ranges
        }

        /// Initialises the entries of share `share` of `ranges` (the counting's `shares`) in
        /// `entries`; shares write disjoint slots, so they may be placed at once.
        func place(_ outcomes: [FileOutcome], share: Int, into entries: EntryBuffer) {
            var next = shareStarts[share]
            for file in stride(from: share, to: outcomes.count, by: shareStarts.count) {
                for (index, candidate) in outcomes[file].candidates.enumerated() {
                    let bucket = Int(candidate.key.high >> shift)
                    entries.initialize(
                        at: next[bucket],
                        to: Entry(
                            key: candidate.key, receivedAt: candidate.receivedAt,
                            file: Int32(file), index: Int32(index), content: candidate.content,
                            isBlocked: candidate.isBlocked))
                    next[bucket] += 1
                }
            }
        }
    }

    /// The entries of a run, in memory its resolving threads write and sort in disjoint parts;
    /// freed by `deallocate()`.
    struct EntryBuffer: @unchecked Sendable {
        private let entries: UnsafeMutableBufferPointer<Entry>

        init(count: Int) {
            entries = .allocate(capacity: max(1, count))
        }

        func initialize(at index: Int, to entry: Entry) {
            (entries.baseAddress! + index).initialize(to: entry)
        }

        /// The entries at `range`, all initialised; only one thread may use a range at a time.
        func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<Entry> {
            UnsafeMutableBufferPointer(rebasing: entries[range])
        }

        func deallocate() {
            entries.deallocate()
        }
    }
}
