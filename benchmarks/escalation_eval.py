#!/usr/bin/env python3
"""Measure the escalation machine on generated timelines with known incidents: false
alarms outside the incidents and detection delay of each incident, over many seeds.

Why: the library tests check the machine on synthetic counts with a small pack of
their own; this runs the real binary with the built-in packs over the timelines of
`corpus/timeline.py`, which is what an operations team would see.

    python3 benchmarks/escalation_eval.py                      # 10 seeds x 7 days
    python3 benchmarks/escalation_eval.py --seeds 1-30 --days 7 --vigil .build/release/vigil
    python3 benchmarks/escalation_eval.py --seeds 1-30 --days 7 --scenarios all   # + storm and evening

An escalation to early_warning or rapid_response is *true* when its topic has an
incident whose window, extended by --grace after its end, holds the transition's
time; every other one is a false alarm. Per incident: the delay from its start until
its topic is out of monitoring (early_warning or later) and until it is in
rapid_response, within that window; 0 when an incident of the topic was still open
at the start (counted and reported). With `--scenarios all` also:

- storm: the share of the storm's time (start to end) its topic spends in an
  incident state (any state but monitoring), per seed;
- evening: rapid_response on the x2 evening's topic within its window is false (an
  early warning fits; the crisis team does not).
"""
import argparse
import concurrent.futures
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


def run_seed(vigil, seed, days, grace, policy, scenarios, cache=None):
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events.jsonl")
        folder = cache or tmp
        name = f"{scenarios}-{seed}-{days}"
        timeline, truth = os.path.join(folder, name + ".jsonl"), os.path.join(folder, name + ".truth.json")
        if not (cache and os.path.exists(timeline) and os.path.exists(truth)):
            subprocess.run([sys.executable, TIMELINE, "--seed", str(seed), "--days", str(days), "-o", timeline + ".tmp",
                            "--truth", truth, "--scenarios", scenarios], check=True)
            # A heartbeat past the end, so the last buckets close (docs/escalation.md, Time).
            with open(timeline + ".tmp", "a") as f:
                end = parse_time("2024-06-01T00:00:00Z") + timedelta(days=days, minutes=30)
                f.write(json.dumps({"type": "command", "command": "heartbeat", "topic": "-",
                                    "ts": end.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n")
            os.replace(timeline + ".tmp", timeline)
        command = [vigil, "screen", "--events", events] + (["--policy", policy] if policy else [])
        with open(timeline, "rb") as stdin:
            subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        incidents = json.load(open(truth))
        records = [json.loads(line) for line in open(events)] if os.path.exists(events) else []
    transitions = [t for t in records if t.get("type") == "escalation"]
    for incident in incidents:
        incident["_start"] = parse_time(incident["start"])
        incident["_stop"] = parse_time(incident["end"])
        incident["_end"] = incident["_stop"] + timedelta(minutes=grace)
    false_warn = {}
    false_alarm = {}
    warned, alarmed = {}, {}
    for t in transitions:
        if t.get("cause") != "evidence" or t["from"] == t["to"]:
            continue
        at = parse_time(t["at"])
        match = next((i for i in incidents if i["topic"] == t["topic"] and i["_start"] <= at <= i["_end"]), None)
        if match is None:
            if t["to"] == "early_warning" and t["from"] == "monitoring":
                false_warn[t["topic"]] = false_warn.get(t["topic"], 0) + 1
            if t["to"] == "rapid_response":
                false_alarm[t["topic"]] = false_alarm.get(t["topic"], 0) + 1
                print(f"  seed {seed}: false rapid_response {t['topic']} at {t['at']} ({t['evidence']['signal']}, "
                      f"{t['evidence']['test']}, count {t['evidence']['count']} vs {t['evidence']['baseline']})")
        else:
            key = (match["topic"], match["start"])
            warned.setdefault(key, (at - match["_start"]).total_seconds() / 60)
            if t["to"] == "rapid_response":
                alarmed.setdefault(key, (at - match["_start"]).total_seconds() / 60)
    results = {}
    for i in incidents:
        warn, open_before = first_in(transitions, i["topic"], i["_start"], i["_end"], lambda s: s != "monitoring")
        alarm, _ = first_in(transitions, i["topic"], i["_start"], i["_end"], lambda s: s == "rapid_response")
        result = {"warn": warn, "alarm": alarm, "open": open_before,
                  "share": incident_share(transitions, i["topic"], i["_start"], i["_stop"])}
        results[(i["topic"], i["start"], i["what"])] = result
    return false_warn, false_alarm, results


def first_in(transitions, topic, start, end, wanted):
    """Minutes from `start` until the topic is in a state `wanted` accepts (0 when it
    already is: an incident still open from before), or None before `end`; and whether
    it already was."""
    state = "monitoring"
    for t in transitions:
        if t["topic"] != topic or t["from"] == t["to"] or t.get("rejected"):
            continue
        at = parse_time(t["at"])
        if at > end:
            break
        if at >= start:
            if wanted(state):
                return 0.0, True
            if wanted(t["to"]):
                return (at - start).total_seconds() / 60, False
        state = t["to"]
    return (0.0, True) if wanted(state) else (None, False)


def incident_share(transitions, topic, start, stop):
    """Share of [start, stop) the topic spends out of monitoring."""
    state, since, inside = "monitoring", start, 0.0
    for t in transitions:
        if t["topic"] != topic or t["from"] == t["to"] or t.get("rejected"):
            continue
        at = parse_time(t["at"])
        if at >= stop:
            break
        if at > start and state != "monitoring":
            inside += (at - max(since, start)).total_seconds()
        state, since = t["to"], max(at, start)
    if state != "monitoring":
        inside += (stop - max(since, start)).total_seconds()
    return inside / (stop - start).total_seconds()


def describe(delays):
    found = [d for d in delays if d is not None]
    text = f"median {statistics.median(found):.0f}, max {max(found):.0f} min" if found else "never"
    return f"{len(found)}/{len(delays)}, {text}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vigil", default=os.path.join(HERE, "..", ".build", "release", "vigil"))
    parser.add_argument("--seeds", default="1-10")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--grace", type=int, default=120, help="minutes after an incident's end still counted as it")
    parser.add_argument("--policy", help="a policy file instead of the built-in one")
    parser.add_argument("--scenarios", choices=["classic", "all"], default="classic",
                        help="all: also the long storm and the x2 evening (corpus/timeline.py)")
    parser.add_argument("--cache", help="keep the generated timelines in this folder and reuse them")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run at the same time (the table is the same)")
    args = parser.parse_args()
    if args.cache:
        os.makedirs(args.cache, exist_ok=True)
    false_warn, false_alarm = {}, {}
    per_incident = {}
    chosen = seeds(args.seeds)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = list(pool.map(lambda seed: run_seed(args.vigil, seed, args.days, args.grace, args.policy, args.scenarios,
                                                   args.cache), chosen))
    for warn, alarm, results in runs:
        for topic, n in warn.items():
            false_warn[topic] = false_warn.get(topic, 0) + n
        for topic, n in alarm.items():
            false_alarm[topic] = false_alarm.get(topic, 0) + n
        for key, result in results.items():
            per_incident.setdefault(key, []).append(result)
    topics = 6 if args.scenarios == "all" else 4
    classic = ("NimbusPhone", "AuroraAir", "LumaBank", "*")
    print(f"{len(chosen)} seeds x {args.days} days x {topics} topics = {len(chosen) * args.days * topics} topic-days")
    for label, names, n in (("all topics", None, topics), ("the four classic topics", classic, 4)):
        if names is not None and topics == 4:
            continue
        days = len(chosen) * args.days * n
        warn = sum(v for k, v in false_warn.items() if names is None or k in names)
        alarm = sum(v for k, v in false_alarm.items() if names is None or k in names)
        print(f"{label}: false early_warning {warn} ({warn / days:.3f} per topic-day), "
              f"false rapid_response {alarm} ({alarm / days:.3f} per topic-day)")
    print("false early_warning by topic: " + ", ".join(f"{k} {v}" for k, v in sorted(false_warn.items())))
    print(f"{'topic':11} {'incident':50} {'to early_warning':24} {'to rapid_response':24} share in incident")
    for (topic, start, what), results in sorted(per_incident.items(), key=lambda kv: kv[0][1]):
        shares = [r["share"] for r in results]
        share = f"mean {statistics.mean(shares):.1%}, min {min(shares):.1%}"
        print(f"{topic:11} {what[:50]:50} {describe([r['warn'] for r in results]):24} "
              f"{describe([r['alarm'] for r in results]):24} {share}")
        already = sum(1 for r in results if r["open"])
        if already:
            print(f"{'':11} (an incident of the topic was still open at the start in {already} of {len(results)})")
        if topic == "CedarHotel":
            bad = sum(1 for r in results if r["alarm"] is not None)
            print(f"{'':11} x2 evening: rapid_response on {bad} of {len(results)} evenings (false)")


if __name__ == "__main__":
    main()
