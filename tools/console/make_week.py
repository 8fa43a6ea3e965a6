#!/usr/bin/env python3
"""A generated week for the console's browser test and benchmark, ending in an open
incident: corpus/timeline.py's seven days (incidents on days 2 and 3), then day 2
replayed as day 8 up to 15:30 UTC, so AuroraAir's complaint spike (x10 from 14:00)
is 90 minutes old when the stream ends and its incident is still open.

    python3 tools/console/make_week.py OUT.jsonl
"""
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TIMELINE = os.path.join(HERE, "..", "..", "corpus", "timeline.py")
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_week.py OUT.jsonl")
    week = subprocess.run([sys.executable, TIMELINE, "--days", "7", "--seed", "7"], check=True,
                          capture_output=True, text=True).stdout.splitlines()
    replay_from = datetime(2024, 6, 2, tzinfo=timezone.utc)
    replay_to = datetime(2024, 6, 2, 15, 30, tzinfo=timezone.utc)
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


if __name__ == "__main__":
    main()
