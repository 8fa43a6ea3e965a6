#!/usr/bin/env python3
"""Generate corpus/sample.jsonl: ~300 synthetic social-media comments for Vigil.

Deterministic (random.Random(42), fixed templates, no external data), so running
it again rewrites the same file byte for byte. Brands are fictional: NimbusPhone
and AuroraAir, plus the catch-all topic "*". See corpus/README.md.

    python3 corpus/make_sample.py            # writes corpus/sample.jsonl
    python3 corpus/make_sample.py -o FILE    # writes elsewhere ("-" = stdout)
"""
import argparse
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

SEED = 42
COUNT = 265        # background posts spread over the day
BURST_COUNT = 35   # extra AuroraAir posts inside the burst window
START = datetime(2024, 6, 1, 0, 0, 0, tzinfo=timezone.utc)
DAY_SECONDS = 86_000  # keep every timestamp inside the day

PRODUCTS = {"NimbusPhone": ["NimbusPhone", "Nimbus 12", "NimbusPhone Pro"],
            "AuroraAir": ["AuroraAir", "AuroraAir 2", "Aurora 耳机"],
            "*": ["这家店", "the store", "官方旗舰店"]}

# --- templates, by kind of content ------------------------------------------
# {p} product name, {h} chat handle, {q} QQ number, {c} short link code,
# {n} small number. Every category is a list of templates.

CLEAN = [
    "{p}的拍照真的绝了，夜景很清楚",
    "刚收到{p}，手感不错 👍",
    "{p}续航一天没问题，然后充电也快",
    "请问{p}支持双卡吗？",
    "物流很快，第二天就到了",
    "颜色比图片还好看，推荐",
    "和旧款比，屏幕亮了不少",
    "客服回复很及时，点赞",
    "有没有人知道{p}什么时候降价？",
    "官网介绍在这：https://nimbus.example.com/p/{c}",
    "用了{n}天，没发现什么问题",
    "傻瓜相机都能拍，{p}当然更简单",
    "包装盒可以废物利用，做个收纳",
    "咖啡豆的最佳赏味期是一个月，跟{p}无关哈哈",
    "快递单号 36042619910102009X 查不到，是我抄错了吗",
    "Just got my {p}, the camera is amazing",
    "Battery easily lasts a full day on the {p}",
    "Does the {p} support eSIM?",
    "Shipping was fast, arrived in two days",
    "Unboxing video: https://youtu.be/{c}",
    "Loving the new colour 😍",
    "Took the {p} to my photography class, my assistant loved it",
    "Anyone know if there's a student discount?",
    "The Scunthorpe store had the {p} in stock!",
    "Setup was idiot-proof, took two minutes",
    "Thank you for the quick reply, support was great",
    "{p} 的 battery life 真的 OK",
    "新色 Midnight Blue 好看 😍",
    "周末去门店对比了一下，还是选了{p}",
    "{p} vs 旧款：拍照提升明显，然后价格没变",
    "🔥🔥🔥",
    "太爱了 ❤️❤️",
    "👍👍",
    "Firmware {n}.0 fixed the wifi drop, nice",
    "请问保修期多久？",
    "Will there be a {p} case in fuchsia?",
]

ABUSE = [
    "客服是不是傻逼，问三遍都不回",
    "你个脑残，别洗了",
    "买{p}的都是智障",
    "去死吧奸商",
    "滚蛋，垃圾公司",
    "你妈的，{p}又闪退",
    "what a fucking joke of a phone",
    "support is full of idiots",
    "shut up you moron",
    "{p} is shit, total bullshit",
    "you idiot, read the manual",
    "the manager is an asshole",
]

EVASION = [
    "傻 * 逼 客服",
    "ｆｕｃｋ {p}",
    "f.u.c.k this update",
    "脑\u200b残设计",
    "S H I T battery",
    "腦殘粉別洗了",
    "fu\u200bck off, {p}",
    "狗東西，退钱！",
]

SPAM = [
    "加微信 {h} 领内部价，手慢无",
    "➕vx：{h} 全新{p}低价出",
    "兼职刷单，日赚300，加微信 {h}",
    "免费领取{p}！限时福利！名额有限！点击链接 https://bit.ly/{c}",
    "Work from home, earn $300 a day! Contact me on Telegram @{h}",
    "QQ群：{q} 免费资料，名额有限",
    "Click here to claim your free {p}: http://t.cn/{c}",
]

SEXUAL = [
    "同城约炮，加微信 {h}",
    "寂寞找一夜情，私聊",
    "Hot singles in your area want to meet you",
    "escort service 24/7, DM me",
    "裸聊一对一，QQ {q}",
    "send nudes lol",
]

COMPLAINT = [
    "申请退款一周了还没到账",
    "我要投诉，{p}充电发烫",
    "{p}电池鼓包了，要求退款",
    "Still waiting on my refund for the {p}",
    "Battery overheated on my {p}, considering a lawsuit",
    "已经向12315投诉了",
    "售后态度太差，必须投诉",
    "{p} stopped charging after {n} days, I want a refund",
]

ADLAW = [
    "{p}，全网最佳拍照手机！",
    "销量第一，国家级品质",
    "史上最强续航，唯一选择",
    "顶级音质，行业第一",
    "{p}：100%有效降噪，无风险试用",
]

PII = [
    "我的身份证号 360426199101010071，帮我查下订单",
    "电话 13800138000，请尽快联系我",
    "Email me at jane.doe@example.com about the {p} refund",
    "联系我 13800138000 或 zhang.wei@example.cn",
]

# Background mix of categories (relative weights); with the burst below, about
# 70% of the file is clean.
MIX = [("clean", CLEAN, 80), ("abuse", ABUSE, 5), ("evasion", EVASION, 3),
       ("spam", SPAM, 4), ("sexual", SEXUAL, 2), ("complaint", COMPLAINT, 5),
       ("adlaw", ADLAW, 3), ("pii", PII, 3)]

# 14:00–16:00 UTC: an AuroraAir charging-complaint burst (BURST_COUNT extra posts,
# mostly complaints), so the escalation machine has a spike to find.
BURST = (14 * 3600, 16 * 3600, "AuroraAir")
BURST_MIX = [("clean", CLEAN, 35), ("complaint", COMPLAINT, 60), ("abuse", ABUSE, 5)]


def handle(rng):
    return rng.choice(["nimbus", "deal", "vip", "kk", "shop", "fastcash"]) + "_" + str(rng.randint(1000, 99999))


def render(template, rng, topic):
    return template.format(p=rng.choice(PRODUCTS[topic]), h=handle(rng),
                           q=str(rng.randint(10_000_000, 999_999_999)),
                           c="".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(6)),
                           n=rng.randint(2, 30))


def generate(count=COUNT, seed=SEED, days=1):
    """`count` background records over `days` days, plus the AuroraAir burst scaled to match."""
    rng = random.Random(seed)
    burst_count = max(1, BURST_COUNT * count // COUNT)
    people = sorted({rng.choice(["momo", "lei", "ava", "xiaoyu", "jun", "mia", "chen", "leo", "nana", "sam",
                                 "tiantian", "kai", "ruby", "haoran", "zoe", "wei"]) + "_" + str(rng.randint(10, 999))
                     for _ in range(140)})
    spammers = ["deals_bot_7", "vip_shop_88", "promo_king", "free_gift_2024"]

    gaps = [rng.expovariate(1.0) for _ in range(count)]
    scale = days * DAY_SECONDS / sum(gaps)
    seconds, t = [], 0
    for g in gaps:
        t = max(t + 1, int(round(t + g * scale))) if seconds else int(g * scale)
        seconds.append(t)

    # Templates are taken in turn within each category (not at random), so every
    # template of a category shows up once that category has been drawn often enough.
    turn = {}

    def record(sec, topic, mix):
        category, templates, _ = rng.choices(mix, weights=[w for _, _, w in mix])[0]
        k = turn.get(category, 0)
        turn[category] = k + 1
        author = rng.choice(spammers) if category in ("spam", "sexual") else rng.choice(people)
        return {
            "ts": sec,
            "topic": topic,
            "author": author,
            "kind": "post" if rng.random() < 0.3 else "comment",
            "text": render(templates[k % len(templates)], rng, topic),
        }

    records = []
    for sec in seconds:
        topic = rng.choices(["NimbusPhone", "AuroraAir", "*"], weights=[45, 35, 20])[0]
        records.append(record(sec, topic, MIX))
    for _ in range(burst_count):
        records.append(record(rng.randint(BURST[0], BURST[1] - 1), BURST[2], BURST_MIX))

    # Event time order (ties keep generation order), timestamps made strictly
    # increasing by nudging a tie one second on; then number the records.
    records.sort(key=lambda r: r["ts"])
    for prev, r in zip(records, records[1:]):
        r["ts"] = max(r["ts"], prev["ts"] + 1)
    for i, r in enumerate(records, start=1):
        r["ts"] = (START + timedelta(seconds=r["ts"])).strftime("%Y-%m-%dT%H:%M:%SZ")
        records[i - 1] = {"id": i, **r}
    return records


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=os.path.join(here, "sample.jsonl"))
    parser.add_argument("--count", type=int, default=COUNT,
                        help=f"background records (default {COUNT}; the burst grows in proportion)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--days", type=int, default=1, help="days the records span (default 1)")
    args = parser.parse_args()
    if args.count < 1 or args.days < 1:
        parser.error("--count and --days must be at least 1")
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="\n")
    with out:
        for r in generate(args.count, args.seed, args.days):
            out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
