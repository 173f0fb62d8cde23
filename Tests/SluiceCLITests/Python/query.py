"""Runs one DuckDB query and prints {"rows": [{column: value}]} as JSON (values as text when
not JSON-native). Usage: query.py OUT SQL"""
import json
import sys

import duckdb

con = duckdb.connect(config={"autoinstall_known_extensions": False})
result = con.execute(sys.argv[2])
names = [d[0] for d in result.description]
rows = [dict(zip(names, row)) for row in result.fetchall()]
print(json.dumps({"rows": rows}, default=str))
