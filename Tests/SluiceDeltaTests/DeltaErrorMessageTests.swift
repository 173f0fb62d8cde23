import Testing

@testable import SluiceDelta

/// Pins the wording people see; other tests assert codes only.
@Suite struct DeltaErrorMessageTests {
    @Test func descriptionNamesCodeTableVersionAndCause() {
        let error = DeltaError(
            .io, "could not open '/t/_delta_log/x': No such file or directory.", table: "/t",
            version: 3, errno: 2, underlying: "disk gone")
        #expect(
            error.description
                == "delta io: could not open '/t/_delta_log/x': No such file or directory. (table '/t', version 3, errno 2, cause: disk gone)"
        )
    }

    @Test func concurrentCommitSaysWhatToDo() throws {
        let fixture = try DeltaFixture()
        let store = DeltaLogStore(table: fixture.root)
        try store.createDirectory()
        try store.putIfAbsent(DeltaLogStore.commitName(0), [], version: 0)

        let error = try #require(throws: DeltaError.self) {
            try store.putIfAbsent(DeltaLogStore.commitName(0), [], version: 0)
        }
        #expect(
            error.description
                == "delta concurrentCommit: Another writer committed version 0 first; the commit was not written. Read the table again and retry if the batch is still needed. (table '\(fixture.root)', version 0, errno 17)"
        )
    }
}
