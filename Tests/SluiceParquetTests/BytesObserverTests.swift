import Foundation
import SluiceParquet
import Testing

/// A writer's `BytesObserver` sees the whole file, in order, whichever call wrote the rows,
/// so a checksum of what it saw is the checksum of the file.
@Suite struct BytesObserverTests {
    static let columns = [
        ParquetColumnSpec(name: "n", type: .int64), ParquetColumnSpec(name: "s", type: .string),
    ]

    static func buffers(rows: Range<Int>) -> [ParquetColumnBuffer] {
        var numbers = ParquetColumnBuffer(type: .int64)
        var strings = ParquetColumnBuffer(type: .string)
        for row in rows {
            numbers.append(Int64(row % 7))
            if row % 3 == 0 { strings.appendNull() } else { strings.append(string: "v\(row % 5)") }
        }
        return [numbers, strings]
    }

    enum Route: String, CaseIterable {
        case write, writeRowGroup, both
    }

    @Test(arguments: Route.allCases) func observerSeesTheFileExactly(route: Route) throws {
        let path = try TemporaryDirectory.shared.path(for: "observer \(route.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen: [UInt8] = []
        let writer = try ParquetFileWriter(
            path: path, columns: Self.columns, options: .init(),
            observer: { seen.append(contentsOf: $0) })

        if route != .writeRowGroup { try writer.write(Self.buffers(rows: 0..<5000)) }
        if route != .write {
            let encoder = try ParquetColumnChunkEncoder(options: .init(), path: path)
            for group in [5000..<9000, 9000..<9003] {
                let chunks = try zip(Self.buffers(rows: group), Self.columns).map {
                    try encoder.encode($0, spec: $1)
                }
                try writer.writeRowGroup(chunks)
            }
        }
        let summary = try writer.close()

        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(file.count == summary.byteCount)
        #expect(seen == file)
    }
}
