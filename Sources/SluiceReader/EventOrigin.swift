/// Where an event or a rejected line came from.
public struct EventOrigin: Sendable, Hashable {
    /// The file's path relative to the input root.
    public let file: String

    /// The 1-based line number in the decompressed stream.
    public let line: Int

    /// The offset of the line's first byte in the decompressed stream.
    public let byteOffset: Int64

    public init(file: String, line: Int, byteOffset: Int64) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
    }
}
