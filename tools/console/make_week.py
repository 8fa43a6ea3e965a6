#!/usr/bin/env python3
"""A generated week for the console's browser test and benchmark, ending now in an
open incident: corpus/timeline.py's seven days (incidents on days 2 and 3), then day 2
replayed as day 8 up to 15:30 into it, so AuroraAir's complaint spike (x10, from
14:00 into the day) is 90 minutes old when the stream ends and its incident is open.
The week is placed to end at the current time (the store keeps 30 days by default, and
operator commands carry the time they are given).

    python3 tools/console/make_week.py OUT.jsonl    # also OUT.jsonl.json: the burst's start, the end
"""
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TIMELINE = os.path.join(HERE, "..", "..", "corpus", "timeline.py")
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_week.py OUT.jsonl")
    now = int(time.time()) // 300 * 300
    start = datetime.fromtimestamp(now, timezone.utc) - timedelta(days=7, hours=15, minutes=30)
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
