#!/usr/bin/env python3
"""Reads a Parquet file with pyarrow, DuckDB and polars and prints one canonical JSON document.

Used by the SluiceParquet tests to check our writer against two independent readers. Every
value is a string (or null) so nothing is lost in JSON: integers in decimal, booleans as
"true"/"false", doubles as the decimal of their IEEE 754 bit pattern, timestamps as
microseconds since the epoch, dates as days since the epoch, strings as themselves.

Usage: parquet-readback.py FILE
"""
import json
import os
import struct
import sys

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq


def canonical(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(struct.unpack("<Q", struct.pack("<d", value))[0])
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8")
    return str(value)


def arrow_values(column):
    if pa.types.is_timestamp(column.type):
        column = column.cast(pa.int64())
    elif pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    elif isinstance(column.type, pa.ExtensionType):
        column = column.cast(column.type.storage_type)
    return [canonical(v) for v in column.to_pylist()]


def read_pyarrow(path):
    table = pq.read_table(path)
    return {
        "num_rows": table.num_rows,
        "schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable}
                   for f in table.schema],
        "columns": {name: arrow_values(table.column(name)) for name in table.column_names},
    }


def duckdb_select(name, type_name):
    quoted = '"' + name.replace('"', '""') + '"'
    if type_name.startswith("TIMESTAMP"):
        return f"epoch_us({quoted})"
    if type_name == "DATE":
        return f"({quoted} - DATE '1970-01-01')"
    return quoted


def read_duckdb(path):
    connection = duckdb.connect(config={"autoinstall_known_extensions": False})
    source = "read_parquet('" + path.replace("'", "''") + "')"
    described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    schema = [{"name": row[0], "type": row[1]} for row in described]
    selects = ", ".join(duckdb_select(c["name"], c["type"]) for c in schema)
    rows = connection.execute(f"SELECT {selects} FROM {source}").fetchall()
    columns = {c["name"]: [canonical(row[i]) for row in rows] for i, c in enumerate(schema)}
    return {"num_rows": len(rows), "schema": schema, "columns": columns}


def read_polars(path):
    frame = pl.read_parquet(path)
    columns = {}
    for name, dtype in frame.schema.items():
        series = frame[name]
        if isinstance(dtype, pl.Datetime):
            series = series.cast(pl.Int64)
        elif dtype == pl.Date:
            series = series.cast(pl.Int32)
        columns[name] = [canonical(v) for v in series.to_list()]
    schema = [{"name": name, "type": str(dtype)} for name, dtype in frame.schema.items()]
    return {"num_rows": frame.height, "schema": schema, "columns": columns}


def statistic(stats, name):
    if stats is None or not stats.has_min_max:
        return None
    return canonical(getattr(stats, name))


def read_metadata(path):
    metadata = pq.ParquetFile(path).metadata
    schema = metadata.schema
    columns = []
    for i in range(metadata.num_columns):
        column = schema.column(i)
        columns.append({
            "name": column.name,
            "physical_type": column.physical_type,
            "logical_type": json.loads(column.logical_type.to_json()),
            "converted_type": column.converted_type,
            "max_definition_level": column.max_definition_level,
        })
    row_groups = []
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        chunks = []
        for i in range(group.num_columns):
            chunk = group.column(i)
            stats = chunk.statistics
            chunks.append({
                "encodings": list(chunk.encodings),
                "compression": chunk.compression,
                "num_values": chunk.num_values,
                "has_dictionary_page": chunk.has_dictionary_page,
                "total_compressed_size": chunk.total_compressed_size,
                "null_count": stats.null_count if stats is not None else None,
                "min": statistic(stats, "min_raw"),
                "max": statistic(stats, "max_raw"),
            })
        row_groups.append({"num_rows": group.num_rows, "columns": chunks})
    kv = metadata.metadata or {}
    return {
        "created_by": metadata.created_by,
        "num_rows": metadata.num_rows,
        "key_value_metadata": {k.decode(): v.decode() for k, v in kv.items()},
        "columns": columns,
        "row_groups": row_groups,
    }


def main():
    path = sys.argv[1]
    document = {
        "pyarrow": read_pyarrow(path),
        "duckdb": read_duckdb(path),
        "polars": read_polars(path),
        "metadata": read_metadata(path),
    }
    json.dump(document, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
    # Skip interpreter teardown: native reader thread pools have been seen to abort at exit
    # after all work was done (see Tests/SluiceDeltaTests/Python/read_delta.py).
    sys.stdout.flush()
    os._exit(0)
