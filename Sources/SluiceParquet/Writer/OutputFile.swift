#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file being written: created under a temporary name beside the final path, made
/// durable with fsync, and renamed into place only by `commit`.
///
/// Until `commit` returns, nothing exists at the final path; `discard` removes the
/// temporary file and is safe to call at any time, also after a failure. Two writers in one
/// process must not target the same final path. Not thread-safe.
final class OutputFile {
    let finalPath: String
    let temporaryPath: String
    private var descriptor: Int32
    private var hasTemporaryFile = true
    private(set) var offset: Int64 = 0
    /// Given every byte written, in file order, once its write has succeeded; see
    /// `ParquetFileWriter.BytesObserver`.
    var observer: ParquetFileWriter.BytesObserver?

    init(path: String) throws {
        finalPath = path
        temporaryPath = Self.temporaryPath(for: path)
        descriptor = Self.create(temporaryPath)
        if descriptor < 0 && errno == EEXIST {
            // Only a dead process with our pid (a crashed earlier run in a container, where
            // pids repeat) can have left this name behind.
            unlink(temporaryPath)
            descriptor = Self.create(temporaryPath)
        }
        if descriptor < 0 {
            throw Self.failure(
                "Could not create the temporary file '\(temporaryPath)'", path,
                fix: "check that the directory exists and is writable")
        }
    }

    deinit { discard() }

    private static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }

    /// `.<name>.tmp-<pid>` in the final path's directory, so the rename stays on one
    /// file system and a crashed run's leftovers are hidden and attributable.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(directory).\(name).tmp-\(getpid())"
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if result < 0 && errno == EINTR { continue }
            if result <= 0 {
                throw Self.failure(
                    "Could not write to the temporary file '\(temporaryPath)'", finalPath,
                    fix: WriteFailure.advice(errno: errno))
            }
            done += result
        }
        offset += Int64(bytes.count)
        observer?(bytes)
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// fsyncs the data, renames it into place, then fsyncs the directory so the name holds.
    func commit() throws {
        if fsync(descriptor) != 0 {
            throw Self.failure(
                "Could not fsync the temporary file '\(temporaryPath)'", finalPath,
                fix: "check the file system's health")
        }
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 {
            throw Self.failure(
                "Could not close the temporary file '\(temporaryPath)'", finalPath,
                fix: "check free space and the file system's health")
        }

        if rename(temporaryPath, finalPath) != 0 {
            throw Self.failure(
                "Could not rename '\(temporaryPath)' into place", finalPath,
                fix: "check that the final path is not a directory and is writable")
        }
        hasTemporaryFile = false
        syncDirectory()
    }

    /// Closes and unlinks the temporary file if it still exists; never throws.
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if hasTemporaryFile {
            unlink(temporaryPath)
            hasTemporaryFile = false
        }
    }

    private func syncDirectory() {
        let slash = finalPath.lastIndex(of: "/")
        let directory = slash.map { String(finalPath[..<$0]) } ?? "."
        let handle = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        guard handle >= 0 else { return }
        fsync(handle)
        close(handle)
    }

    /// An `.io` error for the errno of the call that just failed.
    private static func failure(_ what: String, _ path: String, fix: String) -> ParquetError {
        let code = errno
        let reason = String(cString: strerror(code))
        return ParquetError(.io, "\(what): \(reason); \(fix).", path: path, errno: code)
    }
}

extension OutputFile {
    /// The most blocks one `writev` takes (Linux's IOV_MAX).
    static let blocksPerWrite = 1024

    /// Writes `blocks` back to back, many per system call.
    func write(_ blocks: [PageBlock]) throws {
        try writeVectors(blocks)
        if let observer {
            for block in blocks where block.count > 0 { observer(block.bytes) }
        }
    }

    private func writeVectors(_ blocks: [PageBlock]) throws {
        var vectors = blocks.filter { $0.count > 0 }.map {
            iovec(iov_base: $0.base, iov_len: $0.count)
        }
        var first = 0
        while first < vectors.count {
            let count = min(vectors.count - first, Self.blocksPerWrite)
            let written = vectors[first...].withUnsafeBufferPointer {
                writev(descriptor, $0.baseAddress, Int32(count))
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                throw Self.failure(
                    "Could not write to the temporary file '\(temporaryPath)'", finalPath,
                    fix: WriteFailure.advice(errno: errno))
            }
            offset += Int64(written)
            // Skip what was written; a short write leaves part of a block to go again.
            var rest = written
            while first < vectors.count && rest >= vectors[first].iov_len {
                rest -= vectors[first].iov_len
                first += 1
            }
            if rest > 0 {
                vectors[first].iov_base += rest
                vectors[first].iov_len -= rest
            }
        }
    }
}
