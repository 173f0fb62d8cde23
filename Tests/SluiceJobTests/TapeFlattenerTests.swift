import Foundation
import SluiceJSON
import SluiceReader
import SluiceWarehouse
import Testing

@testable import SluiceJob

/// Flattening straight from the tape must store exactly the values the tree flattener
/// stores: same paths, kinds, numbers and text, in the same order.
@Suite struct TapeFlattenerTests {
    /// Edge cases of keys and values, each a whole event line.
    static let crafted: [String] = [
        #"{"context":{"a\u0062":"x\"y","é":"\u00e9","":1,"n":null,"t":true,"f":false}}"#,
        #"{"context":{"a":1,"b":{"c":2},"a":{"d":3}},"properties":{"k":1,"k":"last"}}"#,
        #"{"context":{"z":-0,"o":1.0,"e":1e2,"big":123456789012345678901,"neg":-42}}"#,
        #"{"context":{"p":19.99,"tiny":5e-324,"huge":1e400,"m":-9223372036854775808}}"#,
        #"{"context":{"l1":{"l2":{"l3":{"l4":{"l5":{"l6":{"deep":1}}}}}}}}"#,
        #"{"context":{"arr":[1,"two",{"three":3},[4]],"empty":{},"emptyArr":[]}}"#,
        #"{"context":{"dot.key":1,"back\\slash":2,"tab\t":3},"properties":{"a.b":{"c":1}}}"#,
        #"{"context":{"nested":{"dup":1,"dup":2,"other":{"x":1,"x":{"y":2}}}}}"#,
        #"{"properties":{"emoji":"\ud83d\ude00","ctl":"\u0001","sl":"\/"}}"#,
    ]

    static let lines: [String] = {
        var lines = crafted
        lines += FlattenEquivalenceTests.realEvents.map { JSONValue.object($0).jsonText }
        lines += sampleLines()
        return lines
    }()

    /// Every line of the bundled samples, decompressed with the gzip tool.
    static func sampleLines() -> [String] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let folder = url.appendingPathComponent("samples/logs").path
        let names = FileManager.default.subpaths(atPath: folder) ?? []
        var lines: [String] = []
        for name in names.sorted() where name.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", folder + "/" + name]
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            lines += text.split(separator: "\n").map(String.init)
        }
        return lines
    }

    static func cells(_ store: ColumnBatch, _ keys: KeyTable) -> [StoredValue] {
        store.values(ofRow: 0, keys: keys)
    }

    static func newStore() -> ColumnBatch {
        var store = ColumnBatch(interner: StringInterner())
        store.beginRow(RowHeader(candidate: 0, receivedAt: 0, partitionMicros: 0, file: 0, line: 0))
        return store
    }

    @Test func sampleAndRealLinesAreThere() {
        #expect(Self.lines.count > Self.crafted.count + 365 + 3000)
    }

    @Test func tapeCellsEqualTreeCells() throws {
        var tape = JSONTape()
        for line in Self.lines {
            guard case .object(let tree)? = try? JSONParser().parse(line) else { continue }
            var bytes = Array(line.utf8)
            try bytes.withUnsafeBytes { raw in
                try tape.parse(raw)
                for section in ["context", "properties", "traits"] {
                    var treeKeys = KeyTable()
                    var treeStore = Self.newStore()
                    var tapeKeys = KeyTable()
                    var tapeStore = Self.newStore()
                    if case .object(let object)? = tree[section] {
                        let root = treeKeys.id(section)
                        Worker.flatten(
                            object, under: root, depth: 1, keys: &treeKeys, into: &treeStore)
                    }
                    if let token = tape.member(0, section, in: raw), tape.kind(token) == .object {
                        let root = tapeKeys.id(section)
                        var flattener = TapeFlattener(tape: tape, line: raw)
                        flattener.flatten(
                            token, under: root, depth: 1, keys: &tapeKeys, into: &tapeStore)
                    }
                    #expect(
                        Self.cells(tapeStore, tapeKeys) == Self.cells(treeStore, treeKeys),
                        "\(line)")
                }
            }
            bytes.removeAll()
        }
    }

    /// A top-level member stored as text from the tape (a standard column) is the cell
    /// `Worker.text(of:)` gives the same member parsed as a tree.
    @Test func tapeTextEqualsTreeText() throws {
        var tape = JSONTape()
        var keys = KeyTable()
        let key = keys.id("m")
        for line in Self.lines + Self.oddMembers {
            guard case .object(let tree)? = try? JSONParser().parse(line) else { continue }
            var bytes = Array(line.utf8)
            try bytes.withUnsafeBytes { raw in
                try tape.parse(raw)
                for (name, value) in tape.members(0) {
                    var treeStore = Self.newStore()
                    var tapeStore = Self.newStore()
                    let text = Worker.text(of: tree[tape.string(name, in: raw)])
                    treeStore.append(key: key, string: text)
                    TapeFlattener(tape: tape, line: raw).appendText(value, key: key, to: &tapeStore)
                    #expect(Self.cells(tapeStore, keys) == Self.cells(treeStore, keys), "\(line)")
                }
            }
            bytes.removeAll()
        }
    }

    /// Top-level members of every kind, as standard columns may meet them.
    static let oddMembers: [String] = [
        #"{"userId":null,"anonymousId":true,"groupId":false,"previousId":-0,"event":1.50}"#,
        #"{"userId":"","anonymousId":"a\"b\u00e9","name":{"x":[1,{"y":null}]},"category":[]}"#,
        #"{"userId":12345678901234567890,"anonymousId":1e400,"event":"\ud83d\ude00"}"#,
    ]

    /// Every standard column of every table kind is read from a source the worker resolves:
    /// the event's own fields or a member the normaliser locates on the tape.
    @Test(arguments: TableKind.allCases)
    func everyStandardMemberIsLocated(_ kind: TableKind) {
        for column in StandardColumns.columns(for: kind) {
            guard case .member(let name) = column.source else { continue }
            let fields = ["messageId", "type", "timestamp", "originalTimestamp", "sentAt"]
            let located = SegmentMembers.Name.allCases.contains { $0.text == name }
            #expect(located || fields.contains(name) || name == "receivedAt", "\(name)")
        }
    }
}
