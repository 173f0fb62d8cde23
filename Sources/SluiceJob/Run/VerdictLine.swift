import SluiceJSON
import SluiceReader

/// Writes the lines of `sluice validate`'s output for one file straight as bytes:
/// `{"file":…,"line":…,"messageId":…,"verdict":…,"violations":[…]}` and a newline, the
/// same text `JSONValue.jsonText` gives for that object, without building one per line.
struct VerdictLine {
    /// What a line is found to be.
    enum Verdict: String {
        case valid, invalid, blocked, unreadable
    }

    /// The file's relative path, as the verdicts name it.
    let file: String
    /// `{"file":"<path>","line":`, the same for every line of the file.
    private let opening: [UInt8]

    init(file: String) {
        var opening = Array(#"{"file":"#.utf8)
        JSONValue.appendQuoted(file, to: &opening)
        opening.append(contentsOf: #","line":"#.utf8)
        self.file = file
        self.opening = opening
    }

    /// Appends the verdict of line `number` to `out`; `messageId`, when given, is read with
    /// `line`, the bytes its event was normalised from.
    func append(
        line number: Int, messageId: EventText?, in line: UnsafeRawBufferPointer,
        _ verdict: Verdict, violations: [JSONValue], to out: inout [UInt8]
    ) {
        out.append(contentsOf: opening)
        out.append(contentsOf: String(number).utf8)
        out.append(contentsOf: #","messageId":"#.utf8)
        if let messageId {
            messageId.withUTF8(in: line) {
                JSONValue.appendQuoted(utf8: $0.assumingMemoryBound(to: UInt8.self), to: &out)
            }
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","verdict":""#.utf8)
        out.append(contentsOf: verdict.rawValue.utf8)
        out.append(contentsOf: #"","violations":["#.utf8)
        for (index, violation) in violations.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            violation.appendJSON(to: &out)
        }
        out.append(contentsOf: "]}\n".utf8)
    }

    /// Appends the `unreadable` verdict of line `number` (0 for the file or entry as a
    /// whole), whose one violation says `reason` and `detail`.
    func appendUnreadable(
        line number: Int, _ reason: String, _ detail: String, to out: inout [UInt8]
    ) {
        append(
            line: number, messageId: nil, in: UnsafeRawBufferPointer(start: nil, count: 0),
            .unreadable, violations: [Self.unreadable(reason, detail)], to: &out)
    }

    /// The violation an unreadable line or file is reported with.
    private static func unreadable(_ reason: String, _ detail: String) -> JSONValue {
        .members([
            ("type", .string("Unreadable")), ("field", .string("")),
            ("description", .string(detail.isEmpty ? reason : reason + ": " + detail)),
        ])
    }
}
