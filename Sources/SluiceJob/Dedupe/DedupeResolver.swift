import SluiceJSON
import SluiceReader

/// Where one event sits in the run's ingests: file index (files are in sorted path order) and
/// the event's index within that file.
struct EventRef: Hashable, Sendable {
    let file: Int
    let index: Int
}

/// The result of deduplicating a run by `messageId`.
struct DedupeOutcome {
    /// The copy of each messageId that is loaded, in input order.
    var winners: [EventRef] = []
    /// Copies that differ from their winner only in `sentAt` and `receivedAt`.
    var plainDuplicates: [EventRef] = []
    /// Copies whose payload differs otherwise, each with the winner it lost to.
    var conflicts: [(loser: EventRef, winner: EventRef)] = []
}

/// Deduplicates by `messageId` across the whole run, whatever the file order.
///
/// The copy with the earliest `receivedAt` wins; ties go to the earliest (path, line), and an
/// event without `receivedAt` sorts after every event that has one.
// FIXME: the winner table is an in-memory dictionary of every messageId in the run (about
// 100 bytes an id); past a few tens of millions of ids it should spill sorted runs to disk
// and merge them, which is what `RunConfiguration.dedupeMemoryBytes` is meant to bound.
enum DedupeResolver {
    /// Fields a retry is allowed to change: a copy differing only in these is a plain duplicate.
    static let deliveryFields: Set<String> = ["sentAt", "receivedAt"]

    static func resolve(_ ingests: [FileIngest]) -> DedupeOutcome {
        var winnerOf: [String: EventRef] = [:]
        var losers: [EventRef] = []
        for (fileIndex, ingest) in ingests.enumerated() {
            for (index, event) in ingest.events.enumerated() {
                let ref = EventRef(file: fileIndex, index: index)
                guard let current = winnerOf[event.messageId] else {
                    winnerOf[event.messageId] = ref
                    continue
                }
                if precedes(event, ingests[current.file].events[current.index]) {
                    winnerOf[event.messageId] = ref
                    losers.append(current)
                } else {
                    losers.append(ref)
                }
            }
        }

        var outcome = DedupeOutcome()
        outcome.winners = winnerOf.values.sorted { ($0.file, $0.index) < ($1.file, $1.index) }
        for loser in losers {
            let event = ingests[loser.file].events[loser.index]
            let winner = winnerOf[event.messageId]!
            if samePayload(event, ingests[winner.file].events[winner.index]) {
                outcome.plainDuplicates.append(loser)
            } else {
                outcome.conflicts.append((loser, winner))
            }
        }
        return outcome
    }

    /// Whether `a` beats `b`, an earlier copy in input order: strictly earlier `receivedAt`.
    private static func precedes(_ a: SegmentEvent, _ b: SegmentEvent) -> Bool {
        (a.receivedAt ?? .max) < (b.receivedAt ?? .max)
    }

    private static func samePayload(_ a: SegmentEvent, _ b: SegmentEvent) -> Bool {
        var compared = 0
        for (key, value) in a.payload where !deliveryFields.contains(key) {
            if b.payload[key] != value { return false }
            compared += 1
        }
        return compared == b.payload.keys.count { !deliveryFields.contains($0) }
    }
}
