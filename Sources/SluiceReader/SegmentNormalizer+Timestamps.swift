// The Segment Spec's timestamp fields and clock-skew correction
// (segment.com/docs/connections/spec/common/#timestamp-overview).
import SluiceJSON

extension SegmentNormalizer {
    /// Reads the four timestamp fields; an invalid one is a violation and counts as absent.
    func readTimestamps(
        _ reader: some SegmentMemberReader, into event: inout SegmentEvent,
        issues: inout [EventIssue]
    ) {
        event.timestamp = timestamp(.timestamp, in: reader, issues: &issues)
        event.originalTimestamp = timestamp(.originalTimestamp, in: reader, issues: &issues)
        event.sentAt = timestamp(.sentAt, in: reader, issues: &issues)
        event.receivedAt = timestamp(.receivedAt, in: reader, issues: &issues)
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
    func resolveReceivedAt(of event: inout SegmentEvent, issues: inout [EventIssue]) -> Bool {
        guard event.receivedAt == nil else { return true }
        let substitute: Int64?
        let source: String
        switch options.receivedAtFallback {
        case .reject:
            return false
        case .runTime(let micros):
            (substitute, source) = (micros, "the run's start time")
        case .eventTime:
            substitute = event.timestamp ?? event.originalTimestamp ?? event.sentAt
            source =
                event.timestamp != nil
                ? "'timestamp'"
                : event.originalTimestamp != nil ? "'originalTimestamp'" : "'sentAt'"
        }

        guard let substitute else { return true }
        event.receivedAt = substitute
        event.isReceivedAtSubstituted = true
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
    func deriveTimestamp(of event: inout SegmentEvent, issues: inout [EventIssue]) {
        guard event.timestamp == nil, let receivedAt = event.receivedAt else { return }
        let derived: Int64
        let rule: String
        if event.isReceivedAtSubstituted {
            derived = event.originalTimestamp ?? event.sentAt ?? receivedAt
            rule =
                event.originalTimestamp != nil
                ? "originalTimestamp"
                : event.sentAt != nil ? "sentAt" : "the substituted receivedAt"
        } else if let original = event.originalTimestamp {
            derived = receivedAt - ((event.sentAt ?? receivedAt) - original)
            rule =
                event.sentAt != nil
                ? "receivedAt - (sentAt - originalTimestamp)" : "originalTimestamp"
        } else {
            (derived, rule) = (receivedAt, "receivedAt")
        }

        event.timestamp = derived
        issues.append(
            EventIssue(
                .timestampDerived, field: "timestamp",
                "'timestamp' is missing or invalid; it is derived as \(rule): \(SegmentTimestamp.format(micros: derived))."
            ))
    }
}
