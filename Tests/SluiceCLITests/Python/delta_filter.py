"""Counts the rows of a Delta table whose timestamp column is at or after an instant, twice:
through deltalake's dataset (which prunes files by the log's statistics) and through DuckDB
over every file the log lists (which prunes nothing), so a bound that wrongly excludes a file
shows as two different counts.
Usage: delta_filter.py OUT TABLE COLUMN ISO_INSTANT  ->  {"deltalake": n, "duckdb": n}"""
import datetime
import json
import os
import sys

import duckdb
import pyarrow.compute as pc
import pyarrow.dataset as ds
from deltalake import DeltaTable

out, table, column, instant = sys.argv[1:5]
at = datetime.datetime.fromisoformat(instant.replace("Z", "+00:00"))
delta = DeltaTable(os.path.join(out, table))
pruned = delta.to_pyarrow_dataset().to_table(filter=ds.field(column) >= pc.scalar(at)).num_rows
connection = duckdb.connect(config={"autoinstall_known_extensions": False})
connection.execute("SET TimeZone = 'UTC'")
whole = connection.execute(
    f'select count(*) from read_parquet(?) where "{column}" >= ?::timestamptz',
    [delta.file_uris(), instant]).fetchone()[0]
print(json.dumps({"deltalake": pruned, "duckdb": whole}))
# Skip interpreter teardown, where deltalake's native threads have been seen to abort after
# all work was done (see Tests/SluiceDeltaTests/Python/read_delta.py).
sys.stdout.flush()
os._exit(0)
