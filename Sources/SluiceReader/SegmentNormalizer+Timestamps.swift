// The Segment Spec's timestamp fields and clock-skew correction
// (segment.com/docs/connections/spec/common/#timestamp-overview).
import SluiceJSON

extension SegmentNormalizer {
    /// An event's four times in microseconds since the epoch, as `SegmentEvent` holds them.
    struct Times {
        var timestamp: Int64?
        var originalTimestamp: Int64?
        var sentAt: Int64?
        var receivedAt: Int64?
        var isReceivedAtSubstituted = false
    }

    /// Reads the four timestamp fields; an invalid one is a violation and counts as absent.
    func readTimestamps(_ reader: some SegmentMemberReader, issues: inout [EventIssue]) -> Times {
        var times = Times()
        times.timestamp = timestamp(.timestamp, in: reader, issues: &issues)
        times.originalTimestamp = timestamp(.originalTimestamp, in: reader, issues: &issues)
        times.sentAt = timestamp(.sentAt, in: reader, issues: &issues)
        times.receivedAt = timestamp(.receivedAt, in: reader, issues: &issues)
        return times
    }

    func timestamp(
        _ name: SegmentMembers.Name, in reader: some SegmentMemberReader,
        issues: inout [EventIssue]
    ) -> Int64? {
        guard let kind = reader.kind(name), kind != .null else { return nil }
        switch reader.timestamp(name) {
        case .value(let micros, let hasZone):
            if !hasZone {
                let field = name.text
                issues.append(
                    EventIssue(
                        .timestampWithoutZone, field: field,
                        "'\(field)' \(reader.jsonText(name)) names no zone offset; it is taken as UTC."
                    ))
            }
            return micros
        case .invalid(let reason):
            let field = name.text
            issues.append(
                EventIssue(
                    .invalidTimestamp, field: field,
                    "'\(field)' holds \(reader.jsonText(name)), which is not a timestamp (\(reason))."
                ))
            return nil
        }
    }

    /// Fills a missing receivedAt by the fallback policy; false when the policy rejects.
    func resolveReceivedAt(of times: inout Times, issues: inout [EventIssue]) -> Bool {
        guard times.receivedAt == nil else { return true }
        let substitute: Int64?
        let source: String
        switch options.receivedAtFallback {
        case .reject:
            return false
        case .runTime(let micros):
            (substitute, source) = (micros, "the run's start time")
        case .eventTime:
            substitute = times.timestamp ?? times.originalTimestamp ?? times.sentAt
            source =
                times.timestamp != nil
                ? "'timestamp'"
                : times.originalTimestamp != nil ? "'originalTimestamp'" : "'sentAt'"
        }

        guard let substitute else { return true }
        times.receivedAt = substitute
        times.isReceivedAtSubstituted = true
        issues.append(
            EventIssue(
                .receivedAtSubstituted, field: "receivedAt",
                "'receivedAt' is missing or invalid; \(source) is used: \(SegmentTimestamp.format(micros: substitute))."
            ))
        return true
    }

    /// Derives a missing timestamp as Segment does.
    ///
    /// With a receivedAt from the server, `receivedAt - (sentAt - originalTimestamp)` corrects
    /// the device's clock skew; without sentAt that is `originalTimestamp`, and without
    /// originalTimestamp there is no device time to correct, so it is `receivedAt`. With a
    /// substituted receivedAt there is no server clock to correct against, so it is
    /// `originalTimestamp`, else `sentAt`, else the substitute.
    func deriveTimestamp(of times: inout Times, issues: inout [EventIssue]) {
        guard times.timestamp == nil, let receivedAt = times.receivedAt else { return }
        let derived: Int64
        let rule: String
        if times.isReceivedAtSubstituted {
            derived = times.originalTimestamp ?? times.sentAt ?? receivedAt
            rule =
                times.originalTimestamp != nil
                ? "originalTimestamp"
                : times.sentAt != nil ? "sentAt" : "the substituted receivedAt"
        } else if let original = times.originalTimestamp {
            derived = receivedAt - ((times.sentAt ?? receivedAt) - original)
            rule =
                times.sentAt != nil
                ? "receivedAt - (sentAt - originalTimestamp)" : "originalTimestamp"
        } else {
            (derived, rule) = (receivedAt, "receivedAt")
        }

        times.timestamp = derived
        issues.append(
            EventIssue(
                .timestampDerived, field: "timestamp",
                "'timestamp' is missing or invalid; it is derived as \(rule): \(SegmentTimestamp.format(micros: derived))."
            ))
    }
}
