#!/usr/bin/env python3
"""Writes one approximate keyword stream per line (NFKC, lower case, runs of
non-alphanumeric characters as one space) for benchmarks/model_loops/run.sh, from the
first and last 10,000 posts of the bench corpus, and the same texts unnormalized after
them (punctuation, emoji, capitals and long words reach the loops too).
usage: make_streams.py /tmp/vigil-bench/posts.jsonl OUT"""
import json, re, sys, unicodedata

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
texts = [json.loads(line)["text"] for line in lines[:10000] + lines[-10000:]]
out = []
for text in texts:
    folded = unicodedata.normalize("NFKC", text).lower()
    out.append(re.sub(" +", " ", "".join(c if c.isalnum() else " " for c in folded)).strip())
out += [re.sub(r"\s", " ", text) for text in texts]
out += ["a" * 32, "b" * 33, "x" * 32 + "é", "word" + "é" + "word", "abc abcd", "傻 * 逼 😀 𠀀𠀁 字"]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
