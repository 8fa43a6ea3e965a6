#!/usr/bin/env python3
"""Build the keyword-scan benchmark corpus.

Usage: make_keyword_corpus.py [DATA_DIR] [OUT_DIR]

DATA_DIR defaults to ../shared/data relative to the project root (the parent
of this script's folder); OUT_DIR defaults to $VIGIL_BENCH_DIR or
/tmp/vigil-bench. Nothing is written inside the repository.

Writes into OUT_DIR:
  keywords.txt  union of lexicons/ldnoobw/{en,zh} and lexicons/konsheng/*.txt
                (stripped, no empty or '#' lines, deduplicated, original case)
  posts.txt     one post per line: cold/{train,dev}.csv TEXT column and
                davidson/labeled_data.csv tweet column; CR/LF inside a post
                replaced by spaces; empty posts skipped
  posts.jsonl   {"id": N, "text": ...} per post, same order as posts.txt
"""
import csv
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_keywords(data):
    files = [os.path.join(data, "lexicons", "ldnoobw", "en"),
             os.path.join(data, "lexicons", "ldnoobw", "zh")]
    files += sorted(glob.glob(os.path.join(data, "lexicons", "konsheng", "*.txt")))
    seen, out = set(), []
    for path in files:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            for line in f:
                w = line.strip()
                if not w or w.startswith("#") or w in seen:
                    continue
                seen.add(w)
                out.append(w)
    return out


def clean(text):
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def read_posts(data):
    sources = [(os.path.join(data, "cold", "train.csv"), "TEXT"),
               (os.path.join(data, "cold", "dev.csv"), "TEXT"),
               (os.path.join(data, "davidson", "labeled_data.csv"), "tweet")]
    for path, column in sources:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                text = clean(row.get(column) or "")
                if text.strip():
                    yield text


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    out = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("VIGIL_BENCH_DIR", "/tmp/vigil-bench")
    data, out = os.path.abspath(data), os.path.abspath(out)
    if os.path.commonpath([out, ROOT]) == ROOT:
        sys.exit(f"refusing to write generated files inside the repo: {out}")
    os.makedirs(out, exist_ok=True)

    keywords = read_keywords(data)
    with open(os.path.join(out, "keywords.txt"), "w", encoding="utf-8", newline="\n") as f:
        for w in keywords:
            f.write(w + "\n")

    n, total = 0, 0
    with open(os.path.join(out, "posts.txt"), "w", encoding="utf-8", newline="\n") as ft, \
         open(os.path.join(out, "posts.jsonl"), "w", encoding="utf-8", newline="\n") as fj:
        for text in read_posts(data):
            ft.write(text + "\n")
            fj.write(json.dumps({"id": n, "text": text}, ensure_ascii=False) + "\n")
            n += 1
            total += len(text.encode("utf-8"))

    print(f"keywords: {len(keywords)}")
    print(f"posts: {n}, mean bytes: {total / max(n, 1):.1f}, total bytes: {total}")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
