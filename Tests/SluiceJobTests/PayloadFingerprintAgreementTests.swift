import Foundation
import SluiceHash
import SluiceJSON
import Testing

@testable import SluiceJob

/// Writes a parsed value back as JSON text in another serialisation than its source's, or
/// with one value changed, to make copies the fingerprints must call the same or different.
struct JSONRewrite: CustomTestStringConvertible, Sendable {
    var name: String
    /// Members in reverse order at every level.
    var reversesMembers = false
    /// Spaces around every colon and comma.
    var isSpaced = false
    /// Every character of every key and string as a `\u` escape.
    var escapesEverything = false
    /// Keys and strings in Unicode normalization form D.
    var decomposes = false
    /// The first string, number or boolean outside the top-level delivery members changed:
    /// a string gets a `!` appended, a number its sign flipped (`0` becomes `-0`, which the
    /// contract counts as another number), a boolean negated.
    var changesOneValue = false
    var testDescription: String { name }

    static let all: [JSONRewrite] = [
        JSONRewrite(name: "reversed members", reversesMembers: true),
        JSONRewrite(name: "spaced", isSpaced: true),
        JSONRewrite(name: "all escaped", escapesEverything: true),
        JSONRewrite(name: "decomposed", decomposes: true),
        JSONRewrite(
            name: "everything at once", reversesMembers: true, isSpaced: true,
            escapesEverything: true, decomposes: true),
        JSONRewrite(name: "one value changed", changesOneValue: true),
        JSONRewrite(
            name: "one value changed, reversed", reversesMembers: true,
            changesOneValue: true),
    ]

    /// The copy's text, and whether a value was changed (the value holds one to change).
    func text(of value: JSONValue) -> (text: String, isChanged: Bool) {
        var changed = !changesOneValue
        var out = ""
        write(value, isTopLevel: true, changed: &changed, to: &out)
        return (out, changesOneValue && changed)
    }

    private func write(
        _ value: JSONValue, isTopLevel: Bool, changed: inout Bool, to out: inout String
    ) {
        let comma = isSpaced ? " , " : ","
        switch value {
        case .null: out += "null"
        case .bool(let b):
            out += (changed ? b : !b) ? "true" : "false"
            changed = true
        case .number(let n):
            // Appending a digit would turn `0` into `01`, which is no JSON.
            let flipped = n.text.hasPrefix("-") ? String(n.text.dropFirst()) : "-" + n.text
            out += changed ? n.text : flipped
            changed = true
        case .string(let s):
            out += quoted(changed ? s : s + "!")
            changed = true
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += comma }
                write(element, isTopLevel: false, changed: &changed, to: &out)
            }
            out += "]"
        case .object(let object):
            var members = Array(object)
            if reversesMembers { members.reverse() }
            out += "{"
            for (i, (key, child)) in members.enumerated() {
                if i > 0 { out += comma }
                out += quoted(key) + (isSpaced ? " : " : ":")
                // A delivery time is no payload: changing it would change nothing.
                var keep = isTopLevel && PayloadFingerprint.leftOutFields.contains(key)
                if keep {
                    write(child, isTopLevel: false, changed: &keep, to: &out)
                } else {
                    write(child, isTopLevel: false, changed: &changed, to: &out)
                }
            }
            out += "}"
        }
    }

    private func quoted(_ text: String) -> String {
        let text = decomposes ? text.decomposedStringWithCanonicalMapping : text
        guard escapesEverything else {
            var bytes: [UInt8] = []
            JSONValue.appendQuoted(text, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return "\"" + text.utf16.map { String(format: "\\u%04x", $0) }.joined() + "\""
    }
}

/// The worker's fingerprint (from the tape) and the reference (from `JSONParser`'s tree) agree
/// on which copies are the same payload, over real event lines written again in other
/// serialisations and with a value changed.
@Suite struct PayloadFingerprintAgreementTests {
    static let edgeLines: [String] = [
        #"{"x":1,"y":2,"x":{"b":[1,"é"],"a":null}}"#, #"{"caf\u00e9":"Zoe\u0308","café":1}"#,
        #"{"sentAt":"a","receivedAt":"b","properties":{"sentAt":"c"}}"#,
        #"{"deep":[[[{"a":[{"b":[true,false,null]}]}]]],"e":[],"o":{}}"#,
        #"{"t":"5\u212a","e":"\ud83d\udc5f","n":-0.5e-3,"s":"tab\tquote\"slash\/"}"#,
    ]

    static let lines: [String] = {
        var lines = edgeLines
        lines += TapeFlattenerTests.sampleLines()
        lines += FlattenEquivalenceTests.realEvents.map { JSONValue.object($0).jsonText }
        return lines
    }()

    @Test(arguments: JSONRewrite.all)
    func agreesWithTheTree(_ rewrite: JSONRewrite) throws {
        let lines = Self.lines
        #expect(lines.count > 3000)
        var events = 0
        var changed = 0
        for line in lines {
            // The samples hold broken lines on purpose; only events get fingerprints.
            guard let value = try? JSONParser().parse(line), value.objectValue != nil else {
                continue
            }
            events += 1
            let copy = rewrite.text(of: value)
            // Every rewrite, the changed value included, must still be JSON of the same shape.
            let parsedCopy = try JSONParser().parse(copy.text)
            #expect(parsedCopy.objectValue?.count == value.objectValue?.count, "\(copy.text)")
            let isSame =
                try PayloadFingerprintTests.hash(line) == PayloadFingerprintTests.hash(copy.text)
            let isTreeSame =
                try PayloadFingerprintTests.treeHash(line)
                == PayloadFingerprintTests.treeHash(copy.text)
            // A copy is the same payload exactly when no value was changed.
            #expect(isSame == !copy.isChanged, "\(line) against \(copy.text)")
            #expect(isTreeSame == !copy.isChanged, "\(line) against \(copy.text)")
            if copy.isChanged { changed += 1 }
        }
        // Only a line whose values are all delivery times or nulls has nothing to change.
        #expect(events > 3000)
        if rewrite.changesOneValue {
            #expect(changed > events * 9 / 10)
        } else {
            #expect(changed == 0)
        }
    }
}
