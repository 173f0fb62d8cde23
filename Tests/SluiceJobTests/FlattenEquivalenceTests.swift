import Foundation
import SluiceJSON
import SluiceWarehouse
import Testing

@testable import SluiceJob

/// The job's allocation-light flattener must give exactly the fields the warehouse stage's
/// `EventFlattener` defines, for every real event.
@Suite struct FlattenEquivalenceTests {
    static let realEvents: [JSONObject] = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let folder = url.path + "/../shared/real-events/events"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var events: [JSONObject] = []
        for name in names.sorted() {
            let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                if let object = (try? JSONParser().parse(String(line)))?.objectValue {
                    events.append(object)
                }
            }
        }
        return events
    }()

    @Test func matchesEventFlattenerOnEveryRealEvent() throws {
        #expect(Self.realEvents.count == 365)
        for event in Self.realEvents {
            for kind in [TableKind.trackEvent, .identifies] {
                let expected = EventFlattener.flattenEvent(event, kind: kind).map {
                    ($0.dottedPath, $0.value.jsonText)
                }
                var keys = KeyTable()
                var store = ColumnBatch(interner: StringInterner())
                store.beginRow(
                    RowHeader(candidate: 0, receivedAt: 0, partitionMicros: 0, file: 0, line: 0))
                if case .object(let context)? = event["context"] {
                    let root = keys.id("context")
                    Worker.flatten(context, under: root, depth: 1, keys: &keys, into: &store)
                }
                if let key = kind.payloadKey, case .object(let section)? = event[key] {
                    let root = keys.id(key)
                    Worker.flatten(section, under: root, depth: 1, keys: &keys, into: &store)
                }
                let actual = store.values(ofRow: 0, keys: keys).map { ($0.path, $0.json) }
                #expect(actual.map(\.0) == expected.map(\.0))
                #expect(actual.map(\.1) == expected.map(\.1))
            }
        }
    }
}
