#!/usr/bin/env python3
"""Generate a multi-day timeline of brand traffic with known incidents, for the
escalation machine (docs/escalation.md): tests, demos and tuning.

Deterministic: random.Random(seed), fixed templates, no external data, no clock, so
the same arguments write the same bytes. Output is `screen --input jsonl` (docs/reference/records.md):
one object per line with `id`, `ts` (RFC 3339, UTC, non-decreasing), `topic`,
`author`, `kind` and `text`, and with --commands the operator commands of docs/reference/records.md.

Traffic per topic is Poisson per 5-minute bucket around a daily cycle (quiet at
night UTC, busiest mid-afternoon, about x4 between them). Of every post a small share
is a complaint, brand risk or abuse. The incidents multiply one kind of post for a
while; --truth FILE writes them as JSON so a test can check what was found:

    [{"topic": "AuroraAir", "signal": "complaint", "start": "...", "end": "...",
      "factor": 10.0, "what": "..."}, ...]

    python3 corpus/timeline.py                          # 3 days to stdout
    python3 corpus/timeline.py --days 7 -o /tmp/t.jsonl --truth /tmp/t.truth.json
    python3 corpus/timeline.py --commands | vigil screen
    python3 corpus/timeline.py --days 7 --scenarios all   # also the storm and the evening

With `--scenarios all` two more topics are written, each from its own random stream
(so the four classic topics come out exactly as without it):

- GaleAir, a long storm: complaints x3 for 36 hours, each hour's factor drawn around
  x3 (log-normal, sigma 0.3: hours from about x1.7 to x5, as a real storm's hours
  were), and a thin signal: each complaint is written so the packs recognise it with
  probability 0.25, otherwise as a plain negative post they do not recognise.
- CedarHotel, one bad evening: complaints x2 for eight hours. An early warning is
  right there; rapid response is not.

The texts are written for complaint / brand-risk / abuse rules (退款, 投诉, refund,
lawsuit, recall, 傻逼, idiots…); which signals they raise depends on the rule packs.
"""
import argparse
import json
import math
import random
import sys
from datetime import datetime, timedelta, timezone

BUCKET = 300  # seconds
START = "2024-06-01T00:00:00Z"

# topic -> (posts per bucket on average, share of complaints, brand risk, abuse)
TOPICS = {
    "NimbusPhone": (20.0, 0.08, 0.01, 0.02),
    "AuroraAir": (6.0, 0.08, 0.01, 0.02),
    "LumaBank": (2.0, 0.10, 0.02, 0.02),
    "*": (1.0, 0.05, 0.01, 0.03),
}

# (topic, signal, day, hour, minutes long, factor, what). The factor multiplies the
# normal rate of that kind of post for the topic.
INCIDENTS = [
    ("AuroraAir", "complaint", 1, 14.0, 120, 10.0, "charging case overheats: a x10 complaint spike"),
    ("NimbusPhone", "complaint", 2, 9.0, 360, 3.0, "botched update: complaints x3 for six hours"),
    ("LumaBank", "abuse", 1, 20.5, 60, 60.0, "coordinated abuse raid from many accounts"),
    ("NimbusPhone", "brand-risk", 2, 18.0, 90, 8.0, "recall rumour spreads"),
]

CLEAN = [
    "{p}的拍照真的绝了，夜景很清楚", "刚收到{p}，手感不错 👍", "请问{p}支持双卡吗？",
    "物流很快，第二天就到了", "客服回复很及时，点赞", "用了{n}天，没发现什么问题",
    "Just got my {p}, the camera is amazing", "Does the {p} support eSIM?",
    "Shipping was fast, arrived in two days", "Loving the new colour 😍",
    "Setup took two minutes", "Thank you for the quick reply, support was great",
    "{p} 的 battery life 真的 OK", "有没有人知道{p}什么时候降价？",
]
COMPLAINT = [
    "{p}充电发烫，申请退款被拒，我要投诉", "买了{n}天就坏了，客服不理人，已经打12315投诉",
    "要求退款！{p}根本用不了", "{p} stopped charging after {n} days, I want a refund",
    "Worst customer service ever, still waiting for my refund on the {p}",
    "Filing a complaint with consumer protection about {p}", "退货退款流程太慢了，投诉无门",
]
BRAND_RISK = [
    "听说{p}要召回了，是真的吗？", "{p} recall incoming? my unit is swelling",
    "有人说{p}电池会爆炸，官方出来说话", "Class action lawsuit against {p} being organised",
]
ABUSE = [
    "你们这群傻逼客服", "{p}的员工都是脑残吧", "you are all idiots at {p}",
    "shut up you moron, nobody asked", "垃圾公司，狗东西",
]
PRODUCT = {"NimbusPhone": "NimbusPhone", "AuroraAir": "AuroraAir", "LumaBank": "LumaBank App", "*": "这家店",
           "GaleAir": "GaleAir", "CedarHotel": "CedarHotel"}

# The topics of `--scenarios all`: (posts per bucket, complaint, brand risk, abuse,
# share of complaints the packs recognise), and their incidents as in INCIDENTS; a
# factor given as (mean, sigma) is drawn per hour, log-normal around the mean.
EXTRA_TOPICS = {
    "GaleAir": (8.0, 0.12, 0.01, 0.02, 0.25),
    "CedarHotel": (6.0, 0.08, 0.01, 0.02, 1.0),
}
EXTRA_INCIDENTS = [
    ("GaleAir", "complaint", 2, 8.0, 36 * 60, (3.0, 0.3), "storm: complaints x3 for 36 h, thin signal, noisy hours"),
    ("CedarHotel", "complaint", 4, 16.0, 8 * 60, 2.0, "a bad evening: complaints x2 for 8 h"),
]
# Complaints in words the packs do not know (a thin signal: most real complaints are
# not recognised). Checked with `vigil check`: no hit.
UNRECOGNISED = [
    "{p} flight delayed again, third time this month", "stuck at the gate for {n} hours with {p}, so tired of this",
    "{p}航班又延误了，等了{n}个小时", "bags lost again, nobody at the {p} desk", "what a mess at {p} today",
    "{p}的行李又丢了，太失望了",
]


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def poisson(rng, lam):
    """Poisson draw by inversion (small means) or a rounded normal (large ones)."""
    if lam <= 0:
        return 0
    if lam > 200:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    k, p, u = 0, math.exp(-lam), rng.random()
    cumulative = p
    while u > cumulative:
        k += 1
        p *= lam / k
        cumulative += p
    return k


def daily(t):
    """Relative traffic at time t: 0.4 at 02:00 UTC, 1.6 at 14:00 UTC."""
    hours = t.hour + t.minute / 60
    return 1 + 0.6 * math.sin(2 * math.pi * (hours - 8) / 24)


def incident_list(table, start, days):
    """The incidents of `table` that fall within `days`, with their times."""
    incidents = []
    for topic, signal, day, hour, minutes, factor, what in table:
        if day >= days:
            continue
        begin = start + timedelta(days=day, hours=hour)
        incidents.append({"topic": topic, "signal": signal, "start": rfc3339(begin),
                          "end": rfc3339(begin + timedelta(minutes=minutes)), "factor": factor, "what": what,
                          "_begin": begin, "_end": begin + timedelta(minutes=minutes)})
    return incidents


def incident_factor(incident, bucket_start):
    """The incident's factor at this time: fixed, or its hour's draw."""
    hourly = incident.get("_hourly")
    if hourly is None:
        return incident["factor"]
    return hourly[int((bucket_start - incident["_begin"]).total_seconds() // 3600)]


def generate(rng, start, days, scale, topics, incidents):
    """Posts of `topics` for `days`, drawn from `rng` in a fixed order."""
    records = []
    for b in range(days * 86400 // BUCKET):
        bucket_start = start + timedelta(seconds=b * BUCKET)
        shape = daily(bucket_start)
        for topic in sorted(topics):
            rate, complaint, risk, abuse = topics[topic][:4]
            # Share of complaints written in words the packs know (1: all).
            recognised = topics[topic][4] if len(topics[topic]) > 4 else 1.0
            rates = {"clean": rate * (1 - complaint - risk - abuse), "complaint": rate * complaint,
                     "brand-risk": rate * risk, "abuse": rate * abuse}
            for incident in incidents:
                if incident["topic"] == topic and incident["_begin"] <= bucket_start < incident["_end"]:
                    rates[incident["signal"]] *= incident_factor(incident, bucket_start)
            for kind in ("clean", "complaint", "brand-risk", "abuse"):
                raider = any(i["topic"] == topic and i["signal"] == kind and i["_begin"] <= bucket_start < i["_end"]
                             for i in incidents)
                for _ in range(poisson(rng, rates[kind] * shape * scale)):
                    t = bucket_start + timedelta(seconds=rng.randrange(BUCKET))
                    templates = {"clean": CLEAN, "complaint": COMPLAINT, "brand-risk": BRAND_RISK, "abuse": ABUSE}[kind]
                    if kind == "complaint" and recognised < 1.0 and rng.random() >= recognised:
                        templates = UNRECOGNISED
                    text = rng.choice(templates).format(p=PRODUCT[topic], n=rng.randint(2, 30))
                    # During an incident most posts come from people who never posted before.
                    pool = 200_000 if raider else 5_000
                    author = f"{topic.lower().strip('*') or 'store'}_{rng.randrange(pool)}"
                    post_kind = "post" if rng.random() < 0.02 and kind == "clean" else "comment"
                    records.append((t, topic, author, post_kind, text))
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--start", default=START, help="first bucket, RFC 3339 UTC")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every rate")
    parser.add_argument("--commands", action="store_true", help="add operator commands for the first incident")
    parser.add_argument("-o", "--output", default="-", help="output file ('-' = stdout)")
    parser.add_argument("--truth", help="write the incidents as JSON to this file")
    parser.add_argument("--scenarios", choices=["classic", "all"], default="classic",
                        help="all: also the storm (GaleAir) and the bad evening (CedarHotel)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = datetime.strptime(args.start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    incidents = incident_list(INCIDENTS, start, args.days)

    records = generate(rng, start, args.days, args.scale, TOPICS, incidents)
    if args.scenarios == "all":
        extra = incident_list(EXTRA_INCIDENTS, start, args.days)
        for topic in sorted(EXTRA_TOPICS):
            own = random.Random(f"{args.seed}-{topic}")
            for incident in extra:
                if incident["topic"] == topic and isinstance(incident["factor"], tuple):
                    mean, sigma = incident["factor"]
                    hours = math.ceil((incident["_end"] - incident["_begin"]).total_seconds() / 3600)
                    # exp(N(-sigma^2/2, sigma)) has mean 1: the storm is x3 on average.
                    incident["_hourly"] = [mean * math.exp(own.gauss(-sigma * sigma / 2, sigma)) for _ in range(hours)]
                    incident["factor"] = mean
            records += generate(own, start, args.days, args.scale, {topic: EXTRA_TOPICS[topic]}, extra)
        incidents += extra
    records.sort(key=lambda r: (r[0], r[1], r[2], r[4]))

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    commands = []
    if args.commands and incidents:
        first = incidents[0]
        for minutes, command, extra in ((40, "ack", {}), (70, "assessed", {"severity": "sev2"}),
                                        (100, "strategy_approved", {}), (240, "close", {})):
            commands.append((first["_begin"] + timedelta(minutes=minutes), first["topic"], command, extra))
    serial = 0
    ci = 0
    for t, topic, author, kind, text in records:
        while ci < len(commands) and commands[ci][0] <= t:
            ct, ctopic, command, extra = commands[ci]
            out.write(json.dumps({"type": "command", "command": command, "topic": ctopic, "ts": rfc3339(ct),
                                  "by": "duty-officer", **extra}, ensure_ascii=False) + "\n")
            ci += 1
        serial += 1
        out.write(json.dumps({"id": serial, "ts": rfc3339(t), "topic": topic, "author": author,
                              "kind": kind, "text": text}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as f:
            json.dump([{k: v for k, v in i.items() if not k.startswith("_")} for i in incidents], f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
