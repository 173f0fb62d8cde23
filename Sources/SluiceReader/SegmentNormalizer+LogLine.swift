extension SegmentNormalizer {
    /// Normalises a line as the reader passed it: a too-long line becomes `line_too_long`
    /// and a fragment cut by damage `truncated_by_damage`, never parsed; a whole line goes
    /// to `normalize(line:origin:)`. `file` is the file's relative path, for the origin.
    public func normalize(_ line: LogLine, file: String) -> Result<SegmentEvent, LineRejection> {
        let origin = EventOrigin(file: file, line: line.lineNumber, byteOffset: line.byteOffset)
        switch line.kind {
        case .complete:
            return normalize(line: line.bytes, origin: origin)
        case .tooLong(let totalBytes):
            let detail =
                "The line is \(totalBytes) bytes, over the limit; only its first \(line.bytes.count) bytes are kept."
            return .failure(LineRejection(.lineTooLong, detail, origin: origin))
        case .truncatedByDamage:
            let detail =
                "The file is damaged inside this line; only its first \(line.bytes.count) bytes could be read."
            return .failure(LineRejection(.truncatedByDamage, detail, origin: origin))
        }
    }
}
