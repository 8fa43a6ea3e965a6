#!/usr/bin/env python3
"""Benchmark (not a test): how long each console page takes to render, with 100 topics
and 10,000 queued review items, measured over HTTP against `vigil serve --database`.

    python3 tools/console/page_bench.py --vigil .build/release/vigil [--repeat 20]

The store is filled by `vigil screen --database` from generated records: 100 topics,
two days of 5-minute buckets (Poisson traffic, a share of complaints, a burst on every
fifth topic in the last hours), then 10,000 posts whose decision is `review`. Each page
is fetched --repeat times after one warm-up; the figures are the median, the 95th
percentile and the maximum wall time of a full response, in milliseconds, and the
server's own CPU time per request (user + system of the `vigil serve` process, from
/proc, over the repeats): on a machine shared with other work the wall time is mostly
waiting for a core, the CPU time is not.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from browser_test import Server  # noqa: E402

BENIGN = ["Loving the new colour", "用了三天，感觉不错", "Shipping was quick", "客服回复很及时", "Battery lasts all day"]
COMPLAINT = ["垃圾产品，退款！", "I want a refund, this is broken", "投诉！质量太差", "Still waiting for my refund"]
REVIEW = ["I will sue you, lawsuit coming #{n}", "垃圾产品，退款！第{n}次", "Call 13800138000 to get refund {n}"]


def records(topics, days, reviews, seed=11):
    rng = random.Random(seed)
    buckets = days * 288
    # Ending now: the store keeps 30 days (older records are pruned when serve starts).
    start = int(time.time()) // 300 * 300 - buckets * 300
    n = 0
    for b in range(buckets):
        for t in range(topics):
            burst = t % 5 == 0 and b >= buckets - 24
            for _ in range(rng.randint(0, 3) + (14 if burst else 0)):
                n += 1
                text = rng.choice(COMPLAINT) if burst or rng.random() < 0.08 else rng.choice(BENIGN)
                ts = start + b * 300 + rng.randint(0, 299)
                yield {"id": n, "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts)), "topic": f"Topic{t:03d}",
                       "author": f"a{rng.randint(0, 5000)}", "kind": "comment", "text": text}
    # The review queue: posts spread over the topics, all within the last bucket.
    last = start + buckets * 300 - 1
    for r in range(reviews):
        n += 1
        yield {"id": n, "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(last)), "topic": f"Topic{r % topics:03d}",
               "author": f"r{r}", "kind": "post" if r % 3 == 0 else "comment", "text": REVIEW[r % len(REVIEW)].format(n=r)}


def server_cpu_seconds(pid):
    """User + system CPU seconds of a process (Linux /proc), or None elsewhere."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(url, data=None):
    started = time.perf_counter()
    with urllib.request.urlopen(url, data=data, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vigil", default=os.path.join(HERE, "..", "..", ".build", "release", "vigil"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--reviews", type=int, default=10000)
    parser.add_argument("--days", type=int, default=2)
    args = parser.parse_args()
    vigil = os.path.abspath(args.vigil)
    workdir = tempfile.mkdtemp(prefix="vigil-page-bench-")
    database = os.path.join(workdir, "bench.sqlite")
    feed = os.path.join(workdir, "bench.jsonl")
    with open(feed, "w", encoding="utf-8") as out:
        for record in records(args.topics, args.days, args.reviews):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    started = time.time()
    with open(feed, "rb") as stdin:
        subprocess.run([vigil, "screen", "--database", database], stdin=stdin, stdout=subprocess.DEVNULL, check=True, cwd=workdir)
    print(f"store filled in {time.time() - started:.1f} s ({os.path.getsize(database) / 1e6:.0f} MB)")
    server = Server(vigil, database, workdir)
    server.start()
    try:
        queue = json.loads(urllib.request.urlopen(server.url("/v1/review?status=open")).read())
        print(f"open review items on the first page of /v1/review: {len(queue.get('items', []))}")
        check_body = urllib.parse.urlencode({"text": "全网最低价！Call 13800138000 now, I will sue", "kind": "post"}).encode()
        pages = [("/", None), ("/topics/Topic000", None), ("/topics/Topic001", None), ("/review", None),
                 ("/review?category=complaint&topic=Topic007", None), ("/audit", None), ("/rules", None),
                 ("/check", None), ("/check (POST)", check_body)]
        print(f"{'page':44} {'median':>8} {'p95':>8} {'max':>8} {'cpu/req':>8} {'bytes':>9}")
        for path, body in pages:
            url = server.url(path.split(" ")[0])
            timed(url, body)
            times = []
            cpu_before = server_cpu_seconds(server.process.pid)
            for _ in range(args.repeat):
                ms, size = timed(url, body)
                times.append(ms)
            cpu_after = server_cpu_seconds(server.process.pid)
            cpu = (cpu_after - cpu_before) * 1000 / args.repeat if cpu_before is not None and cpu_after is not None else float("nan")
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            print(f"{path:44} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {cpu:8.1f} {size:9d}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
