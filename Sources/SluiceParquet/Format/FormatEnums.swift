// Enumerations of parquet-format's parquet.thrift: Type, ConvertedType, FieldRepetitionType,
// Encoding, CompressionCodec and PageType, with the integer values the spec assigns.

/// parquet.thrift `Type`; INT96, FLOAT and FIXED_LEN_BYTE_ARRAY are never written.
enum PhysicalType: Int32 {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case double = 5
    case byteArray = 6
}

/// parquet.thrift `ConvertedType`, the legacy annotation old readers still need.
enum ConvertedType: Int32 {
    case utf8 = 0
    case date = 6
    case timestampMicros = 10
    case json = 19
}

/// parquet.thrift `FieldRepetitionType`.
enum FieldRepetitionType: Int32 {
    case required = 0
    case optional = 1
}

/// parquet.thrift `Encoding`.
enum Encoding: Int32 {
    case plain = 0
    case rle = 3
    case rleDictionary = 8
}

/// parquet.thrift `CompressionCodec`.
enum CompressionCodec: Int32 {
    case uncompressed = 0
    case snappy = 1
    case gzip = 2
    case zstd = 6

    init(_ codec: ParquetCodec) {
        switch codec {
        case .uncompressed: self = .uncompressed
        case .snappy: self = .snappy
        case .gzip: self = .gzip
        case .zstd: self = .zstd
        }
    }
}

/// parquet.thrift `PageType`.
enum PageType: Int32 {
    case dataPage = 0
    case dictionaryPage = 2
}
