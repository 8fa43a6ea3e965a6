#!/usr/bin/env bash
# Keyword-scan peer benchmark: Vigil vs Hyperscan, GNU grep and ripgrep on the
# same keyword list and the same posts, in one run.
#
# usage: benchmarks/keyword_bench.sh [--json] [DATA_DIR]
#
#   --json     print all results as one JSON object instead of the table
#   DATA_DIR   defaults to ../shared/data relative to the project root
#
# environment:
#   VIGIL            Vigil binary (default .build/release/vigil under the project root)
#   VIGIL_BENCH_DIR  where generated files go (default /tmp/vigil-bench)
#   HS_REPEATS       corpus scans of the Hyperscan harness, best reported (default 5)
#   RUNS             runs of each fast whole-file tool, best reported (default 3)
#   GREP_TIMEOUT     seconds for grep -F -i (default 120)
#   RG_TIMEOUT       seconds for each ripgrep run (default 60)
#
# MB/s everywhere = bytes of post text (newlines excluded) / seconds, MB = 1e6 bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JSON=0
DATA=""
for arg in "$@"; do
    case "$arg" in
        --json) JSON=1 ;;
        -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) DATA="$arg" ;;
    esac
done
DATA="${DATA:-$ROOT/../shared/data}"
OUT="${VIGIL_BENCH_DIR:-/tmp/vigil-bench}"
VIGIL="${VIGIL:-$ROOT/.build/release/vigil}"
BIN="$ROOT/benchmarks/bin"
HS_SRC="$ROOT/benchmarks/hyperscan/hs_keyword_bench.c"
HS_BIN="$BIN/hs_keyword_bench"

log() { echo "keyword_bench: $*" >&2; }

# --- peers: install when missing (root only) --------------------------------
need=()
pkg-config --exists libhs 2>/dev/null || need+=(libhyperscan-dev)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if ((${#need[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "installing ${need[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2 ||
            { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2; } ||
            log "could not install ${need[*]}; the missing peers are skipped"
    else
        log "missing ${need[*]} (run as root to install); the missing peers are skipped"
    fi
fi

# --- Hyperscan harness -------------------------------------------------------
if pkg-config --exists libhs 2>/dev/null; then
    if [[ ! -x "$HS_BIN" || "$HS_SRC" -nt "$HS_BIN" ]]; then
        mkdir -p "$BIN"
        log "building $HS_BIN"
        # shellcheck disable=SC2046
        cc -O2 -o "$HS_BIN" "$HS_SRC" $(pkg-config --cflags --libs libhs)
    fi
fi

# --- corpus ------------------------------------------------------------------
[[ -d "$DATA" ]] || { log "data folder not found: $DATA"; exit 1; }
python3 "$ROOT/benchmarks/make_keyword_corpus.py" "$DATA" "$OUT" >&2

# --- measure and report ------------------------------------------------------
export OUT VIGIL HS_BIN JSON
python3 - <<'PY'
import datetime, json, os, platform, shutil, subprocess, sys, time

OUT, VIGIL, HS_BIN = os.environ["OUT"], os.environ["VIGIL"], os.environ["HS_BIN"]
AS_JSON = os.environ["JSON"] == "1"
RUNS = int(os.environ.get("RUNS", "3"))
HS_REPEATS = os.environ.get("HS_REPEATS", "5")
GREP_TIMEOUT = float(os.environ.get("GREP_TIMEOUT", "120"))
RG_TIMEOUT = float(os.environ.get("RG_TIMEOUT", "60"))
KW = os.path.join(OUT, "keywords.txt")
POSTS = os.path.join(OUT, "posts.txt")

def log(msg):
    print("keyword_bench: " + msg, file=sys.stderr, flush=True)

with open(POSTS, "rb") as f:
    lines = [l.rstrip(b"\n").rstrip(b"\r") for l in f]
lines = [l for l in lines if l]
BYTES = sum(len(l) for l in lines)
with open(KW, "rb") as f:
    NKW = sum(1 for l in f if l.strip())

def mb_s(seconds):
    return BYTES / 1e6 / seconds if seconds and seconds > 0 else None

def first_json(text):
    try:
        return json.loads(text)
    except ValueError:
        pass
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None

def timed(cmd, timeout, runs, env=None):
    """Best wall time of `runs` runs; stops at the first timeout or failure."""
    best, out = None, None
    for _ in range(runs):
        t = time.perf_counter()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "timeout_seconds": timeout}
        e = time.perf_counter() - t
        if p.returncode not in (0, 1):  # grep/rg: 1 = no line matched
            return {"status": "failed", "returncode": p.returncode,
                    "stderr": p.stderr.decode(errors="replace")[-500:]}
        best = e if best is None or e < best else best
        out = p.stdout.decode(errors="replace").strip()
    return {"status": "ok", "seconds": round(best, 6), "mb_s": round(mb_s(best), 2),
            "runs": runs, "matching_lines": int(out) if out.isdigit() else out}

results = []

# Vigil
vigil = {"system": "vigil", "what": "vigil bench --keywords (normalized keyword scan)"}
if not (os.path.isfile(VIGIL) and os.access(VIGIL, os.X_OK)):
    vigil.update(status="missing", note=f"binary not found: {VIGIL} (swift build -c release)")
    log(f"Vigil binary not found at {VIGIL}; skipping Vigil")
else:
    log("running Vigil")
    try:
        p = subprocess.run([VIGIL, "bench", "--keywords", KW, "--json", POSTS],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        data = first_json(p.stdout.decode(errors="replace"))
        if p.returncode != 0 or not isinstance(data, dict) or "keyword_scan_mb_s" not in data:
            vigil.update(status="failed", returncode=p.returncode,
                         stderr=p.stderr.decode(errors="replace")[-500:],
                         note="`vigil bench` missing or gave no keyword_scan_mb_s")
            log("`vigil bench` failed or printed no keyword_scan_mb_s; skipping Vigil")
        else:
            vigil.update(status="ok", mb_s=data["keyword_scan_mb_s"], output=data)
            if data.get("keyword_scan_raw_mb_s") is not None:
                vigil["raw_mb_s"] = data["keyword_scan_raw_mb_s"]
    except subprocess.TimeoutExpired:
        vigil.update(status="timeout", timeout_seconds=600)
results.append(vigil)

# Hyperscan
hs = {"system": "hyperscan", "what": "literal API, caseless, one block scan per post"}
if os.access(HS_BIN, os.X_OK):
    log("running Hyperscan harness")
    p = subprocess.run([HS_BIN, KW, POSTS, HS_REPEATS], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    data = first_json(p.stdout.decode(errors="replace"))
    if p.returncode == 0 and isinstance(data, dict):
        hs.update(data)
        hs["what"] = "literal API, caseless, one block scan per post"
        hs["status"] = "ok"
    else:
        hs.update(status="failed", stderr=p.stderr.decode(errors="replace")[-500:])
else:
    hs.update(status="missing", note="libhyperscan-dev not installed")
results.append(hs)

# GNU grep and ripgrep: whole file, wall time including pattern compile
cenv = dict(os.environ, LC_ALL="C")
peers = [
    ("grep", "grep -F, case-sensitive, C locale, whole file, incl. compile",
     ["grep", "-F", "-c", "-f", KW, POSTS], cenv, None, RUNS),
    ("grep", "grep -F -i, caseless, C locale, whole file, incl. compile",
     ["grep", "-F", "-i", "-c", "-f", KW, POSTS], cenv, GREP_TIMEOUT, RUNS),
    ("ripgrep", "rg -F, case-sensitive, whole file, incl. compile",
     ["rg", "-F", "-c", "-f", KW, POSTS], None, RG_TIMEOUT, RUNS),
    ("ripgrep", "rg -F -i, caseless, whole file, incl. compile",
     ["rg", "-F", "-i", "-c", "-f", KW, POSTS], None, RG_TIMEOUT, RUNS),
]
for system, what, cmd, env, timeout, runs in peers:
    r = {"system": system, "what": what, "command": " ".join(
        (["LC_ALL=C"] if env is cenv else []) + [os.path.basename(c) if c in (KW, POSTS) else c
                                                  for c in cmd])}
    exe = shutil.which(cmd[0])
    if not exe:
        r.update(status="missing")
    else:
        log(f"running {r['command']}" + (f" (timeout {timeout:g} s)" if timeout else ""))
        r["version"] = subprocess.run([cmd[0], "--version"], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL).stdout.decode().splitlines()[0]
        r.update(timed(cmd, timeout, runs, env))
    results.append(r)

def ratio(v, peer):
    if v is None or peer.get("status") != "ok" or not peer.get("mb_s"):
        return None
    return round(v / peer["mb_s"], 2)

v = vigil.get("mb_s") if vigil.get("status") == "ok" else None
vraw = vigil.get("raw_mb_s") if vigil.get("status") == "ok" else None
for r in results[1:]:
    r["vigil_ratio"] = ratio(v, r)
    if vraw is not None:
        r["vigil_raw_ratio"] = ratio(vraw, r)

report = {
    "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    "host": {"machine": platform.machine(), "cpus": os.cpu_count(),
             "kernel": platform.release()},
    "keywords": NKW, "posts": len(lines), "bytes": BYTES,
    "mean_post_bytes": round(BYTES / max(len(lines), 1), 1),
    "corpus_dir": OUT, "results": results,
}
with open(os.path.join(OUT, "keyword_bench.json"), "w") as f:
    json.dump(report, f, indent=2, ensure_ascii=False)

if AS_JSON:
    print(json.dumps(report, indent=2, ensure_ascii=False))
    sys.exit(0)

def cell(r):
    s = r.get("status")
    if s == "ok":
        return f"{r['mb_s']:.2f}"
    if s == "timeout":
        return f"timeout (>{r['timeout_seconds']:g} s)"
    return s or "?"

print(f"keywords {NKW}, posts {len(lines)}, {BYTES} bytes "
      f"(mean {report['mean_post_bytes']} bytes/post); MB = 1e6 bytes")
rows = [("system", "what", "MB/s", "Vigil / peer")]
for r in results:
    if r["system"] == "vigil":
        rows.append(("vigil", r["what"], cell(r), ""))
        if r.get("raw_mb_s") is not None:
            rows.append(("vigil", "keyword scan, raw (no normalization)", f"{r['raw_mb_s']:.2f}", ""))
        continue
    rat = r.get("vigil_ratio")
    rs = f"{rat:.2f}x" if rat is not None else "-"
    if r.get("vigil_raw_ratio") is not None:
        rs += f" (raw {r['vigil_raw_ratio']:.2f}x)"
    rows.append((r["system"], r["what"], cell(r), rs))
w = [max(len(row[i]) for row in rows) for i in range(4)]
for i, row in enumerate(rows):
    print("  ".join(c.ljust(w[j]) if j < 2 else c.rjust(w[j]) for j, c in enumerate(row)).rstrip())
    if i == 0:
        print("  ".join("-" * x for x in w))
if vigil.get("status") != "ok":
    print(f"Vigil: {vigil.get('status')} ({vigil.get('note', '')})")
print(f"full results: {os.path.join(OUT, 'keyword_bench.json')}")
PY
