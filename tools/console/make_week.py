#!/usr/bin/env python3
"""A generated week for the console's browser test and benchmark, ending in an open
incident: corpus/timeline.py's seven days (incidents on days 2 and 3), then day 2
replayed as day 8 up to 15:30 into it, so AuroraAir's complaint spike (x10, from
14:00 into the day) is 90 minutes old when the stream ends and its incident is open.

The week is the same whenever it is generated: a fixed seed and a fixed end,
2026-03-09 15:30 UTC (a Monday), so every bucket holds the same posts on every run.
Nothing depends on the wall clock: the store prunes event-time tables relative to the
newest event stored, the console's "now" is the newest bucket's end, and the console's
operator commands happen at the machines' newest event time.

    python3 tools/console/make_week.py OUT.jsonl    # also OUT.jsonl.json: the burst's start, the end
"""
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TIMELINE = os.path.join(HERE, "..", "..", "corpus", "timeline.py")
FORMAT = "%Y-%m-%dT%H:%M:%SZ"
END = datetime(2026, 3, 9, 15, 30, tzinfo=timezone.utc)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_week.py OUT.jsonl")
    start = END - timedelta(days=7, hours=15, minutes=30)
    week = subprocess.run([sys.executable, TIMELINE, "--days", "7", "--seed", "7", "--start", start.strftime(FORMAT)],
                          check=True, capture_output=True, text=True).stdout.splitlines()
    replay_from, replay_to = start + timedelta(days=1), start + timedelta(days=1, hours=15, minutes=30)
    shift = timedelta(days=6)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        last_id = 0
        for line in week:
            out.write(line + "\n")
            last_id = max(last_id, json.loads(line)["id"])
        for line in week:
            record = json.loads(line)
            ts = datetime.strptime(record["ts"], FORMAT).replace(tzinfo=timezone.utc)
            if replay_from <= ts < replay_to:
                record["id"] = record["id"] + last_id
                record["ts"] = (ts + shift).strftime(FORMAT)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    burst = replay_from + shift + timedelta(hours=14)
    with open(sys.argv[1] + ".json", "w") as meta:
        json.dump({"burst_start_ms": int(burst.timestamp() * 1000), "end_ms": int((replay_to + shift).timestamp() * 1000)}, meta)


if __name__ == "__main__":
    main()
