import Testing

@testable import SluiceJSON

@Test func quotesEveryControlCharacterAndNothingElse() throws {
    let all = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é€😀"
    var out: [UInt8] = []
    JSONValue.appendQuoted(all, to: &out)

    let text = String(decoding: out, as: UTF8.self)
    #expect(text.hasPrefix(#""\u0000\u0001"#))
    #expect(text.contains(#"\b"#) == false)
    #expect(text.contains(#"\t\n\u000b\u000c\r"#))
    #expect(text.contains(##" !\"#"##))
    #expect(text.contains(#"[\\]"#))
    #expect(text.hasSuffix("\u{7F}é€😀\""))
    #expect(try JSONParser().parse(out) == .string(all))
}

@Test func appendJSONAppendsWithoutClearing() {
    var out = Array("x=".utf8)
    JSONValue.array([.null, .bool(true), .number(JSONNumber(Int64(3)))]).appendJSON(to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "x=[null,true,3]")
}

@Test func builtValuesSerialiseInInsertionOrder() {
    var object = JSONObject()
    object["b"] = .string("2")
    object["a"] = .array([])
    object["b"] = .null
    object.appendUnchecked(key: "c", value: .object(JSONObject()))
    #expect(JSONValue.object(object).jsonText == #"{"b":null,"a":[],"c":{}}"#)

    object["a"] = nil
    #expect(object.keys == ["b", "c"])
    #expect(object.index(forKey: "c") == 1)
}

@Test func memberListInitialiserKeepsFirstPositionAndLastValue() {
    let members: [(String, JSONValue)] = (0..<40).map {
        ("k\($0 % 20)", .number(JSONNumber(Int64($0))))
    }
    let object = JSONObject(members)
    #expect(object.keys == (0..<20).map { "k\($0)" })
    #expect(object["k3"] == .number(JSONNumber(Int64(23))))
}

@Test func iterationYieldsMembersInOrder() throws {
    let object = try JSONParser().parse(#"{"x":1,"y":[2],"x":3}"#).objectValue!
    let pairs = object.map { "\($0.0)=\($0.1.jsonText)" }
    #expect(pairs == ["x=3", "y=[2]"])
}
