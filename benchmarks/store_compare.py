#!/usr/bin/env python3
"""Compares two console stores table by table, column for column, ids included: e.g. a
store written by one build against the same input screened by another. Records
without `ts` are timed by the wall clock when screened: give a third argument
(anything) to leave `created_at` and `at` out. `topic.updated_at` is always left out.

    python3 benchmarks/store_compare.py old.sqlite new.sqlite [clock]
"""
import sqlite3, sys
a, b = (sqlite3.connect(p) for p in sys.argv[1:3])
skip = {"created_at", "at"} if len(sys.argv) > 3 else set()
def rows(c, t, order):
    cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})") if r[1] not in skip and r[1] != "updated_at"]
    return cols, c.execute("SELECT %s FROM %s ORDER BY %s" % (",".join(cols), t, order)).fetchall()
for t, order in [("review_item", "id"), ("post", "id"), ("transition", "id"), ("bucket", "topic, start_at, signal"), ("topic", "name")]:
    cols, ra = rows(a, t, order); _, rb = rows(b, t, order)
    diff = sum(1 for x, y in zip(ra, rb) if x != y) + abs(len(ra) - len(rb))
    print(f"{t}: {len(ra)} / {len(rb)} rows, {len(cols)} columns compared, {diff} differ")
