extension Worker {
    /// The most events stored between two checks of the row memory budget: the check sums
    /// every column of every table's batch, so doing it often costs more than it saves, and
    /// 512 events of a few hundred bytes overshoot the budget by a few hundred kilobytes.
    static let maximumEventsPerBudgetCheck = 512

    /// Line bytes stored that bring the budget check forward: events of large lines (up to
    /// `--max-line-bytes`) get checked every `rowMemoryBytes / 32` of lines, so that 512 of
    /// them cannot overshoot the budget by their whole size.
    var lineBytesPerBudgetCheck: Int { max(64 << 10, rowMemoryBytes / 32) }

    /// Events stored between two budget checks: `maximumEventsPerBudgetCheck`, or fewer for
    /// a budget so small (tests use the minimum) that a few hundred events would overshoot
    /// it several times over; about one check per 2 KiB of budget, at least every 8 events.
    var eventsPerBudgetCheck: Int {
        min(Self.maximumEventsPerBudgetCheck, max(8, rowMemoryBytes / 2048))
    }

    /// Spills every batch once they, the log with the sealing memory a spill needs, and the
    /// string dictionaries (closed at half of `rowMemoryBytes`, so rows always keep room)
    /// together pass `rowMemoryBytes`, or at once when the worker's log passed
    /// `BatchLog.maximumBytes`, which only a share over 1 GiB lets happen. A failure is kept
    /// in `rows.spillFailure` (the worker takes no more files) instead of thrown, since one
    /// bad line must not stop a worker but a full disk must stop the run.
    mutating func spillIfOverBudget(lineBytes: Int) {
        storedSinceBudgetCheck += 1
        lineBytesSinceBudgetCheck += lineBytes
        if storeIsFull, rows.spillFailure == nil {
            storeIsFull = false
            timedSeal(whileReading: true) { $0.spillKeepingFailure() }
            return
        }
        guard
            storedSinceBudgetCheck >= eventsPerBudgetCheck
                || lineBytesSinceBudgetCheck >= lineBytesPerBudgetCheck,
            rows.spillFailure == nil
        else { return }
        storedSinceBudgetCheck = 0
        lineBytesSinceBudgetCheck = 0
        // Spilling lays each batch's columns out in sealing memory the log keeps, which must
        // fit the budget beside the log: as much as the largest batch needs now, or as much
        // as the log already keeps, whichever is more.
        let sealing = rows.tables.reduce(rows.log.sealingBytes) { max($0, $1.batch.sealingBytes) }
        let bytes =
            rows.tables.reduce(0) { $0 + $1.batch.memoryBytes } + rows.log.usedBytes + sealing
            + rows.interner.checkMemory()
        guard bytes >= rowMemoryBytes else { return }

        timedSeal(whileReading: true) { $0.spillKeepingFailure() }
    }

    /// Runs `seal` and adds its seconds to `timings.seal`, and to `sealWhileReading` when it
    /// ran inside a file's or a block's timed reading.
    private mutating func timedSeal(whileReading: Bool, _ seal: (inout Worker) -> Void) {
        let start = StageTimings.now()
        seal(&self)
        let seconds = StageTimings.now() - start
        timings.seal += seconds
        if whileReading { timings.sealWhileReading += seconds }
    }

    /// Writes every batch's rows to the spill file as sorted runs and empties the batches;
    /// the key table and the string dictionaries stay, so spilled keys and ids keep their
    /// meaning.
    mutating func spillStores() throws {
        let spill = rows.spill ?? ColumnSpill()
        rows.spill = spill
        for index in rows.tablesByName where rows.tables[index].batch.rowCount > 0 {
            let run = try ColumnRun.seal(
                &rows.tables[index].batch, partitioning: partitioning, spill: spill)
            rows.runs[rows.tables[index].name, default: []].append(run)
        }
        rows.log.removeAll()
        rows.spillCount += 1
        CrashPoint.afterRowSpill.reach()
    }

    /// Ends ingest: a worker that has spilled spills the rest too, so the dedupe and the
    /// table stage run beside read windows instead of a full share of rows; one that never
    /// spilled keeps its rows as in-memory runs and touches no disk. Either way every row is
    /// then in `rows.runs`, read the same way by the table stage.
    ///
    /// Known cost: a worker that never spilled builds every table's in-memory columns while
    /// its log still holds all the values, so for a moment its rows take up to twice their
    /// logged bytes (at most about twice its share of `rowMemoryBytes`, on nights that fit
    /// in it); the log is released as soon as the last table is sealed.
    mutating func finishRows() {
        timedSeal(whileReading: false) { worker in
            if worker.rows.spill != nil, worker.rows.spillFailure == nil {
                worker.spillKeepingFailure()
            }
            for index in worker.rows.tablesByName
            where worker.rows.tables[index].batch.rowCount > 0 {
                // Sealing in memory cannot fail: only writing a spill can.
                let run = try! ColumnRun.seal(
                    &worker.rows.tables[index].batch, partitioning: worker.partitioning,
                    spill: nil)
                worker.rows.runs[worker.rows.tables[index].name, default: []].append(run)
            }
        }
        rows.log.release()
    }

    /// Spills, keeping a failure in `rows.spillFailure` for the run to report.
    private mutating func spillKeepingFailure() {
        do {
            try spillStores()
        } catch let error as JobError {
            rows.spillFailure = error
        } catch {
            rows.spillFailure = JobError(.io, "Could not spill rows: \(error)")
        }
    }
}
