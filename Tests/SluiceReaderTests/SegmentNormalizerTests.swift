import SluiceJSON
import Testing

@testable import SluiceReader

let origin = EventOrigin(file: "a/b.gz", line: 7, byteOffset: 120)

func normalize(
    _ bytes: [UInt8], options: NormalizerOptions = NormalizerOptions()
) -> Result<SegmentEvent, LineRejection> {
    bytes.withUnsafeBytes {
        SegmentNormalizer(options: options).normalize(line: $0, origin: origin)
    }
}

func normalize(_ text: String, options: NormalizerOptions = NormalizerOptions()) -> Result<
    SegmentEvent, LineRejection
> {
    normalize(Array(text.utf8), options: options)
}

func issueCodes(_ event: SegmentEvent) -> [String] {
    event.issues.map { "\($0.code.rawValue):\($0.field)" }
}

@Suite struct SegmentNormalizerTests {
    static let base =
        "\"messageId\":\"m1\",\"userId\":\"u1\",\"timestamp\":\"2023-01-01T00:00:00Z\",\"receivedAt\":\"2023-01-01T00:00:00Z\""

    @Test(arguments: [
        ("[1,2]", "not_an_object"), ("42", "not_an_object"), ("\"x\"", "not_an_object"),
        ("null", "not_an_object"), ("{\"type\":\"track\"} x", "trailing_garbage"),
        ("{\"type\":\"track\"", "unexpected_end"), ("{\"a\":\"\\ud800\"}", "lone_surrogate"),
        ("{\"type\":\"bogus\"}", "unknown_type"), ("{}", "unknown_type"),
        ("{\"type\":5}", "unknown_type"), ("{\"type\":null}", "unknown_type"),
        ("{\"type\":\"\",\"action\":\"track\"}", "unknown_type"), ("", "empty_input"),
        ("{\"a\":01}", "invalid_number"),
    ])
    func rejects(line: String, reason: String) {
        guard case .failure(let rejection) = normalize(line) else {
            Issue.record("accepted '\(line)'")
            return
        }
        #expect(rejection.reason == reason)
        #expect(rejection.origin == origin)
    }

    /// A file whose lines end with a lone CR reads as one line of many objects; the record
    /// says so, where the parser alone only finds a second value.
    @Test func objectsSeparatedByABareCRAreNamedAsLineEnds() {
        for (line, isNamed) in [
            ("{\"type\":\"track\"}\r{\"type\":\"track\"}", true),
            ("{\"type\":\"track\"} {\"type\":\"track\"}", false),
        ] {
            guard case .failure(let rejection) = normalize(line) else {
                Issue.record("accepted '\(line)'")
                continue
            }
            #expect(rejection.reason == "trailing_garbage")
            #expect(rejection.detail.contains("CR alone") == isNamed, "\(rejection.detail)")
        }
    }

    @Test(
        arguments: [
            ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0x00, 0x22, 0x7D], "nul_byte"),
            ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "invalid_utf8"),
            ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], "invalid_utf8"),
            ([0x7B, 0x00, 0x7D], "nul_byte"),
        ] as [([UInt8], String)])
    func rejectsBadBytes(bytes: [UInt8], reason: String) {
        guard case .failure(let rejection) = normalize(bytes) else {
            Issue.record("accepted \(bytes)")
            return
        }
        #expect(rejection.reason == reason)
    }

    @Test(
        arguments: [
            ("{\"type\":\"track\",\"event\":\"E\",\(base)}", "track", "E", [String]()),
            ("{\"type\":\"TRACK\",\"event\":\"E\",\(base)}", "track", "E", []),
            ("{\"action\":\"Identify\",\(base)}", "identify", nil, []),
            ("{\"type\":null,\"action\":\"page\",\"name\":\"Home\",\(base)}", "page", "Home", []),
            ("{\"type\":\"screen\",\"name\":\"S\",\(base)}", "screen", "S", []),
            ("{\"type\":\"track\",\(base)}", "track", nil, ["required:event"]),
            ("{\"type\":\"track\",\"event\":\"\",\(base)}", "track", nil, ["required:event"]),
            ("{\"type\":\"track\",\"event\":7,\(base)}", "track", nil, ["required:event"]),
            ("{\"type\":\"group\",\(base)}", "group", nil, ["required:groupId"]),
            (
                "{\"type\":\"group\",\"groupId\":12,\(base)}", "group", nil,
                ["numeric_identifier:groupId"]
            ),
            (
                "{\"type\":\"alias\",\"anonymousId\":\"a\",\"messageId\":\"m\",\"receivedAt\":\"2023-01-01T00:00:00Z\"}",
                "alias", nil,
                ["required:previousId", "required:userId", "timestamp_derived:timestamp"]
            ),
            (
                "{\"type\":\"identify\",\"userId\":null,\"anonymousId\":\"\",\"messageId\":\"m\",\"receivedAt\":\"2023-01-01T00:00:00Z\"}",
                "identify", nil, ["required:userId", "timestamp_derived:timestamp"]
            ),
            (
                "{\"type\":\"identify\",\"userId\":[\"u\"],\"anonymousId\":\"a\",\"messageId\":\"m\",\"receivedAt\":\"2023-01-01T00:00:00Z\"}",
                "identify", nil, ["invalid_identifier:userId", "timestamp_derived:timestamp"]
            ),
            (
                "{\"type\":\"identify\",\"userId\":42,\"messageId\":\"m\",\"receivedAt\":\"2023-01-01T00:00:00Z\"}",
                "identify", nil, ["numeric_identifier:userId", "timestamp_derived:timestamp"]
            ),
            (
                "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\",\"receivedAt\":\"2023-01-01T00:00:00Z\",\"sentAt\":\"test\",\"originalTimestamp\":\"2023-01-01 00:00:00\"}",
                "identify", nil,
                [
                    "timestamp_without_zone:originalTimestamp", "invalid_timestamp:sentAt",
                    "timestamp_derived:timestamp",
                ]
            ),
        ] as [(String, String, String?, [String])])
    func normalises(line: String, callType: String, eventName: String?, issues: [String]) throws {
        let event = try normalize(line).get()
        #expect(event.callType.rawValue == callType)
        #expect(event.eventName == eventName)
        #expect(issueCodes(event) == issues)
        #expect(event.origin == origin)
        #expect(event.rawByteCount == line.utf8.count)
        #expect(event.payload == (try JSONParser().parse(line)).objectValue)
    }

    @Test func readsIdentifiersAndTimestamps() throws {
        let line = """
            {"type":"track","event":"Bought","userId":"u","anonymousId":"a","messageId":"m",\
            "timestamp":"2023-10-23T08:56:09.043Z","originalTimestamp":"2022-06-22T12:31:15.655+05:30",\
            "sentAt":1698051369043,"receivedAt":"2009-11-10T23:00:00Z"}
            """
        let event = try normalize(line).get()
        #expect(event.messageId.builtText == "m" && !event.isMessageIdSubstituted)
        #expect(event.userId?.builtText == "u" && event.anonymousId?.builtText == "a")
        #expect(event.timestamp == 1_698_051_369_043_000)
        #expect(event.originalTimestamp == 1_655_881_275_655_000)
        #expect(event.sentAt == 1_698_051_369_043_000)
        #expect(event.receivedAt == 1_257_894_000_000_000 && !event.isReceivedAtSubstituted)
        #expect(event.issues.isEmpty && !event.hasViolations)
    }

    @Test func derivesTimestampByCorrectingClockSkew() throws {
        // The device clock is 10 s fast: sent at 00:00:10 by it, received at 00:00:01.
        let line = """
            {"type":"identify","userId":"u","messageId":"m","originalTimestamp":"2023-01-01T00:00:05Z",\
            "sentAt":"2023-01-01T00:00:10Z","receivedAt":"2023-01-01T00:00:01Z"}
            """
        let event = try normalize(line).get()
        #expect(event.timestamp == Int64(1_672_531_196_000_000))
        #expect(issueCodes(event) == ["timestamp_derived:timestamp"])
    }

    @Test(arguments: [
        ("\"sentAt\":\"2023-01-01T00:00:10Z\"", Int64(1_672_531_201_000_000)),
        ("\"originalTimestamp\":\"2023-01-01T00:00:05Z\"", 1_672_531_205_000_000),
    ])
    func derivesTimestampWithOneClientTime(field: String, expected: Int64) throws {
        let line =
            "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\",\(field),\"receivedAt\":\"2023-01-01T00:00:01Z\"}"
        #expect(try normalize(line).get().timestamp == expected)
    }

    @Test func fallsBackToEventTimeForReceivedAt() throws {
        let line =
            "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\",\"originalTimestamp\":\"2023-01-01T00:00:05Z\",\"sentAt\":\"2023-01-01T00:00:10Z\"}"
        let event = try normalize(line).get()
        #expect(event.receivedAt == 1_672_531_205_000_000 && event.isReceivedAtSubstituted)
        #expect(event.timestamp == 1_672_531_205_000_000)
        #expect(
            issueCodes(event) == [
                "received_at_substituted:receivedAt", "timestamp_derived:timestamp",
            ])

        let timeless = try normalize("{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\"}")
            .get()
        #expect(timeless.receivedAt == nil && timeless.timestamp == nil && timeless.issues.isEmpty)
    }

    @Test func fallsBackToRunTimeOrRejects() throws {
        let line =
            "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\",\"timestamp\":\"2023-01-01T00:00:05Z\",\"receivedAt\":\"x\"}"
        let run = try normalize(
            line, options: NormalizerOptions(receivedAtFallback: .runTime(micros: 42))
        ).get()
        #expect(
            run.receivedAt == 42 && run.isReceivedAtSubstituted
                && run.timestamp == 1_672_531_205_000_000)
        #expect(
            issueCodes(run) == [
                "invalid_timestamp:receivedAt", "received_at_substituted:receivedAt",
            ])

        guard
            case .failure(let rejection) = normalize(
                line, options: NormalizerOptions(receivedAtFallback: .reject))
        else {
            Issue.record("accepted without receivedAt")
            return
        }
        #expect(rejection.reason == "missing_received_at")
    }

    @Test func fingerprintsAMissingMessageIdIgnoringSendTimes() throws {
        let first = try normalize(
            "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"sentAt\":\"2023-01-01T00:00:00Z\"}"
        ).get()
        let resent = try normalize(
            "{\"type\":\"track\", \"event\":\"E\",\"userId\":\"u\",\"sentAt\":\"2024-01-01T00:00:00Z\",\"receivedAt\":\"2024-01-01T00:00:00Z\"}"
        ).get()
        let other = try normalize("{\"type\":\"track\",\"event\":\"F\",\"userId\":\"u\"}").get()
        #expect(first.isMessageIdSubstituted && first.messageId.builtText.hasPrefix("sluice-fp-"))
        #expect(first.messageId.builtText.count == "sluice-fp-".count + 32)
        #expect(first.messageId.builtText == resent.messageId.builtText)
        let canonical = "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}"
        #expect(
            first.messageId.builtText == "sluice-fp-" + contentFingerprint(Array(canonical.utf8)))
        #expect(first.messageId.builtText != other.messageId.builtText)
        #expect(issueCodes(first).first == "message_id_substituted:messageId")

        for messageId in ["\"\"", "null", "true", "[1]"] {
            let event = try normalize(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\(messageId)}"
            ).get()
            #expect(event.isMessageIdSubstituted, "messageId \(messageId)")
        }
    }

    /// A numeric messageId is taken by its text, as a numeric userId is: it used to be
    /// replaced by a content fingerprint, which kept the number nowhere and let two copies
    /// with different payloads both load.
    @Test func numericMessageIdIsItsText() throws {
        let event = try normalize(
            "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":12}"
        ).get()
        #expect(!event.isMessageIdSubstituted)
        #expect(event.messageId.builtText == "12")
        #expect(issueCodes(event) == ["numeric_identifier:messageId"])
    }

    @Test func fingerprintIsFNV1a128() {
        // Published FNV-1a 128 test values: the empty input is the offset basis.
        #expect(contentFingerprint([]) == "6c62272e07bb014262b821756295c58d")
        #expect(contentFingerprint(Array("a".utf8)) == "d228cb696f1a8caf78912b704e4a8964")
    }

    @Test func flagsOversizedEvents() throws {
        let line = "{\"type\":\"track\",\"event\":\"E\",\(Self.base)}"
        let event = try normalize(line, options: NormalizerOptions(oversizedEventBytes: 10)).get()
        #expect(issueCodes(event) == ["oversized_event:"])
    }
}

@Suite struct NormalizeLogLineTests {
    @Test func tooLongAndTruncatedLinesAreRejectedWithoutParsing() throws {
        let fixtures = try Fixtures()
        let text =
            Array("{\"type\":\"track\"}\n".utf8) + Array(repeating: UInt8(ascii: "{"), count: 50)
            + Array("\n{\"type\"".utf8)
        let options = ReaderOptions(maxLineBytes: 20, tooLongPrefixBytes: 5)
        var reasons: [String] = []
        var origins: [EventOrigin] = []
        let file = try fixtures.inputFile(
            "d/x.gz", Array(try compress(text, with: "gzip").dropLast(8)))
        _ = try LogFileReader(file: file, options: options).forEachLine { line in
            switch SegmentNormalizer().normalize(line, file: file.relativePath) {
            case .success(let event):
                reasons.append("event:\(event.callType.rawValue)")
                origins.append(event.origin)
            case .failure(let rejection):
                reasons.append(rejection.reason)
                origins.append(rejection.origin)
            }
        }
        #expect(reasons == ["event:track", "line_too_long", "truncated_by_damage"])
        #expect(
            origins == [
                EventOrigin(file: "d/x.gz", line: 1, byteOffset: 0),
                EventOrigin(file: "d/x.gz", line: 2, byteOffset: 17),
                EventOrigin(file: "d/x.gz", line: 3, byteOffset: 68),
            ])
    }
}

extension EventText {
    /// The text of an event normalised from a tree, where every text is built and no line
    /// is needed to read it.
    var builtText: String { string(in: UnsafeRawBufferPointer(start: nil, count: 0)) }
}
