import SluiceReader

extension Worker {
    /// Where a file read in parts stands: the parts before the one being processed here, and
    /// the block being filled for a worker that waits for one.
    struct PartedRead {
        enum Part {
            case processed(FileOutcome)
            case posted(HelpBoard.Posted)
        }

        var parts: [Part] = []
        var filling: LineBlock?
        var linesSinceCheck = 0
    }

    /// Reads `file` line by line, processing each line into `outcome` on this thread, except
    /// while another worker waits for work on `board`: then it copies the next lines into a
    /// block, posts it, and goes on with the lines after it in an outcome of its own. When
    /// the read ends (or fails) the parts are joined in line order into `outcome`, waiting
    /// for the ones other workers process; blocks no one took are processed here. Rows
    /// stored here carry their part (`part`), which `FileOutcome.partStarts` resolves.
    ///
    /// Returns the read's summary, or rethrows its error once the parts are joined. Time
    /// spent waiting for other workers is left out of `timings`.
    mutating func readInParts(
        _ reader: LogFileReader, file: InputFile, index fileIndex: Int, board: HelpBoard?,
        into outcome: inout FileOutcome
    ) throws -> FileReadSummary {
        var read = PartedRead()
        part = 0
        defer { part = 0 }
        var failure: Error?
        var summary: FileReadSummary?
        do {
            // The manifest's digest comes from the pass's own reads: no second read of the file.
            summary = try reader.forEachLine(
                computingSHA256: true, checkpointingInto: checkpoints
            ) { line in
                if read.filling != nil {
                    read.filling!.append(line)
                    if read.filling!.isFull { post(&read, board!, file: file, next: &outcome) }
                    return
                }
                take(line, fileIndex: fileIndex, into: &outcome)
                guard let board else { return }
                read.linesSinceCheck += 1
                guard read.linesSinceCheck >= board.sharing.linesPerCheck else { return }
                read.linesSinceCheck = 0
                if board.wantsBlock, rows.spillFailure == nil {
                    read.parts.append(.processed(outcome))
                    outcome = FileOutcome(file: file)
                    read.filling = LineBlock(
                        source: file, file: fileIndex, part: read.parts.count,
                        fullBytes: board.sharing.blockBytes, fullLines: board.sharing.blockLines)
                }
            }
        } catch {
            failure = error
        }
        join(&read, board: board, into: &outcome)
        if let failure { throw failure }
        return summary!
    }

    /// Posts the full block of `read` and starts the next part, processed here, in `next`.
    private mutating func post(
        _ read: inout PartedRead, _ board: HelpBoard, file: InputFile, next: inout FileOutcome
    ) {
        read.parts.append(.posted(board.post(read.filling!)))
        read.filling = nil
        part = Int32(read.parts.count)
        next = FileOutcome(file: file)
    }

    /// Joins the parts of `read` and the last one, `outcome`, into `outcome`.
    private mutating func join(
        _ read: inout PartedRead, board: HelpBoard?, into outcome: inout FileOutcome
    ) {
        guard !read.parts.isEmpty, let board else { return }
        if let block = read.filling, !block.isEmpty {
            read.parts.append(.posted(board.post(block)))
        } else if read.filling == nil {
            read.parts.append(.processed(outcome))
        }
        read.filling = nil

        let posted = read.parts.compactMap {
            if case .posted(let posted) = $0 { posted } else { nil }
        }
        // Blocks no one took are processed here; `process` counts their time itself, and the
        // file's reading, which holds this call, must not count it again.
        let reclaimStart = StageTimings.now()
        for unclaimed in board.reclaim(posted) {
            unclaimed.finish(process(unclaimed.takeBlock()))
        }
        timings.total -= StageTimings.now() - reclaimStart
        let waitStart = StageTimings.now()
        var joined: FileOutcome?
        for part in read.parts {
            let next: FileOutcome
            switch part {
            case .processed(let outcome): next = outcome
            case .posted(let posted): next = posted.wait()
            }
            if joined == nil { joined = next } else { joined!.appendPart(next) }
        }
        timings.total -= StageTimings.now() - waitStart
        outcome = joined!
    }

    /// Processes the lines of `block`, part `block.part` of its file, into an outcome of
    /// their own; after a failed spill, which loses the run, into an empty one.
    mutating func process(_ block: LineBlock) -> FileOutcome {
        var outcome = FileOutcome(file: block.source)
        guard rows.spillFailure == nil else { return outcome }
        let start = StageTimings.now()
        let saved = part
        part = Int32(block.part)
        block.forEachLine { take($0, fileIndex: block.file, into: &outcome) }
        part = saved
        timings.total += StageTimings.now() - start
        return outcome
    }
}
