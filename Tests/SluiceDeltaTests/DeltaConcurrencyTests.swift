import Foundation
import SluiceDelta
import Testing

@testable import SluiceDelta

/// Put-if-absent: one version, one winner.
@Suite struct DeltaConcurrencyTests {
    static let rows = [EventRow(id: 1, name: "a", score: 1, active: true, at: 0, payload: "{}")]

    @Test func secondWriterOfAVersionGetsConcurrentCommit() throws {
        let fixture = try DeltaFixture()
        let store = DeltaLogStore(table: fixture.root)
        try store.createDirectory()
        try store.putIfAbsent("00000000000000000000.json", Array("{}\n".utf8), version: 0)

        let error = try #require(throws: DeltaError.self) {
            try store.putIfAbsent("00000000000000000000.json", Array("[]\n".utf8), version: 0)
        }
        #expect(error.code == .concurrentCommit)
        #expect(error.version == 0)
        let content = try String(
            contentsOfFile: fixture.root + "/_delta_log/00000000000000000000.json", encoding: .utf8)
        #expect(content == "{}\n")
        #expect(try fixture.logFileNames() == ["00000000000000000000.json"])
    }

    /// Writers that read the same snapshot race for the same version: exactly one wins.
    @Test func racingCommitsOfTheSameVersionHaveOneWinner() throws {
        let fixture = try DeltaFixture()
        let writers = 6
        let files = try (0..<writers).map {
            try fixture.writeFile("part-w\($0).parquet", day: "2026-11-30", rows: Self.rows)
        }
        let outcomes = Outcomes()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()

        for (index, file) in files.enumerated() {
            DispatchQueue.global().async(group: group) {
                start.wait()
                let table = DeltaTable(root: fixture.root)
                do {
                    let version = try table.commit(
                        schema: DeltaFixture.schema, partitionColumns: ["day"], adds: [file],
                        removes: [], runId: "w\(index)", batch: "b", txnVersion: Int64(index))
                    outcomes.record(.success(version))
                } catch {
                    outcomes.record(.failure(error))
                }
            }
        }
        for _ in 0..<writers { start.signal() }
        group.wait()

        let versions = outcomes.all.compactMap { try? $0.get() }
        #expect(Set(versions).count == versions.count, "two writers won version \(versions)")
        #expect(versions.contains(0))
        for case .failure(let error) in outcomes.all {
            #expect((error as? DeltaError)?.code == .concurrentCommit)
        }
        let snapshot = try #require(try DeltaTable(root: fixture.root).snapshot())
        #expect(snapshot.version == Int64(versions.count - 1))
        #expect(snapshot.files.count == versions.count)
    }
}

/// Thread-safe collection of the racing writers' results.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Int64, Error>] = []

    func record(_ result: Result<Int64, Error>) {
        lock.lock()
        defer { lock.unlock() }
        results.append(result)
    }

    var all: [Result<Int64, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
