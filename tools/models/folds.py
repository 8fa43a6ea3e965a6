"""Splits a labelled CSV into K train/test folds (seeded, stratified by nothing: a
plain seeded shuffle) for tools/models/measure_models.sh. Output goes to a scratch
folder, never into the repository."""
import csv, random, sys

source, out, k, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(source, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
order = list(range(len(body)))
random.Random(seed).shuffle(order)
for fold in range(k):
    test = set(order[fold::k])
    for name, keep in (("train", lambda i: i not in test), ("test", lambda i: i in test)):
        with open(f"{out}/{name}-{fold}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(r for i, r in enumerate(body) if keep(i))
