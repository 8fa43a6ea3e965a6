"""Prints precision, recall, F1 and the negative flag rate from `vigil evaluate --json`
outputs (summed over folds when several are given). For COLD, also per topic (race,
region, gender), by evaluating each topic's rows separately."""
import csv, json, os, subprocess, sys, tempfile

def figures(tp, fp, fn, tn):
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  negatives flagged {100 * fp / (fp + tn):.1f}% ({fp}/{fp + tn})"

def total(paths):
    tp = fp = fn = tn = 0
    for path in paths:
        c = json.load(open(path))["confusion"]
        tp += c["tp"]; fp += c["fp"]; fn += c["fn"]; tn += c["tn"]
    return tp, fp, fn, tn

kind = sys.argv[1]
if kind == "davidson":
    print("  all folds:", figures(*total(sys.argv[2:])))
else:
    result, data, vigil, rules = sys.argv[2:6]
    print("  all:", figures(*total([result])))
    rows = list(csv.DictReader(open(data, encoding="utf-8-sig")))
    for topic in sorted({r["topic"] for r in rows}):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["TEXT", "label"])
            w.writeheader()
            for r in rows:
                if r["topic"] == topic:
                    w.writerow({"TEXT": r["TEXT"], "label": r["label"]})
        out = subprocess.run([vigil, "evaluate", f.name, "--text-column", "TEXT", "--rules", rules, "--json"], capture_output=True, text=True)
        os.unlink(f.name)
        c = json.loads(out.stdout)["confusion"]
        print(f"  {topic}:", figures(c["tp"], c["fp"], c["fn"], c["tn"]))
