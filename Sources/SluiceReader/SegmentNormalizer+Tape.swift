import SluiceJSON

extension SegmentNormalizer {
    /// Parses `line` into `tape` and normalises it like `normalize(line:origin:)`, reading
    /// the members straight from the tape instead of building a tree: `members` is set to
    /// where the named top-level members sit (even when the event is then rejected for its
    /// type), and the event's `payload` is empty, since every member stays on the tape for
    /// the caller to read while `line` is valid.
    ///
    /// The rejection, or every field of the event but `payload`, equals what
    /// `normalize(line:origin:)` gives.
    public func normalize(
        line: UnsafeRawBufferPointer, origin: EventOrigin, tape: inout JSONTape,
        members: inout SegmentMembers
    ) -> Result<SegmentEvent, LineRejection> {
        members = SegmentMembers()
        do {
            try tape.parse(line)
        } catch {
            return .failure(Self.rejection(error, origin: origin, line: line))
        }
        guard tape.kind(0) == .object else {
            return .failure(Self.notAnObject(tape.value(0, in: line), origin: origin))
        }

        members = SegmentMembers(of: 0, on: tape, in: line)
        let reader = TapeMemberReader(tape: tape, line: line, members: members)
        return normalize(reader, payload: JSONObject(), byteCount: line.count, origin: origin)
    }
}
