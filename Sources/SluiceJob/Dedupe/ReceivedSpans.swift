/// For each winner with other copies, the earliest and latest `receivedAt` of all its copies.
///
/// A dedupe grouper builds its spans in key order (`widen`); `merged` puts them in winner
/// order (file, then index), which `walk` needs: a walk over every candidate in that order
/// then finds each winner's span with a cursor instead of a hash lookup per candidate, two
/// million of which cost a night a noticeable share of a second.
struct ReceivedSpans {
    struct Span {
        let winner: CandidateRef
        var first: Int64
        var last: Int64
    }

    private(set) var spans: [Span] = []

    var count: Int { spans.count }

    /// Widens the span of `winner` to take in `receivedAt`, starting it at the winner's own
    /// time. Calls for one winner must come one after another (a key group's copies do).
    mutating func widen(_ winner: CandidateRef, own: Int64, by receivedAt: Int64) {
        if let last = spans.last, last.winner == winner {
            spans[spans.count - 1].first = min(last.first, receivedAt)
            spans[spans.count - 1].last = max(last.last, receivedAt)
        } else {
            spans.append(
                Span(winner: winner, first: min(own, receivedAt), last: max(own, receivedAt)))
        }
    }

    /// The spans of several disjoint sets of winners (one per dedupe thread), in winner order.
    static func merged(_ parts: [ReceivedSpans]) -> ReceivedSpans {
        var all = ReceivedSpans()
        all.spans = parts.flatMap(\.spans)
        all.spans.sort { ($0.winner.file, $0.winner.index) < ($1.winner.file, $1.winner.index) }
        return all
    }

    /// A cursor for a walk over candidates in (file, index) order.
    func walk() -> Walk { Walk(spans: spans) }

    struct Walk {
        let spans: [Span]
        private var next = 0

        init(spans: [Span]) {
            self.spans = spans
        }

        /// The span of candidate `file`, `index`, or `nil` when it has no other copies.
        ///
        /// - Precondition: each call names a candidate after the one before it.
        @inline(__always)
        mutating func span(file: Int, index: Int) -> (first: Int64, last: Int64)? {
            while next < spans.count, Self.isBefore(spans[next].winner, file, index) {
                next += 1
            }
            guard next < spans.count else { return nil }
            let span = spans[next]
            guard span.winner.file == file, span.winner.index == index else { return nil }
            return (span.first, span.last)
        }

        @inline(__always)
        private static func isBefore(_ ref: CandidateRef, _ file: Int, _ index: Int) -> Bool {
            Int(ref.file) < file || (Int(ref.file) == file && Int(ref.index) < index)
        }
    }
}
