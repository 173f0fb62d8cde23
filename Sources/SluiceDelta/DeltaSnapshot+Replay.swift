// Delta Transaction Log Protocol, "Action Reconciliation": the latest protocol and metaData
// win, a file is live when its latest action is an add, a remove stays a tombstone, and the
// latest txn version per appId is kept. Unknown actions and fields are ignored ("Protocol
// Evolution": clients must ignore unrecognized actions and fields).
import SluiceJSON

extension DeltaSnapshot {
    /// Applies the newline-delimited actions of commit `version`, the next one in order.
    mutating func apply(commit bytes: [UInt8], version: Int64, table: String) throws {
        precondition(version == self.version + 1, "replaying \(version) after \(self.version)")
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let action = try Self.parse(
                Array(line), line: lineNumber, version: version, table: table)
            try apply(action, version: version, table: table)
        }
        self.version = version
    }

    private static func parse(
        _ line: [UInt8], line number: Int, version: Int64, table: String
    ) throws -> JSONObject {
        do {
            if let object = try JSONParser().parse(line).objectValue { return object }
        } catch {
            throw DeltaError(
                .corruptLog, "Line \(number) of the commit is not valid JSON.", table: table,
                version: version, underlying: "\(error)")
        }
        throw DeltaError(
            .corruptLog, "Line \(number) of the commit is not a JSON object.", table: table,
            version: version)
    }

    private mutating func apply(_ action: JSONObject, version: Int64, table: String) throws {
        for (kind, body) in action {
            guard let body = body.objectValue else { continue }
            let context = ActionContext(table: table, version: version)
            switch kind {
            case "protocol": try applyProtocol(body, context)
            case "metaData": try applyMetadata(body, context)
            case "add": try applyAdd(body, context)
            case "remove": try applyRemove(body, context)
            case "txn": try applyTransaction(body, context)
            case "commitInfo": applyCommitInfo(body, version: version)
            default: continue
            }
        }
    }

    struct ActionContext {
        var table: String
        var version: Int64

        func missing(_ field: String, in action: String) -> DeltaError {
            DeltaError(
                .corruptLog, "A '\(action)' action lacks its required field '\(field)'.",
                table: table, version: version)
        }
    }

    private mutating func applyProtocol(_ body: JSONObject, _ context: ActionContext) throws {
        guard let reader = body["minReaderVersion"]?.numberValue?.int64 else {
            throw context.missing("minReaderVersion", in: "protocol")
        }
        guard let writer = body["minWriterVersion"]?.numberValue?.int64 else {
            throw context.missing("minWriterVersion", in: "protocol")
        }
        minReaderVersion = Int(reader)
        minWriterVersion = Int(writer)
        hasProtocol = true
    }

    private mutating func applyMetadata(_ body: JSONObject, _ context: ActionContext) throws {
        guard let id = body["id"]?.stringValue else { throw context.missing("id", in: "metaData") }
        guard let schemaText = body["schemaString"]?.stringValue else {
            throw context.missing("schemaString", in: "metaData")
        }
        let columns = body["partitionColumns"]?.arrayValue?.compactMap(\.stringValue) ?? []

        switch DeltaField.parseSchema(schemaText) {
        case .success(let fields): schema = fields
        case .failure(.notAStruct):
            throw DeltaError(
                .corruptLog, "The schemaString is not a struct type with named fields.",
                table: context.table, version: context.version)
        case .failure(.unsupportedType(let column, let type)):
            throw DeltaError(
                .unsupportedTable,
                "Column '\(column)' has type \(type), which this writer does not support (it writes boolean, long, double, string and timestamp columns only).",
                table: context.table, version: context.version)
        }

        tableId = id
        partitionColumns = columns
        createdTime = body["createdTime"]?.numberValue?.int64
        configuration =
            (body["configuration"]?.objectValue).map { object in
                object.compactMap { key, value in value.stringValue.map { (key, $0) } }
            } ?? []
        hasMetadata = true
    }

    private mutating func applyAdd(_ body: JSONObject, _ context: ActionContext) throws {
        guard let logPath = body["path"]?.stringValue else {
            throw context.missing("path", in: "add")
        }
        let path = DeltaPath.decode(logPath)
        var file = DeltaAddFile(
            path: path, partitionValues: Self.partitionValues(body),
            size: body["size"]?.numberValue?.int64 ?? 0,
            modificationTime: body["modificationTime"]?.numberValue?.int64 ?? 0, numRecords: 0)
        if !(body["stats"]?.stringValue.map { file.readStatistics($0) } ?? false) {
            file.hasStatistics = false
        }
        file.logPath = logPath

        tombstones[path] = nil
        liveFiles[path] = (liveFiles[path]?.ordinal ?? nextOrdinal, file)
        nextOrdinal += 1
    }

    private mutating func applyRemove(_ body: JSONObject, _ context: ActionContext) throws {
        guard let logPath = body["path"]?.stringValue else {
            throw context.missing("path", in: "remove")
        }
        let path = DeltaPath.decode(logPath)
        let removed = liveFiles.removeValue(forKey: path)?.file
        tombstones[path] = DeltaRemovedFile(
            path: path, encodedPath: logPath,
            deletionTimestamp: body["deletionTimestamp"]?.numberValue?.int64 ?? 0,
            partitionValues: removed?.partitionValues ?? Self.partitionValues(body),
            size: body["size"]?.numberValue?.int64 ?? removed?.size)
    }

    private mutating func applyTransaction(_ body: JSONObject, _ context: ActionContext) throws {
        guard let appId = body["appId"]?.stringValue else {
            throw context.missing("appId", in: "txn")
        }
        guard let version = body["version"]?.numberValue?.int64 else {
            throw context.missing("version", in: "txn")
        }
        transactions[appId] = version
        transactionTimes[appId] = body["lastUpdated"]?.numberValue?.int64
    }

    private mutating func applyCommitInfo(_ body: JSONObject, version: Int64) {
        commits.append(
            DeltaCommitRecord(
                version: version, timestamp: body["timestamp"]?.numberValue?.int64,
                operation: body["operation"]?.stringValue,
                runId: body["sluiceRunId"]?.stringValue, batch: body["sluiceBatch"]?.stringValue))
    }

    /// A `partitionValues` map; a JSON null value (a null partition) becomes "".
    private static func partitionValues(_ body: JSONObject) -> [(String, String)] {
        guard let object = body["partitionValues"]?.objectValue else { return [] }
        return object.map { key, value in (key, value.stringValue ?? "") }
    }
}
