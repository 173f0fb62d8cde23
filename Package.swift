// swift-tools-version:6.0
// Sluice: a batch loader from Segment-style event logs to Parquet tables.
//
// One target per pipeline stage, in data-flow order; C libraries sit behind `C*`
// system-library targets that link Debian's -dev packages.
import PackageDescription

let package = Package(
    name: "sluice",
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceParquet", targets: ["SluiceParquet"]),
        .library(name: "SluiceJSON", targets: ["SluiceJSON"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CArchive", path: "Sources/CArchive"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy"),
        .systemLibrary(name: "CIsal", path: "Sources/CIsal"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2"),
        .systemLibrary(name: "CLzma", path: "Sources/CLzma"),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        .systemLibrary(name: "CByteMasks", path: "Sources/CByteMasks"),

        .target(
            name: "SluiceJSON", dependencies: ["CByteMasks"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "SluiceHash", dependencies: ["CCrypto"]),
        .executableTarget(
            name: "sluice-json-bench", dependencies: ["SluiceJSON"], path: "Sources/SluiceJSONBench"
        ),
        // The Parquet encoders mutate class-held buffers per value; runtime exclusivity checks
        // on those accesses cost about a third of the writer's CPU time (scripts/bench-parquet).
        .target(
            name: "SluiceParquet", dependencies: ["CZlib", "CZstd", "CSnappy"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(
            name: "SluiceReader",
            dependencies: [
                "CArchive", "CZlib", "CIsal", "CZstd", "CBzip2", "CLzma", "SluiceJSON",
                "SluiceHash",
            ]),
        .target(name: "SluicePlan", dependencies: ["SluiceJSON"]),
        .target(name: "SluiceWarehouse", dependencies: ["SluiceJSON"]),
        .target(name: "SluiceDelta", dependencies: ["SluiceJSON", "SluiceHash", "SluiceParquet"]),
        // Column batches and run cursors mutate class-held buffers per stored value; runtime
        // exclusivity checks on those accesses cost more than the stores themselves.
        .target(
            name: "SluiceJob",
            dependencies: [
                "SluiceJSON", "SluiceReader", "SluicePlan", "SluiceWarehouse", "SluiceParquet",
                "SluiceDelta",
                "SluiceHash", "CZlib", "CPrefetch",
            ],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(name: "sluice", dependencies: ["SluiceJob"]),
        .executableTarget(
            name: "sluice-parquet-bench", dependencies: ["SluiceParquet"],
            path: "Sources/SluiceParquetBench"),

        .testTarget(name: "SluiceJSONTests", dependencies: ["SluiceJSON", "CByteMasks"]),
        .testTarget(name: "SluiceHashTests", dependencies: ["SluiceHash"]),
        .testTarget(name: "SluiceParquetTests", dependencies: ["SluiceParquet"]),
        .testTarget(
            name: "SluiceReaderTests", dependencies: ["SluiceReader", "CZstd", "CBzip2", "CLzma"]),
        .testTarget(
            name: "SluicePlanTests", dependencies: ["SluicePlan"],
            exclude: ["differential.py", "Node"]),
        .testTarget(name: "SluiceWarehouseTests", dependencies: ["SluiceWarehouse", "SluiceJSON"]),
        .testTarget(name: "SluiceJobTests", dependencies: ["SluiceJob"]),
        .testTarget(
            name: "SluiceDeltaTests", dependencies: ["SluiceDelta", "SluiceParquet", "SluiceJSON"],
            exclude: ["Python"]),
        .testTarget(name: "SluiceCLITests", dependencies: [], exclude: ["Python"]),
    ]
)
