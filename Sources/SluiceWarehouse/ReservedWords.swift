/// Identifiers a DuckDB or Spark query could not use unquoted.
///
/// The union of DuckDB's reserved keywords (`duckdb_keywords()` with category `reserved`,
/// DuckDB 1.x) and Spark SQL's keywords reserved in ANSI mode (Spark's
/// `sql-ref-ansi-compliance` keyword table). Non-reserved keywords such as `timestamp`,
/// `type` or `name` work unquoted in both and are not listed.
enum ReservedWords {
    static let sql: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
        "authorization", "both", "case", "cast", "check", "collate", "column", "constraint",
        "create", "cross", "current_date", "current_time", "current_timestamp", "current_user",
        "default", "deferrable", "desc", "describe", "distinct", "do", "else", "end", "escape",
        "except", "false", "fetch", "filter", "for", "foreign", "from", "full", "grant",
        "group", "having", "in", "initially", "inner", "intersect", "into", "is", "join",
        "lambda", "lateral", "leading", "left", "limit", "natural", "not", "null", "offset",
        "on", "only", "or", "order", "outer", "overlaps", "percentile_cont", "percentile_disc",
        "pivot", "pivot_longer", "pivot_wider", "placing", "primary", "qualify", "references",
        "returning", "right", "select", "session_user", "show", "some", "summarize",
        "symmetric", "table", "then", "time", "to", "trailing", "true", "union", "unique",
        "unknown", "unpivot", "user", "using", "variadic", "when", "where", "window", "with",
        "within",
    ]

    /// Table names an event may not take: the fixed Segment tables (including `users` and
    /// `accounts`, which Segment derives and a later Sluice may too), and the device names
    /// Windows refuses as folder names, so an output directory can be copied anywhere.
    static let tables: Set<String> = {
        var names: Set<String> = [
            "tracks", "pages", "screens", "identifies", "groups", "aliases", "users",
            "accounts", "con", "prn", "aux", "nul",
        ]
        for digit in 1...9 {
            names.insert("com\(digit)")
            names.insert("lpt\(digit)")
        }
        return names
    }()
}
