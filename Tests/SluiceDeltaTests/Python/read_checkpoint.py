"""Reads one Delta checkpoint Parquet file with pyarrow and prints its rows as JSON.

usage: read_checkpoint.py FILE
"""

import json
import sys

import duckdb
import pyarrow.parquet


def main():
    table = pyarrow.parquet.read_table(sys.argv[1])
    rows = table.to_pylist()
    for row in rows:
        for action in row.values():
            if isinstance(action, dict):
                for key, value in list(action.items()):
                    if isinstance(value, list) and value and isinstance(value[0], tuple):
                        action[key] = dict(value)
    # DuckDB as a second, independent Parquet reader of the same file.
    query = "select (t.add).path from read_parquet(?) t where t.add is not null order by 1"
    duckdb_adds = [path for (path,) in duckdb.execute(query, [sys.argv[1]]).fetchall()]
    duckdb_count = duckdb.execute("select count(*) from read_parquet(?)", [sys.argv[1]]).fetchone()[0]
    result = {
        "columns": table.column_names,
        "rows": rows,
        "duckdbRowCount": duckdb_count,
        "duckdbAddPaths": duckdb_adds,
        "compression": pyarrow.parquet.ParquetFile(sys.argv[1]).metadata.row_group(0).column(0).compression,
    }
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
