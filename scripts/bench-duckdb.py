#!/usr/bin/env python3
"""The job `sluice run` does, written as one DuckDB query: the yardstick for scripts/bench.

Reads every *.gz / *.jsonl / *.zst log file in INPUT (newline-delimited JSON, schemas of all
files unioned by name), keeps one row per messageId (the earliest receivedAt), and writes
ZSTD Parquet files partitioned by table (the track event name, or the event type for the
other calls) and received day. Lines DuckDB cannot read are skipped (ignore_errors), which
stands in for Sluice's quarantine. No tracking plan validation: DuckDB has no JSON Schema.

FIXME: this only works on undamaged logs such as `generate-events --bench` writes. On the
damaged samples DuckDB 2.0 stops the whole query at a gzip stream cut short, and one line that
is a JSON array makes it read that file as a single `json` column (with records = true it
refuses the line instead of skipping it), so the damaged samples cannot be compared.

Prints one JSON object to stdout: input rows, output rows, tables and seconds.

Usage: bench-duckdb.py INPUT OUTPUT [--threads N] [--memory-limit SIZE]
"""

import argparse
import glob
import json
import os
import shutil
import sys
import time

# DuckDB stops at objects larger than this; real Segment payloads stay far below 16 MiB, so
# this only guards against a runaway line without rejecting any real event.
MAXIMUM_OBJECT_SIZE = 16 << 20

QUERY = """
COPY (
    SELECT
        CASE WHEN "type" = 'track' THEN "event" ELSE "type" END AS "table",
        left(CAST("receivedAt" AS VARCHAR), 10) AS "day",
        *
    FROM read_json({files}, format = 'newline_delimited', union_by_name = true,
                   maximum_object_size = {max_size}, ignore_errors = true)
    WHERE "messageId" IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY "messageId" ORDER BY "receivedAt") = 1
) TO '{output}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ("table", "day"))
"""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench-duckdb.py", description=__doc__.split("\n")[0])
    p.add_argument("input", help="directory of log files")
    p.add_argument("output", help="output directory (replaced)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                   help="DuckDB threads (default: all cores)")
    p.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 4GB")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        import duckdb
    except ImportError:
        sys.exit("bench-duckdb.py: the duckdb package is missing; run scripts/setup, which "
                 "installs it into .venv")

    files = sorted(f for pattern in ("*.gz", "*.jsonl", "*.zst")
                   for f in glob.glob(os.path.join(args.input, pattern)))
    if not files:
        sys.exit(f"bench-duckdb.py: no log files (*.gz, *.jsonl, *.zst) in '{args.input}'")
    shutil.rmtree(args.output, ignore_errors=True)

    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute(f"SET threads = {args.threads}")
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute("SET preserve_insertion_order = false")

    start = time.monotonic()
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    sql = QUERY.format(files=listed, max_size=MAXIMUM_OBJECT_SIZE,
                       output=args.output.replace("'", "''"))
    rows_out = con.execute(sql).fetchone()[0]
    seconds = time.monotonic() - start

    tables = sorted(d.split("=", 1)[1] for d in os.listdir(args.output) if "=" in d)
    print(json.dumps({"engine": "duckdb", "version": duckdb.__version__, "files": len(files),
                      "rows_out": rows_out, "tables": len(tables), "seconds": round(seconds, 3),
                      "threads": args.threads}))


if __name__ == "__main__":
    main(sys.argv[1:])
