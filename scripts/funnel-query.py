"""Answers "how many shoppers added a product to the cart and never completed an order?"
over a Sluice output directory with DuckDB, reading every partition of the two tables."""
import sys

import duckdb

out = sys.argv[1] if len(sys.argv) > 1 else "out/samples"
query = f"""
with added as (
  select distinct anonymous_id from read_parquet('{out}/product_added/day=*/**/*.parquet', union_by_name=true)
),
ordered as (
  select distinct anonymous_id from read_parquet('{out}/order_completed/day=*/**/*.parquet', union_by_name=true)
)
select count(*) as shoppers from added
where anonymous_id not in (select anonymous_id from ordered where anonymous_id is not null)
"""
print(query.strip())
# Only built-in readers are needed: nothing is fetched from the network.
connection = duckdb.connect(config={"autoinstall_known_extensions": False})
shoppers = connection.execute(query).fetchall()[0][0]
print(f"shoppers who added a product to the cart and never completed an order: {shoppers}")
