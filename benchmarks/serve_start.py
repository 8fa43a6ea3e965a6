#!/usr/bin/env python3
"""Benchmark (not a test): seconds from starting `vigil serve --database DB --port 0`
until it says it is listening, e.g. to time the expansion of a batch screen's review
journal at start (run it on a copy of the store: the first start expands it).

    cp screened.sqlite /tmp/copy.sqlite
    /usr/bin/time -f "%e s wall %U user %S sys" python3 benchmarks/serve_start.py .build/release/vigil /tmp/copy.sqlite
"""
import subprocess
import sys
import time

vigil, database = sys.argv[1:3]
started = time.perf_counter()
server = subprocess.Popen([vigil, "serve", "--database", database, "--port", "0"], stderr=subprocess.PIPE, text=True)
for line in server.stderr:
    if "listening" in line:
        break
print(f"{time.perf_counter() - started:.3f}")
server.terminate()
server.wait()
