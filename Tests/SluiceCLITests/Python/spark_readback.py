"""Reads every table of Sluice output folders with Spark (local mode, Hive partition discovery,
schemas merged over nights) and with DuckDB, and compares them row for row.

Usage: spark_readback.py OUTPUT...

Prints {"tables": {OUTPUT: {name: rows}}, "mismatches": [...], "spark": version}: one Spark
session reads every OUTPUT, as it takes seconds to start. A table is a folder of an OUTPUT
holding Parquet files (folders starting with `_` are Sluice's own). Values compare
exactly: timestamps as epoch microseconds, partition columns as text, everything else as
Python values; partition values as the folder names write them. Spark binds to loopback only.
"""

import json
import os
import sys

os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
os.environ["TZ"] = "UTC"

import duckdb  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql.types import TimestampType  # noqa: E402

PARTITION_COLUMNS = {"day", "hr"}


def tables(output):
    """The table folders of OUTPUT that hold at least one Parquet file."""
    found = []
    for name in sorted(os.listdir(output)):
        path = os.path.join(output, name)
        if name.startswith("_") or not os.path.isdir(path):
            continue
        if any(f.endswith(".parquet") for _, _, files in os.walk(path) for f in files):
            found.append(name)
    return found


def spark_rows(spark, path):
    """The table's rows as Spark reads them, each a tuple in column-name order."""
    frame = spark.read.option("mergeSchema", "true").parquet(path)
    columns = []
    for field in sorted(frame.schema.fields, key=lambda f: f.name):
        column = F.col(f"`{field.name}`")
        if field.name in PARTITION_COLUMNS:
            column = column.cast("string")
        elif isinstance(field.dataType, TimestampType):
            column = F.unix_micros(column)
        columns.append(column.alias(field.name))
    selected = frame.select(*columns)
    return selected.columns, [tuple(row) for row in selected.collect()]


def duckdb_rows(connection, path, names):
    """The table's rows as DuckDB reads them, in the columns `names`."""
    glob = os.path.join(path, "**", "*.parquet")
    source = (
        f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true, "
        "hive_types_autocast = false)"
    )
    described = connection.execute(f"describe select * from {source}").fetchall()
    types = {row[0]: row[1] for row in described}
    columns = []
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        kind = types.get(name, "")
        if name in PARTITION_COLUMNS:
            columns.append(f"cast({quoted} as varchar)")
        elif kind.startswith("TIMESTAMP"):
            columns.append(f"epoch_us({quoted})")
        else:
            columns.append(quoted)
    query = f"select {', '.join(columns)} from {source}"
    return sorted(types), connection.execute(query).fetchall()


def key(row):
    """A sort key for rows of mixed and missing values."""
    return tuple((value is None, repr(value)) for value in row)


def main(outputs):
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        # Partition values as the folder names write them (`hr=07`), as DuckDB is told to.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")

    counts, mismatches = {output: {} for output in outputs}, []
    for output, table in ((o, t) for o in outputs for t in tables(o)):
        path = os.path.join(output, table)
        names, from_spark = spark_rows(spark, path)
        duck_names, from_duckdb = duckdb_rows(connection, path, names)
        counts[output][table] = len(from_spark)
        if sorted(names) != duck_names:
            mismatches.append({"table": path, "spark_columns": names, "duckdb": duck_names})
            continue
        left, right = sorted(from_spark, key=key), sorted(from_duckdb, key=key)
        for a, b in zip(left, right):
            if a != b:
                differing = [n for n, x, y in zip(names, a, b) if x != y]
                mismatches.append({"table": path, "columns": differing,
                                   "spark": repr(a)[:300], "duckdb": repr(b)[:300]})
                break
        if len(left) != len(right):
            mismatches.append({"table": path, "spark_rows": len(left), "duckdb_rows": len(right)})

    print(json.dumps({"tables": counts, "mismatches": mismatches, "spark": spark.version}))
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
