// Delta Transaction Log Protocol, "Actions": protocol, metaData (at most one per version,
// required in the first), add, remove, txn and commitInfo, one JSON object per line.
import SluiceJSON

extension DeltaTable {
    /// The protocol every table this writer creates declares: reader 1 and writer 2 need
    /// no table features, so every Delta reader accepts the table.
    static let minReaderVersion: Int64 = 1
    static let minWriterVersion: Int64 = 2

    /// Writes the next version of the log, atomically and only if no other writer wrote it
    /// first, and returns it.
    ///
    /// The commit carries a `commitInfo` (operation WRITE, `sluiceRunId`, `sluiceBatch`), a
    /// `protocol` on the first version, a `metaData` on the first version and whenever
    /// `schema` or `partitionColumns` differ from the table's, a `txn` (appId
    /// `sluice:<batch>`, version `txnVersion`), the removes and the adds. `removes` are paths
    /// of live files relative to the root. Inconsistent arguments throw `invalidCommit` and
    /// write nothing; losing the race for the version throws `concurrentCommit` and writes
    /// nothing. Every `checkpointInterval` versions a checkpoint follows; its failure is only
    /// recorded in `lastCheckpointFailure`.
    @discardableResult
    public func commit(
        schema: [DeltaField], partitionColumns: [String], adds: [DeltaAddFile], removes: [String],
        runId: String, batch: String, txnVersion: Int64
    ) throws -> Int64 {
        let current = try snapshot()
        let plan = CommitPlan(
            schema: schema, partitionColumns: partitionColumns, adds: adds, removes: removes)
        try validate(plan, against: current)
        let version = (current?.version ?? -1) + 1

        let now = Self.currentMilliseconds()
        var lines = [commitInfo(plan, current: current, runId: runId, batch: batch, now: now)]
        lines += headerActions(plan, current: current, now: now)
        lines.append(transaction(appId: "sluice:\(batch)", version: txnVersion, now: now))
        lines += removeActions(plan, current: current, now: now)
        var log = Self.ndjson(lines)
        Self.appendAddActions(plan.adds, columns: plan.dataColumns, to: &log)

        try store.createDirectory()
        try store.putIfAbsent(DeltaLogStore.commitName(version), log, version: version)
        if version > 0 && version % Int64(checkpointInterval) == 0 {
            checkpointAfterCommit(version)
        }
        return version
    }

    /// The arguments of one commit, validated together.
    struct CommitPlan {
        var schema: [DeltaField]
        var partitionColumns: [String]
        var adds: [DeltaAddFile]
        var removes: [String]

        var dataColumns: [String] {
            schema.map(\.name).filter { !partitionColumns.contains($0) }
        }
    }

    private func commitInfo(
        _ plan: CommitPlan, current: DeltaSnapshot?, runId: String, batch: String, now: Int64
    ) -> JSONValue {
        let partitionBy = JSONValue.array(plan.partitionColumns.map(JSONValue.string)).jsonText
        let parameters = JSONObject([
            ("mode", .string(plan.removes.isEmpty ? "Append" : "Overwrite")),
            ("partitionBy", .string(partitionBy)),
        ])
        var info = JSONObject()
        info["timestamp"] = .number(JSONNumber(now))
        info["operation"] = .string("WRITE")
        info["operationParameters"] = .object(parameters)

        if let current { info["readVersion"] = .number(JSONNumber(current.version)) }
        info["isBlindAppend"] = .bool(plan.removes.isEmpty)
        info["engineInfo"] = .string(engineInfo)
        info["sluiceRunId"] = .string(runId)
        info["sluiceBatch"] = .string(batch)
        return Self.action("commitInfo", info)
    }

    /// `protocol` for a new table, `metaData` for a new table or a changed schema.
    private func headerActions(_ plan: CommitPlan, current: DeltaSnapshot?, now: Int64)
        -> [JSONValue]
    {
        var actions: [JSONValue] = []
        if current == nil {
            let body = JSONObject([
                ("minReaderVersion", .number(JSONNumber(Self.minReaderVersion))),
                ("minWriterVersion", .number(JSONNumber(Self.minWriterVersion))),
            ])
            actions.append(Self.action("protocol", body))
        }
        if let current, current.schema == plan.schema,
            current.partitionColumns == plan.partitionColumns
        {
            return actions
        }

        var body = JSONObject()
        body["id"] = .string(current?.tableId ?? Self.randomUUID())
        body["format"] = .object(
            JSONObject([("provider", .string("parquet")), ("options", .object(JSONObject()))]))
        body["schemaString"] = .string(DeltaField.schemaString(of: plan.schema))
        body["partitionColumns"] = .array(plan.partitionColumns.map(JSONValue.string))
        body["configuration"] = .object(
            JSONObject((current?.configuration ?? []).map { ($0, .string($1)) }))
        body["createdTime"] = .number(JSONNumber(current?.createdTime ?? now))
        return actions + [Self.action("metaData", body)]
    }

    func transaction(appId: String, version: Int64, now: Int64) -> JSONValue {
        Self.action(
            "txn",
            JSONObject([
                ("appId", .string(appId)), ("version", .number(JSONNumber(version))),
                ("lastUpdated", .number(JSONNumber(now))),
            ]))
    }

    private func removeActions(_ plan: CommitPlan, current: DeltaSnapshot?, now: Int64)
        -> [JSONValue]
    {
        plan.removes.map { path -> JSONValue in
            let live = current?.liveFiles[path]?.file
            let removed = DeltaRemovedFile(
                path: path, encodedPath: live?.encodedPath ?? DeltaPath.encode(path),
                deletionTimestamp: now, partitionValues: live?.partitionValues ?? [],
                size: live?.size)
            return Self.action("remove", Self.removeBody(removed, dataChange: true))
        }
    }

    /// Appends one `add` line per file (`dataChange` true), written straight as bytes: a
    /// night of hourly files has hundreds, and their stats are most of the log.
    static func appendAddActions(_ adds: [DeltaAddFile], columns: [String], to out: inout [UInt8]) {
        var stats: [UInt8] = []
        for file in adds {
            out.append(contentsOf: #"{"add":{"path":"#.utf8)
            JSONValue.appendQuoted(file.encodedPath, to: &out)
            out.append(contentsOf: #","partitionValues":"#.utf8)
            appendStringMap(file.partitionValues, to: &out)
            out.append(contentsOf: #","size":"#.utf8)
            JSONNumber.appendDecimal(file.size, to: &out)
            out.append(contentsOf: #","modificationTime":"#.utf8)
            JSONNumber.appendDecimal(file.modificationTime, to: &out)
            out.append(contentsOf: #","dataChange":true"#.utf8)

            if file.hasStatistics {
                stats.removeAll(keepingCapacity: true)
                file.appendStatisticsJSON(columnOrder: columns, to: &stats)
                out.append(contentsOf: #","stats":"#.utf8)
                stats.withUnsafeBufferPointer { JSONValue.appendQuoted(utf8: $0, to: &out) }
            }
            out.append(contentsOf: "}}\n".utf8)
        }
    }

    /// Appends `pairs` as a JSON object of strings, as `JSONObject(_:)` orders it: a
    /// repeated key keeps its last value at its first place. Quadratic in the pair count,
    /// which is the partition column count.
    private static func appendStringMap(_ pairs: [(String, String)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var isFirst = true
        for (index, (key, _)) in pairs.enumerated()
        where !pairs[..<index].contains(where: { $0.0 == key }) {
            if !isFirst { out.append(UInt8(ascii: ",")) }
            isFirst = false
            JSONValue.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONValue.appendQuoted(pairs.last { $0.0 == key }!.1, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func removeBody(_ file: DeltaRemovedFile, dataChange: Bool) -> JSONObject {
        var body = JSONObject()
        body["path"] = .string(file.encodedPath)
        body["deletionTimestamp"] = .number(JSONNumber(file.deletionTimestamp))
        body["dataChange"] = .bool(dataChange)
        body["extendedFileMetadata"] = .bool(file.size != nil)
        body["partitionValues"] = .object(
            JSONObject(file.partitionValues.map { ($0, .string($1)) }))
        if let size = file.size { body["size"] = .number(JSONNumber(size)) }
        return body
    }

    static func action(_ name: String, _ body: JSONObject) -> JSONValue {
        .object(JSONObject([(name, .object(body))]))
    }

    static func ndjson(_ actions: [JSONValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for action in actions {
            action.appendJSON(to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// A random (version 4) UUID in its 36-character text form, for `metaData.id`.
    static func randomUUID() -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in String(byte >> 4, radix: 16) + String(byte & 15, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(
            separator: "-")
    }
}
