#!/usr/bin/env python3
"""Measure the escalation machine on generated timelines with known incidents: false
alarms outside the incidents and detection delay of each incident, over many seeds.

Why: the library tests check the machine on synthetic counts with a small pack of
their own; this runs the real binary with the built-in packs over the timelines of
`corpus/timeline.py`, which is what an operations team would see.

    python3 benchmarks/escalation_eval.py                      # 10 seeds x 7 days
    python3 benchmarks/escalation_eval.py --seeds 1-20 --days 7 --vigil .build/release/vigil

An escalation to early_warning or rapid_response is *true* when its topic has an
incident whose window, extended by --grace after its end, holds the transition's
time; every other one is a false alarm. The delay of an incident is from its start
to the first rapid_response of its topic within that window.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TIMELINE = os.path.join(HERE, "..", "corpus", "timeline.py")


def parse_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def seeds(spec):
    out = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += range(int(a), int(b) + 1)
        else:
            out.append(int(part))
    return out


def run_seed(vigil, seed, days, grace, policy):
    with tempfile.TemporaryDirectory() as tmp:
        timeline, truth, events = (os.path.join(tmp, n) for n in ("t.jsonl", "truth.json", "events.jsonl"))
        subprocess.run([sys.executable, TIMELINE, "--seed", str(seed), "--days", str(days), "-o", timeline,
                        "--truth", truth], check=True)
        # A heartbeat past the end, so the last buckets close (docs/escalation.md, Time).
        with open(timeline, "a") as f:
            end = parse_time("2024-06-01T00:00:00Z") + timedelta(days=days, minutes=30)
            f.write(json.dumps({"type": "command", "command": "heartbeat", "topic": "-",
                                "ts": end.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n")
        command = [vigil, "screen", "--events", events] + (["--policy", policy] if policy else [])
        with open(timeline, "rb") as stdin:
            subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        incidents = json.load(open(truth))
        transitions = [json.loads(line) for line in open(events)] if os.path.exists(events) else []
    for incident in incidents:
        incident["_start"] = parse_time(incident["start"])
        incident["_end"] = parse_time(incident["end"]) + timedelta(minutes=grace)
    false_warn = false_alarm = 0
    detected = {}
    for t in transitions:
        if t.get("cause") != "evidence" or t["from"] == t["to"]:
            continue
        at = parse_time(t["at"])
        match = next((i for i in incidents if i["topic"] == t["topic"] and i["_start"] <= at <= i["_end"]), None)
        if match is None:
            if t["to"] == "early_warning" and t["from"] == "monitoring":
                false_warn += 1
            if t["to"] == "rapid_response":
                false_alarm += 1
                print(f"  seed {seed}: false rapid_response {t['topic']} at {t['at']} ({t['evidence']['signal']}, "
                      f"{t['evidence']['test']}, count {t['evidence']['count']} vs {t['evidence']['baseline']})")
        elif t["to"] == "rapid_response":
            key = (match["topic"], match["start"])
            detected.setdefault(key, (at - match["_start"]).total_seconds() / 60)
    delays = {(i["topic"], i["start"], i["what"]): detected.get((i["topic"], i["start"])) for i in incidents}
    return false_warn, false_alarm, delays


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vigil", default=os.path.join(HERE, "..", ".build", "release", "vigil"))
    parser.add_argument("--seeds", default="1-10")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--grace", type=int, default=120, help="minutes after an incident's end still counted as it")
    parser.add_argument("--policy", help="a policy file instead of the built-in one")
    args = parser.parse_args()
    total_warn = total_alarm = 0
    per_incident = {}
    chosen = seeds(args.seeds)
    for seed in chosen:
        warn, alarm, delays = run_seed(args.vigil, seed, args.days, args.grace, args.policy)
        total_warn += warn
        total_alarm += alarm
        for key, delay in delays.items():
            per_incident.setdefault(key, []).append(delay)
    topic_days = len(chosen) * args.days * 4  # four topics in the generator
    print(f"{len(chosen)} seeds x {args.days} days, {topic_days} topic-days")
    print(f"false early_warning: {total_warn} ({total_warn / topic_days:.3f} per topic-day)")
    print(f"false rapid_response: {total_alarm} ({total_alarm / topic_days:.3f} per topic-day)")
    for (topic, start, what), delays in sorted(per_incident.items(), key=lambda kv: kv[0][1][11:]):
        found = [d for d in delays if d is not None]
        text = f"median {statistics.median(found):.0f} min, max {max(found):.0f} min" if found else "never"
        print(f"{topic:12} {what[:50]:50} detected {len(found)}/{len(delays)}: {text}")


if __name__ == "__main__":
    main()
