"""Reads a Sluice output directory with independent readers and prints what they see.

Usage: check_output.py OUT SCHEMA

Validates every manifest against the manifest JSON Schema (python-jsonschema), reads every
data file the manifests list with pyarrow AND DuckDB, and prints one JSON object:
{"manifests": n, "schema_errors": [...], "tables": {table: {"pyarrow_rows": n,
"duckdb_rows": n, "manifest_rows": n, "partitions": {"day=...": rows}}}, "mismatches": [...],
"quarantine_records": n, "unlisted_files": [...]}.
"""
import glob
import hashlib
import gzip
import json
import os
import sys

import duckdb
import jsonschema
import pyarrow.parquet as pq


def main():
    out, schema_path = sys.argv[1], sys.argv[2]
    schema = json.load(open(schema_path))
    validator = jsonschema.Draft7Validator(schema)
    report = {"manifests": 0, "schema_errors": [], "tables": {}, "mismatches": [],
              "quarantine_records": 0, "unlisted_files": []}
    listed = set()
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    for path in sorted(glob.glob(os.path.join(out, "_manifests", "*.json"))):
        manifest = json.load(open(path))
        report["manifests"] += 1
        for error in validator.iter_errors(manifest):
            report["schema_errors"].append(f"{os.path.basename(path)}: {list(error.path)}: {error.message}")
        for output in manifest.get("outputs", []):
            file = os.path.join(out, output["path"])
            listed.add(os.path.normpath(file))
            table = report["tables"].setdefault(output["table"], {
                "pyarrow_rows": 0, "duckdb_rows": 0, "manifest_rows": 0, "partitions": {}})
            arrow_rows = pq.ParquetFile(file).metadata.num_rows
            duck_rows = con.execute("select count(*) from read_parquet(?)", [file]).fetchone()[0]
            table["pyarrow_rows"] += arrow_rows
            table["duckdb_rows"] += duck_rows
            table["manifest_rows"] += output["rows"]
            key = "/".join(f"{k}={v}" for k, v in output["partition"].items())
            table["partitions"][key] = table["partitions"].get(key, 0) + arrow_rows
            if not (arrow_rows == duck_rows == output["rows"]):
                report["mismatches"].append(f"{output['path']}: manifest {output['rows']}, pyarrow {arrow_rows}, duckdb {duck_rows}")
            if os.path.getsize(file) != output["bytes"]:
                report["mismatches"].append(f"{output['path']}: size differs from the manifest")
            with open(file, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != output["sha256"]:
                    report["mismatches"].append(f"{output['path']}: sha256 differs from the manifest")
        for sidecar in manifest.get("quarantine", []):
            with gzip.open(os.path.join(out, sidecar["path"]), "rt") as f:
                count = sum(1 for _ in f)
            report["quarantine_records"] += count
            if count != sidecar["records"]:
                report["mismatches"].append(f"{sidecar['path']}: {count} records, manifest says {sidecar['records']}")
    for file in glob.glob(os.path.join(out, "**", "*.parquet"), recursive=True):
        if os.path.normpath(file) not in listed and "/_delta_log/" not in file:
            report["unlisted_files"].append(os.path.relpath(file, out))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
