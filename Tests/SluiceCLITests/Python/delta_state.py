"""Prints what Delta readers see of some tables: for each, the sorted ids that the deltalake
package reads, and the sorted ids DuckDB reads from exactly the files the Delta log lists.
Usage: delta_state.py OUT TABLE [TABLE ...]  ->  {"tables": {table: {"deltalake": [...],
"duckdb": [...]}}}; a table without a log reads as empty lists."""
import json
import os
import sys

import duckdb
from deltalake import DeltaTable

out = sys.argv[1]
report = {}
for table in sys.argv[2:]:
    root = os.path.join(out, table)
    if not os.path.isdir(os.path.join(root, "_delta_log")):
        report[table] = {"deltalake": [], "duckdb": []}
        continue
    delta = DeltaTable(root)
    ids = sorted(delta.to_pyarrow_table(columns=["id"]).column("id").to_pylist())
    files = delta.file_uris()
    duck = []
    if files:
        connection = duckdb.connect(config={"autoinstall_known_extensions": False})
        duck = sorted(r[0] for r in connection.execute(
            "select id from read_parquet(?)", [files]).fetchall())
    report[table] = {"deltalake": ids, "duckdb": duck}
print(json.dumps({"tables": report}))
# Skip interpreter teardown, where deltalake's native threads have been seen to abort after
# all work was done (see Tests/SluiceDeltaTests/Python/read_delta.py).
sys.stdout.flush()
os._exit(0)
