import Testing

@testable import SluiceReader

/// The one place that pins the wording of the reader's user-facing sentences.
@Suite struct MessageWordingTests {
    @Test func readErrors() {
        do {
            _ = try InputDirectory.scan(root: "/nonexistent/in")
        } catch {
            #expect(
                error.message
                    == "Cannot read the input directory '/nonexistent/in': No such file or directory. Check the path."
            )
        }
        let file = InputFile(relativePath: "a.gz", absolutePath: "/nonexistent/a.gz", byteCount: 0)
        do {
            _ = try LogFileReader(file: file).forEachLine { _ in }
        } catch let error as ReadError {
            #expect(
                error.message
                    == "Cannot open the log file 'a.gz': No such file or directory. Check that it exists and is readable."
            )
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func rejectionsAndIssues() throws {
        guard case .failure(let rejection) = normalize("{\"type\":\"bogus\"}") else { return }
        #expect(
            rejection.detail
                == "The event's type \"bogus\" is none of track, identify, page, screen, group, alias; it cannot be routed to a table."
        )
        guard case .failure(let array) = normalize("[1]") else { return }
        #expect(array.detail == "The line holds a JSON array, not an object.")

        let event = try normalize(
            "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"m\",\"sentAt\":\"test\"}"
        ).get()
        #expect(
            event.issues.map(\.description) == [
                "A track call requires 'event'.",
                "'sentAt' holds \"test\", which is not a timestamp (malformed).",
            ])
    }
}
