"""Prints every quarantine record of an output directory as {"records": [...]}, in manifest
order. Usage: quarantine.py OUT"""
import glob
import gzip
import json
import os
import sys

out = sys.argv[1]
records = []
for manifest_path in sorted(glob.glob(os.path.join(out, "_manifests", "*.json"))):
    manifest = json.load(open(manifest_path))
    for sidecar in manifest["quarantine"]:
        with gzip.open(os.path.join(out, sidecar["path"]), "rt") as f:
            records.extend(json.loads(line) for line in f)
print(json.dumps({"records": records}))
