extension ColumnSpill {
    /// Writes `count` fields of `width` bytes (0 to 8) from a packed block (`readBlock`, which
    /// ends in 8 spare bytes) to `output`, each plus `base`. A width of 0 writes `base`.
    ///
    /// One loop per call, with no branch per field: the spill read spends most of its time
    /// here.
    static func unpack<T: FixedWidthInteger>(
        _ block: UnsafeRawPointer, count: Int, width: Int, base: T,
        into output: UnsafeMutablePointer<T>
    ) {
        guard width > 0 else {
            output.initialize(repeating: base, count: count)
            return
        }
        let mask: UInt64 = width == 8 ? .max : (1 << UInt64(width * 8)) - 1
        for index in 0..<count {
            let raw = UInt64(littleEndian: (block + index * width).loadUnaligned(as: UInt64.self))
            output[index] = base &+ T(truncatingIfNeeded: raw & mask)
        }
    }

    /// Copies `count` kinds from a block, or writes `uniform` when the column has one kind
    /// (and so no block), and returns the kinds seen, one bit each.
    static func unpackKinds(
        _ block: UnsafeRawPointer?, count: Int, uniform: UInt8?,
        into output: UnsafeMutablePointer<UInt8>
    ) -> KindMask {
        if let uniform {
            output.initialize(repeating: uniform, count: count)
            return count > 0 ? 1 << KindMask(uniform) : 0
        }
        output.initialize(from: block!.assumingMemoryBound(to: UInt8.self), count: count)
        return kindMask(of: output, count: count)
    }

    /// The kinds among the `count` at `kinds`, one bit each.
    static func kindMask(of kinds: UnsafePointer<UInt8>, count: Int) -> KindMask {
        var mask: KindMask = 0
        for index in 0..<count { mask |= 1 << KindMask(kinds[index]) }
        return mask
    }

    /// Turns the stored lengths of text values into text references, their text laid out in
    /// value order from `textStart` (after an 8-byte number for kinds that have one); returns
    /// where the last one's text ends.
    static func resolveTextReferences(
        kinds: UnsafePointer<UInt8>, payloads: UnsafeMutablePointer<Int64>, count: Int,
        textStart: Int
    ) -> Int {
        var textEnd = textStart
        for index in 0..<count {
            let bit: KindMask = 1 << KindMask(kinds[index])
            guard bit & ValueKind.textMask != 0 else { continue }
            textEnd += bit & ValueKind.numberPrefixMask != 0 ? 8 : 0
            let length = Int(payloads[index])
            payloads[index] = TextRef.make(offset: textEnd, length: length)
            textEnd += length
        }
        return textEnd
    }
}
