import Testing

@testable import SluiceJSON

/// The tape's string scan reads sixteen-byte blocks (the input's last sixteen bytes near its
/// end), and the walk keeps its state in locals: every special byte at every offset of a
/// string, as a key, a value and at the very end of the input, must give exactly the tree's
/// answer. `JSONStringScanTests` checks the scan itself, which the tree shares.
@Suite struct JSONTapeScanTests {
    /// What can sit inside a string: escapes, a control byte, valid and invalid UTF-8
    /// (a lone continuation byte, a surrogate, a truncated sequence), and a quote that ends
    /// the string early.
    static let specials: [[UInt8]] = [
        Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\ud83d\ude00"#.utf8),
        Array(#"\ud83d"#.utf8), Array(#"\x"#.utf8), [0x1F], [0x7F], [0xC3, 0xA9], [0xFF],
        [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98, 0x80], [0x22],
    ]

    /// `{"a":"...","<key>":1}` and its variants, with `special` at `offset` of a string of
    /// `length` plain bytes.
    static func documents(length: Int, offset: Int, special: [UInt8]) -> [[UInt8]] {
        let plain = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let text = Array(plain[..<offset]) + special + Array(plain[offset...])
        let quoted = [UInt8(ascii: "\"")] + text + [UInt8(ascii: "\"")]
        return [
            Array(#"{"k":"#.utf8) + quoted + Array("}".utf8),
            Array("{".utf8) + quoted + Array(#":1,"b":[true,null]}"#.utf8),
            Array("[1,".utf8) + quoted,
            quoted,
            Array("[".utf8) + quoted + Array(" , false ]".utf8),
        ]
    }

    @Test(arguments: 0..<specials.count)
    func everySpecialByteAtEveryOffsetAgreesWithTheTree(_ special: Int) {
        var tape = JSONTape()
        for length in 0...40 {
            for offset in 0...length {
                let inputs = Self.documents(
                    length: length, offset: offset, special: Self.specials[special])
                for input in inputs {
                    let disagreement = tapeDisagreement(input, tape: &tape)
                    #expect(disagreement == nil, "\(String(decoding: input, as: UTF8.self))")
                }
            }
        }
    }

    /// Documents cut off after every byte, so that each check of the walk meets the end of
    /// the input, and nested at the depth limit and one past it.
    @Test(arguments: [
        #"{"a":[1,-2.5e3,{"b":"c\u0041","d":[]},{}],"e":{"f":{"g":null}},"h":"\u00e9x"}"#,
        #"[true,false,null,"",[[]],{"":{}},0,-0,1E+2,"\\\"\/"]"#,
        #"{"k":1,"k":2,"K":3,"\u006b":4}"#,
    ])
    func everyPrefixAgreesWithTheTree(_ text: String) {
        var tape = JSONTape()
        let bytes = Array(text.utf8)
        for count in 0...bytes.count {
            let prefix = Array(bytes[..<count])
            #expect(tapeDisagreement(prefix, tape: &tape) == nil, "prefix of \(count) bytes")
        }
    }

    @Test(arguments: [1, 2, 3, 31, 32, 33])
    func nestingAtAndPastTheLimitAgreesWithTheTree(_ limit: Int) {
        var tape = JSONTape(maxDepth: limit)
        for depth in max(0, limit - 1)...(limit + 1) {
            for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
                let text =
                    String(repeating: open, count: depth) + "1"
                    + String(repeating: close, count: depth)
                let empty =
                    String(repeating: open, count: depth) + "[]"
                    + String(repeating: close, count: depth)
                for input in [text, empty] {
                    #expect(tapeDisagreement(Array(input.utf8), tape: &tape) == nil, "\(input)")
                }
            }
        }
    }
}
