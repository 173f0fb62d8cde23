"""Reads one Delta checkpoint Parquet file with pyarrow and prints its rows as JSON.

usage: read_checkpoint.py FILE
"""

import json
import sys

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
    print(json.dumps({"columns": table.column_names, "rows": rows}, default=str))


if __name__ == "__main__":
    main()
