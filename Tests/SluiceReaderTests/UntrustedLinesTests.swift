import Testing

@testable import SluiceReader

/// Finding the untrusted part that holds a line, by binary search over the parts in line
/// order (the whole file was asked of every part before, quadratic for a file of many failed
/// one-line members).
@Suite struct UntrustedLinesTests {
    static func part(_ lines: ClosedRange<Int>?, at offset: Int64) -> UntrustedPart {
        UntrustedPart(lines: lines, byteOffset: offset, endOffset: offset + 1, message: "m")
    }

    @Test func findsThePartHoldingEachLine() {
        // Parts 1-3 and 3-5 share line 3 (a member ending mid-line); an empty part holds none.
        let parts = [
            Self.part(1...3, at: 0), Self.part(3...5, at: 10), Self.part(nil, at: 20),
            Self.part(8...8, at: 30), Self.part(10...12, at: 40),
        ]
        let untrusted = UntrustedLines(parts)
        let found = (0...13).map { untrusted.part(holding: $0)?.byteOffset }
        #expect(found == [nil, 0, 0, 10, 10, 10, nil, nil, 30, nil, 40, 40, 40, nil])
        #expect(!untrusted.isEmpty)
        #expect(UntrustedLines([Self.part(nil, at: 0)]).isEmpty)
        #expect(UntrustedLines([]).part(holding: 1) == nil)
    }
}
