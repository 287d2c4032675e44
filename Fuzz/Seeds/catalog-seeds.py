#!/usr/bin/env python3
"""Small catalogs cut from the demo one (scripts/fuzz seeds): the whole file is 340 KB, far
too long an input for a fuzzer; a bundle with its items, and single items of each kind of
fee and case type, keep every field the loader reads."""
import json
import sys

demo = json.load(open(sys.argv[1]))
out = sys.argv[2]
items = {item["id"]: item for item in demo["items"]}


def write(name, chosen, bundles):
    catalog = {k: demo[k] for k in ("format", "source", "note") if k in demo}
    catalog["items"] = chosen
    catalog["bundles"] = bundles
    with open(f"{out}/{name}.json", "w") as f:
        json.dump(catalog, f, ensure_ascii=False, separators=(",", ":"))


bundle = demo["bundles"][0]
write("bundle-" + bundle["id"], [items[i] for i in bundle["items"]], [bundle])
seen = set()
for item in demo["items"]:
    kind = (item.get("caseType"), json.dumps(item.get("fee", {}).get("charged")), item.get("type"))
    if kind not in seen:
        seen.add(kind)
        write("item-" + item["id"], [item], [])
