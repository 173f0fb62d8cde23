"""Reads every data file the manifests of a Sluice output list, with pyarrow, and prints a
digest of each: {"files": {path: {"schema": ["name:type", ...], "rows": n, "row_groups": n,
"digest": "<sha256 of the rows in file order>"}}}. The `loaded_at` column (the run's start
time) is left out of the digest, so two runs of the same input compare equal.
Usage: table_rows.py OUT"""
import glob
import hashlib
import json
import os
import sys

import pyarrow.parquet as pq


def main():
    out = sys.argv[1]
    files = {}
    for manifest_path in sorted(glob.glob(os.path.join(out, "_manifests", "*.json"))):
        for output in json.load(open(manifest_path)).get("outputs", []):
            parquet = pq.ParquetFile(os.path.join(out, output["path"]))
            table = parquet.read()
            names = [n for n in table.column_names if n != "loaded_at"]
            digest = hashlib.sha256()
            for row in table.select(names).to_pylist():
                digest.update(json.dumps(row, default=str, sort_keys=True).encode())
                digest.update(b"\n")
            files[output["path"]] = {
                "schema": [f"{f.name}:{f.type}" for f in table.schema],
                "rows": table.num_rows,
                "row_groups": parquet.metadata.num_row_groups,
                "digest": digest.hexdigest(),
            }
    sys.stdout.write(json.dumps({"files": files}) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
