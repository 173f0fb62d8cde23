#!/usr/bin/env python3
"""Compares two Sluice output directories written with the same `--run-id`.

Use it to check that a change to Sluice's code changes none of its output: run the old and
the new build on the same input with the same run id, then

    .venv/bin/python scripts/compare-outputs.py OLD_OUTPUT NEW_OUTPUT

Files equal byte for byte pass at once. Otherwise Parquet files are compared by schema,
key-value metadata and rows (pyarrow), all but `loaded_at`, the run's start time; manifests and
Delta log entries as JSON without what depends on the clock, the output path or the threads'
schedule (times, stage seconds, table ids, `loaded_at` statistics and the output digests that
hold them, spill counts, which follow which worker read which file); gzipped
NDJSON (quarantine, discards) line by line after inflating. The lock file is skipped. Prints
each difference and `problems: N`; exits 1 if N > 0.
"""

import gzip
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq

CLOCK_KEYS = {"started_at", "finished_at", "timestamp", "modificationTime", "lastUpdated",
              "createdTime", "id", "stage_seconds", "ingest_thread_seconds", "output",
              "loaded_at", "row_spills", "row_spill_bytes"}
STATS_KEYS = {"loaded_at"}
SKIPPED_FILES = {"_sluice.lock"}


def without_clock(value, keys=CLOCK_KEYS):
    """Returns `value` with every key in `keys` removed, at any depth. A Delta `stats` string
    is compared as JSON with only `loaded_at` removed: its keys are column names, and columns
    such as `id` and `timestamp` must still be compared."""
    if isinstance(value, dict):
        kept = {}
        for k, v in value.items():
            if k in keys:
                continue
            kept[k] = without_clock(v, STATS_KEYS if k == "stats" else keys)
        for output in kept.get("outputs", []) if isinstance(kept.get("outputs"), list) else []:
            if isinstance(output, dict):
                output.pop("sha256", None)
        return kept
    if isinstance(value, str) and keys is STATS_KEYS:
        try:
            return without_clock(json.loads(value), keys)
        except json.JSONDecodeError:
            return value
    if isinstance(value, list):
        return [without_clock(v, keys) for v in value]
    return value


def json_documents(path):
    """Parses a JSON file, or an NDJSON file (Delta log) as a list of documents."""
    text = path.read_text()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def compare_parquet(a, b):
    """Returns the differences between two Parquet files' schemas, metadata and rows."""
    fa, fb = pq.ParquetFile(a), pq.ParquetFile(b)
    problems = []
    if fa.schema_arrow != fb.schema_arrow:
        problems.append(f"schema differs:\n{fa.schema_arrow}\n---\n{fb.schema_arrow}")
    if fa.metadata.metadata != fb.metadata.metadata:
        problems.append("key-value metadata differs")
    if fa.metadata.num_rows != fb.metadata.num_rows:
        problems.append(f"rows {fa.metadata.num_rows} != {fb.metadata.num_rows}")
        return problems
    ta, tb = fa.read(), fb.read()
    for name in ta.column_names:
        if name == "loaded_at" or name not in tb.column_names:
            continue
        if not ta.column(name).equals(tb.column(name)):
            problems.append(f"column {name} differs")
    return problems


def compare_file(rel, a, b):
    """Returns the differences between two files at the same relative path."""
    if rel.name in SKIPPED_FILES or a.read_bytes() == b.read_bytes():
        return []
    if rel.suffix == ".parquet":
        return compare_parquet(a, b)
    if rel.suffix == ".json":
        ja, jb = without_clock(json_documents(a)), without_clock(json_documents(b))
        return [] if ja == jb else ["JSON differs outside clock fields"]
    if rel.name.endswith(".gz"):
        la = gzip.decompress(a.read_bytes()).splitlines()
        lb = gzip.decompress(b.read_bytes()).splitlines()
        return [] if la == lb else [f"inflated lines differ ({len(la)} vs {len(lb)})"]
    return ["bytes differ"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare-outputs.py OLD_OUTPUT NEW_OUTPUT")
    root_a, root_b = Path(sys.argv[1]), Path(sys.argv[2])
    files_a = {p.relative_to(root_a) for p in root_a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(root_b) for p in root_b.rglob("*") if p.is_file()}
    problems = 0
    for rel in sorted(files_a ^ files_b):
        side = "only in old" if rel in files_a else "only in new"
        print(f"{rel}: {side}")
        problems += 1
    for rel in sorted(files_a & files_b):
        for problem in compare_file(rel, root_a / rel, root_b / rel):
            print(f"{rel}: {problem}")
            problems += 1
    print(f"compared {len(files_a & files_b)} files; problems: {problems}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
