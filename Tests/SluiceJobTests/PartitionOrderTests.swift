import Testing

@testable import SluiceJob

/// A run finds a partition's rows among many buckets, and a partition's `receivedAt` bounds
/// leave out rows without one, as a walk over every row would.
@Suite struct PartitionOrderTests {
    static func header(_ receivedAt: Int64, line: Int32) -> RowHeader {
        RowHeader(candidate: 0, receivedAt: receivedAt, partitionMicros: 0, file: 0, line: line)
    }

    /// A run of `counts[i]` rows in bucket `buckets[i]`, the buckets ascending.
    static func run(buckets: [Int64], counts: [Int], receivedAt: [Int64]? = nil) -> ColumnRun {
        var ranges: [(bucket: Int64, rows: Range<Int>)] = []
        var start = 0
        for (bucket, count) in zip(buckets, counts) {
            ranges.append((bucket, start..<start + count))
            start += count
        }
        let times = receivedAt ?? (0..<start).map(Int64.init)
        let headers = times.enumerated().map { header($1, line: Int32($0)) }
        return ColumnRun(headers: headers, buckets: ranges, columns: [], spill: nil)
    }

    @Test func runFindsEveryBucketAndNoOther() {
        let buckets = (0..<300).map { Int64($0) * 3_600_000_000 - 50 * 3_600_000_000 }
        let counts = (0..<300).map { $0 % 4 + 1 }
        let run = Self.run(buckets: buckets, counts: counts)

        var start = 0
        for (bucket, count) in zip(buckets, counts) {
            #expect(run.rows(ofBucket: bucket) == start..<start + count)
            #expect(run.rows(ofBucket: bucket + 1).isEmpty)
            start += count
        }
        #expect(run.rows(ofBucket: buckets[0] - 1).isEmpty)
        #expect(run.rows(ofBucket: .max).isEmpty)
        #expect(Self.run(buckets: [], counts: []).rows(ofBucket: 0).isEmpty)
    }

    static let boundsCases: [(name: String, times: [[Int64]], bounds: (Int64, Int64)?)] = [
        ("all timed", [[5, 9, 12], [3, 10]], (3, 12)),
        ("untimed rows sort last", [[4, 8, .max], [.max, .max]], (4, 8)),
        ("one timed row", [[.max, .max], [-7]], (-7, -7)),
        ("no timed row", [[.max], [.max, .max]], nil),
        ("no row", [[], []], nil),
    ]

    @Test(arguments: boundsCases.indices) func receivedAtBoundsSkipRowsWithoutOne(index: Int) {
        let (name, times, bounds) = Self.boundsCases[index]
        let runs = times.enumerated().map { worker, times in
            let sorted = times.sorted()
            let run = Self.run(buckets: [7], counts: [sorted.count], receivedAt: sorted)
            return (worker: worker, run: run)
        }
        let order = PartitionOrder(bucket: 7, runs: runs, isLive: { _ in true })

        let found = order.receivedAtBounds()
        #expect(found?.min == bounds?.0, "\(name)")
        #expect(found?.max == bounds?.1, "\(name)")
        #expect(order.count == times.joined().count, "\(name)")
    }
}
