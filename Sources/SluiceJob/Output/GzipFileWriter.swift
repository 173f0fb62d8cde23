import CZlib

/// Streams bytes into a gzip file (one member), written atomically through `AtomicFile`.
///
/// Memory stays at one output block whatever is written. Nothing appears at the final path
/// until `finish()` succeeds; a writer dropped unfinished removes its temporary file.
public final class GzipFileWriter {
    /// Level 1: the sidecars' compression competes with the table stage for the cores (the
    /// quarantine is written beside it) or is wall time (the discards, after it): on the
    /// bench's 12 MB quarantine of raw event lines level 1 took 0.13 s where level 6 took
    /// 0.20 s, for a file a third larger (1.75 MB against 1.32 MB), still a seventh of the
    /// lines' size.
    public static let defaultLevel: Int32 = 1

    private let file: AtomicFile
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var isOpen = true

    /// The number of uncompressed bytes written so far.
    public private(set) var uncompressedByteCount = 0

    public var finalPath: String { file.finalPath }

    public init(finalPath: String, level: Int32 = GzipFileWriter.defaultLevel) throws {
        file = try AtomicFile(finalPath: finalPath)
        if sluice_deflate_init_gzip(&stream, level) != Z_OK {
            file.abort()
            throw JobError(.io, "Could not start a gzip stream for '\(finalPath)'.")
        }
    }

    deinit {
        if isOpen { deflateEnd(&stream) }
    }

    /// Compresses and appends `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        uncompressedByteCount += bytes.count
        // zlib takes its input through a mutable pointer but never writes through it; a
        // mutable copy of the bytes would cost a copy of every line written.
        try bytes.withUnsafeBufferPointer { buffer throws in
            stream.next_in = UnsafeMutablePointer(mutating: buffer.baseAddress)
            stream.avail_in = UInt32(buffer.count)
            try pump(flush: Z_NO_FLUSH)
        }
    }

    /// Ends the gzip member, then commits the file into place.
    public func finish() throws {
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        isOpen = false
        try file.commit()
    }

    private func pump(flush: Int32) throws {
        repeat {
            let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, flush)
            }
            if status == Z_STREAM_ERROR {
                throw JobError(.io, "zlib failed while compressing '\(file.finalPath)'.")
            }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 {
                try output.withUnsafeBytes { raw throws in
                    try file.write(UnsafeRawBufferPointer(rebasing: raw[0..<produced]))
                }
            }
        } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
    }
}
