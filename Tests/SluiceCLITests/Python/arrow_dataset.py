"""Reads a Hive-partitioned table folder with pyarrow.dataset (every night's files at once)
and prints {"rows": n, "type": "<arrow type of COLUMN>"}. Usage: arrow_dataset.py DIR COLUMN"""
import json
import sys

import pyarrow.dataset as ds

dataset = ds.dataset(sys.argv[1], format="parquet", partitioning="hive", exclude_invalid_files=True)
table = dataset.to_table()
print(json.dumps({"rows": table.num_rows, "type": str(table.schema.field(sys.argv[2]).type)}))
