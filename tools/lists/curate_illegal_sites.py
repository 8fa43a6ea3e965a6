#!/usr/bin/env python3
"""Regenerates spam-illegal-sites.txt from the community lists (see its header).

usage: python3 tools/lists/curate_illegal_sites.py DATA/lexicons > rules/lists/spam-illegal-sites.txt

DATA is the data folder of docs/data.md (konsheng/Sensitive-lexicon and
fwwdn/sensitive-stop-words); the header is kept from the current list.
"""
import os
import re
import sys

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules", "lists", "spam-illegal-sites.txt")
HEADER = open(LIST, encoding="utf-8").read().split("\n# Keywords are")[0]

PLATFORMS = {
    "qq.com", "baidu.com", "163.com", "126.com", "sina.com.cn", "sina.com", "sohu.com", "taobao.com",
    "tmall.com", "jd.com", "weibo.com", "google.com", "youtube.com", "facebook.com", "twitter.com",
    "github.com", "fc2.com", "blogspot.com", "wordpress.com", "tumblr.com", "livejournal.com",
    "geocities.com", "tripod.com", "yahoo.com", "hotmail.com", "msn.com", "live.com", "microsoft.com",
    "apple.com", "amazon.com", "aliyun.com", "alipay.com", "tencent.com", "bilibili.com", "zhihu.com",
    "douban.com", "ifeng.com", "people.com.cn", "xinhuanet.com", "cctv.com",
    "gov.cn", "edu.cn", "org.cn", "com.cn", "net.cn", "ac.cn",
}


def hosts(lines):
    for line in lines:
        host = line.strip().lower()
        if not host:
            continue
        host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split(":")[0].rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
            continue
        if host in PLATFORMS or re.search(r"\.(gov|edu)\.cn$|\.(gov|edu|mil)$", host):
            continue
        if len(re.sub(r"[^a-z0-9]", "", host)) < 6:
            continue
        yield host


def main(root):
    lines = []
    for path in ("konsheng/非法网址.txt", "fwwdn/网址.txt"):
        with open(f"{root}/{path}", encoding="utf-8", errors="replace") as f:
            lines += f.read().split("\n")
    print(HEADER + "\n# Keywords are whole-word and dots are separators: \"example.com\" also matches\n"
          "# \"www.example.com/path\" and \"example。com\".")
    print("\n".join(sorted(set(hosts(lines)))))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lexicons")
