#!/usr/bin/env python3
"""Crash safety of `vigil screen --state`: kill -9 at random moments and resume.

Each round starts `vigil screen --state S --events E1` on a generated timeline
(corpus/timeline.py), kills it with SIGKILL after a random delay, checks that the state
file loads (the resumed run would exit 65 otherwise), resumes on the lines the state
does not cover (`lines N` in its header), and compares the transitions written by the
two runs with those of one uninterrupted run: none may be missing, none repeated.
Prints one line per round and a summary; exits 1 when any round failed.

usage: tools/kill_loop.py [--rounds N] [--seed S] [--vigil PATH] [--days D]
"""
import argparse, os, random, signal, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument('--rounds', type=int, default=20)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--days', type=int, default=3)
parser.add_argument('--vigil', default=None)
args = parser.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
vigil = args.vigil or next((p for p in [os.path.join(root, '.build', c, 'vigil') for c in ('release', 'debug')] if os.path.exists(p)), None)
if not vigil:
    sys.exit('no vigil binary: swift build first')
work = tempfile.mkdtemp(prefix='vigil-kill-')
timeline = os.path.join(work, 'timeline.jsonl')
subprocess.run([sys.executable, os.path.join(root, 'corpus', 'timeline.py'), '--days', str(args.days), '-o', timeline], check=True)
lines = open(timeline, 'rb').read().splitlines(keepends=True)

def screen(input_lines, state=None, events=None):
    path = os.path.join(work, 'input.jsonl')
    open(path, 'wb').writelines(input_lines)
    command = [vigil, 'screen', '--threads', '2'] + (['--state', state] if state else []) + (['--events', events] if events else [])
    with open(path, 'rb') as stdin:
        return subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

def records(path):
    return open(path, 'rb').read().splitlines() if os.path.exists(path) else []

reference_events = os.path.join(work, 'reference.jsonl')
started = time.time()
reference = screen(lines, events=reference_events)
reference.wait()
duration = time.time() - started
expected = records(reference_events)
print(f'reference: {len(lines)} lines, {len(expected)} transitions, {duration:.2f} s')

rng = random.Random(args.seed)
failures = 0
for round_number in range(1, args.rounds + 1):
    state, first, second = (os.path.join(work, f'{name}-{round_number}') for name in ('state', 'e1', 'e2'))
    delay = rng.uniform(0.02, duration * 1.1)
    process = screen(lines, state, first)
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    covered = 0
    if os.path.exists(state):
        header = open(state, 'rb').read(64).split(b'\n')
        covered = int(header[1].split()[1]) if len(header) > 1 and header[1].startswith(b'lines ') else -1
    if covered < 0:
        print(f'round {round_number}: state damaged'); failures += 1; continue
    resumed = screen(lines[covered:], state, second)
    _, errors = resumed.communicate()
    if resumed.returncode != 0:
        print(f'round {round_number}: the resume failed (exit {resumed.returncode}): {errors.decode()[-300:]}'); failures += 1; continue
    got = records(first) + records(second)
    missing = len([r for r in expected if r not in got])
    repeated = len(got) - len(set(got)) if len(set(expected)) == len(expected) else max(0, len(got) - len(expected))
    ok = got == expected
    failures += not ok
    print(f'round {round_number}: killed after {delay:.3f} s ({"killed" if killed else "had finished"}), state covered {covered} lines, '
          f'{len(records(first))} + {len(records(second))} transitions: {"same as uninterrupted" if ok else f"DIFFERENT ({missing} missing, {repeated} repeated)"}')
print(f'kill loop: {args.rounds - failures} of {args.rounds} rounds exact')
sys.exit(1 if failures else 0)
