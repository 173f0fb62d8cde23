import SluiceHash
import SluiceJSON
import SluiceParquet
import SluicePlan
import SluiceReader
import SluiceWarehouse

/// The events of one table that share a partition.
struct Partition {
    /// Hive-style partition values in path order: `[("day", "2026-11-30")]`, plus `hr`.
    var values: [(String, String)]
    var events: [Int]

    var path: String { values.map { "\($0.0)=\($0.1)" }.joined(separator: "/") }
}

extension TableStage {
    /// Groups a table's events by partition, in partition order.
    func partitions(of route: TableRoute, loaded: [LoadedEvent]) -> [Partition] {
        var byPath: [String: Partition] = [:]
        for (position, index) in route.events.enumerated() {
            let event = loaded[index].event
            let micros = partitionMicros(event)
            let civil = CivilTime(micros: micros)
            var values = [("day", civil.dateString)]
            if configuration.partitioning == .hour { values.append(("hr", civil.hourString)) }
            let partition = Partition(values: values, events: [])
            byPath[partition.path, default: partition].events.append(position)
        }
        return byPath.values.sorted { $0.path < $1.path }
    }

    private func partitionMicros(_ event: SegmentEvent) -> Int64 {
        switch configuration.partitionTime {
        case .received: return event.receivedAt ?? event.timestamp ?? 0
        case .event: return event.timestamp ?? event.receivedAt ?? 0
        }
    }

    /// Writes one partition's rows, ordered by `received_at` then origin, to one Parquet file.
    func writePartition(
        _ partition: Partition, route: TableRoute, flats: [[FlatField]], loaded: [LoadedEvent],
        rows: RowAssembler, result: inout TableStageResult
    ) throws -> TableFileOutput? {
        let ordered = partition.events.sorted { a, b in
            let ea = loaded[route.events[a]].event, eb = loaded[route.events[b]].event
            return ((ea.receivedAt ?? .max), ea.origin.file, ea.origin.line)
                < ((eb.receivedAt ?? .max), eb.origin.file, eb.origin.line)
        }
        var buffers = rows.makeBuffers()
        var minReceived: Int64?
        var maxReceived: Int64?
        for position in ordered {
            let item = loaded[route.events[position]]
            rows.append(item, fields: flats[position], to: &buffers, discards: &result.discards)
            if let received = item.event.receivedAt {
                minReceived = min(minReceived ?? received, received)
                maxReceived = max(maxReceived ?? received, received)
            }
        }
        guard !configuration.isDryRun else { return nil }

        let relative = "\(route.table)/\(partition.path)/part-\(runId)-0.parquet"
        let path = configuration.outputDirectory + "/" + relative
        let summary = try writeParquet(path: path, columns: rows.columnSpecs, buffers: buffers)
        return TableFileOutput(
            table: route.table, partition: partition.values, relativePath: relative, rows: summary.rowCount,
            bytes: Int64(summary.byteCount), sha256: (try? SHA256.hexDigest(ofFileAt: path)) ?? "",
            minReceivedAt: minReceived, maxReceivedAt: maxReceived)
    }

    private func writeParquet(path: String, columns: [ParquetColumnSpec], buffers: [ParquetColumnBuffer])
        throws -> ParquetFileSummary
    {
        var options = ParquetWriterOptions()
        options.codec = ParquetCodec(rawValue: configuration.compression) ?? .zstd
        options.createdBy = SluiceVersion.createdBy
        options.keyValueMetadata = [(key: "sluice.run_id", value: runId)]
        do {
            let writer = try ParquetFileWriter(path: path, columns: columns, options: options)
            do {
                try writer.write(buffers)
                return try writer.close()
            } catch {
                writer.abort()
                throw error
            }
        } catch {
            throw JobError(.parquet, "Could not write the Parquet file '\(path)': \(error)")
        }
    }

    /// The plan's declared property and trait types for the events of this table.
    func declaredFields(_ route: TableRoute, loaded: [LoadedEvent], plan: TrackingPlan) -> [DeclaredField] {
        var seen: Set<String> = []
        var fields: [DeclaredField] = []
        for index in route.events {
            let event = loaded[index].event
            let key = event.callType.rawValue + "\u{0}" + (event.eventName ?? "")
            guard seen.insert(key).inserted else { continue }
            let callType = CallType(rawValue: event.callType.rawValue)!
            fields += plan.declaredFields(callType: callType, eventName: route.kind == .tracks ? nil : event.eventName)
        }
        return fields
    }
}
