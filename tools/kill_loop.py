#!/usr/bin/env python3
"""Crash safety of `vigil screen --state` and `vigil serve --state`: kill -9 at random
moments and resume.

screen: each round starts `vigil screen --state S --events E` on a generated timeline
(corpus/timeline.py), kills it with SIGKILL after a random delay, checks that the state
file loads (the resumed run would exit 65 otherwise), resumes on the lines the state
does not cover (`lines N` in its header) with the same events file, and compares that
file with the transitions of one uninterrupted run: none may be missing, none repeated.

screen, --window: the moment a random kill rarely hits, made on purpose. A run screens
the first K lines; a copy of its state is kept; a second run screens lines K..M, which
hold at least one transition, and writes them to the events file; then the kept state
is put back, as if the process had died after writing those transitions and before
saving the state that covers them. The run resumed from line K on the same events file
must leave it equal to the uninterrupted run's.

serve (--serve): a client posts the timeline to /v1/screen in small requests and reads
the answers line by line; the server is killed, started again on the same state, and the
client sends the lines the state does not cover. The state must cover every line the
client had an answer for (a record counts once its verdict is written). The escalation records the client
received from both servers must equal those of an uninterrupted server, in order, except
those caused by records the first server had kept but not yet answered when it died
(their output was never written, and they are not sent again).

Prints one line per round and a summary; exits 1 when any round failed.

usage: tools/kill_loop.py [--serve | --window] [--rounds N] [--seed S] [--vigil PATH] [--days D]
"""
import argparse, http.client, json, os, random, signal, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument('--rounds', type=int, default=20)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--days', type=int, default=3)
parser.add_argument('--vigil', default=None)
parser.add_argument('--serve', action='store_true', help='kill `vigil serve --state` instead of `vigil screen --state`')
parser.add_argument('--window', action='store_true', help='put back an older state after transitions were written (screen)')
parser.add_argument('--batch', type=int, default=25, help='lines per /v1/screen request (--serve)')
args = parser.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
vigil = args.vigil or next((p for p in [os.path.join(root, '.build', c, 'vigil') for c in ('release', 'debug')] if os.path.exists(p)), None)
if not vigil:
    sys.exit('no vigil binary: swift build first')
work = tempfile.mkdtemp(prefix='vigil-kill-')
timeline = os.path.join(work, 'timeline.jsonl')
subprocess.run([sys.executable, os.path.join(root, 'corpus', 'timeline.py'), '--days', str(args.days), '-o', timeline], check=True)
lines = open(timeline, 'rb').read().splitlines(keepends=True)
rng = random.Random(args.seed)


def records(path):
    return open(path, 'rb').read().splitlines() if os.path.exists(path) else []


def covered_lines(state):
    """The `lines N` of a state file's header: 0 when there is none, -1 when damaged."""
    if not os.path.exists(state):
        return 0
    header = open(state, 'rb').read(64).split(b'\n')
    return int(header[1].split()[1]) if len(header) > 1 and header[1].startswith(b'lines ') else -1


def kill_after(process, delay):
    """SIGKILL after `delay` seconds unless it has ended; True when it was killed."""
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return killed


# --- vigil screen --state ---------------------------------------------------------

def screen(input_lines, state=None, events=None):
    path = os.path.join(work, 'input.jsonl')
    open(path, 'wb').writelines(input_lines)
    command = [vigil, 'screen', '--threads', '2'] + (['--state', state] if state else []) + (['--events', events] if events else [])
    with open(path, 'rb') as stdin:
        return subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def screen_round(number, expected, duration):
    state, events = (os.path.join(work, f'{name}-{number}') for name in ('state', 'events'))
    delay = rng.uniform(0.02, duration * 1.1)
    killed = kill_after(screen(lines, state, events), delay)
    covered = covered_lines(state)
    if covered < 0:
        return False, 'state damaged'
    before = len(records(events))
    failure = resume(lines[covered:], state, events)
    if failure:
        return False, failure
    return compare(records(events), expected,
                   f'killed after {delay:.3f} s ({"killed" if killed else "had finished"}), state covered {covered} lines, '
                   f'{before} transitions before the resume')


def window_round(number, expected, duration):
    state, events = (os.path.join(work, f'{name}-{number}') for name in ('state', 'events'))
    first = rng.randrange(len(lines) // 4, len(lines) // 2)
    screen(lines[:first], state, events).wait()
    kept, before = open(state, 'rb').read(), len(records(events))
    end = first
    while len(records(events)) == before and end < len(lines):
        step = rng.randrange(200, 2000)
        screen(lines[end:end + step], state, events).wait()
        end += step
    written = len(records(events)) - before
    open(state, 'wb').write(kept)
    failure = resume(lines[first:], state, events)
    if failure:
        return False, failure
    return compare(records(events), expected,
                   f'state put back to line {first} after lines {first}..{end} wrote {written} transitions')


def resume(input_lines, state, events):
    """Runs the screen on `input_lines` to the end; a message when it failed."""
    resumed = screen(input_lines, state, events)
    _, errors = resumed.communicate()
    return None if resumed.returncode == 0 else f'the resume failed (exit {resumed.returncode}): {errors.decode()[-300:]}'


def compare(got, expected, what):
    ok = got == expected
    missing = len([r for r in expected if r not in got])
    repeated = max(0, len(got) - len(set(got)))
    return ok, (f'{what}; {len(got)} transitions in the events file: '
                f'{"same as uninterrupted" if ok else f"DIFFERENT ({missing} missing, {repeated} repeated)"}')


def screen_rounds():
    reference_events = os.path.join(work, 'reference.jsonl')
    started = time.time()
    screen(lines, events=reference_events).wait()
    duration = time.time() - started
    expected = records(reference_events)
    print(f'reference: {len(lines)} lines, {len(expected)} transitions, {duration:.2f} s')
    return expected, duration, window_round if args.window else screen_round


# --- vigil serve --state ----------------------------------------------------------

def start_server(state):
    """`vigil serve --port 0 --state S`; returns (process, port) once it listens."""
    process = subprocess.Popen([vigil, 'serve', '--port', '0', '--state', state],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for line in process.stderr:
        if b'listening on http://' in line:
            port = int(line.split(b'listening on http://', 1)[1].split()[0].rsplit(b':', 1)[1])
            threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
            return process, port
    raise RuntimeError(f'vigil serve did not start (exit {process.wait()})')


class Client:
    """Posts lines to /v1/screen in requests of --batch lines, reading the answers line
    by line; keeps every escalation record it received, after the line that caused it."""

    def __init__(self, port):
        self.port = port
        self.answered = 0          # input lines whose own record was received
        self.received = []         # (input line index, escalation record)

    def send(self, input_lines, first_index):
        try:
            for start in range(0, len(input_lines), args.batch):
                batch = input_lines[start:start + args.batch]
                connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)
                connection.request('POST', '/v1/screen', body=b''.join(batch), headers={'Content-Type': 'application/x-ndjson'})
                response = connection.getresponse()
                for record in iter(response.readline, b''):
                    kind = json.loads(record).get('type')
                    if kind == 'escalation' or kind == 'escalation_reminder':
                        self.received.append((first_index + self.answered - 1, record.rstrip(b'\n')))
                    elif kind in ('verdict', 'error'):
                        self.answered += 1
                connection.close()
        except (OSError, http.client.HTTPException, ValueError):
            pass  # the server was killed


def serve_send(state, input_lines, first_index):
    process, port = start_server(state)
    client = Client(port)
    return process, client, threading.Thread(target=client.send, args=(input_lines, first_index))


def serve_round(number, expected, duration):
    state = os.path.join(work, f'state-{number}')
    delay = rng.uniform(0.02, duration * 1.1)
    process, first, thread = serve_send(state, lines, 0)
    thread.start()
    killed = kill_after(process, delay)
    thread.join()
    covered = covered_lines(state)
    if covered < 0:
        return False, 'state damaged'
    if covered < first.answered:
        return False, f'LOST: {first.answered} lines answered, but the state covers only {covered}'
    try:
        process, second, thread = serve_send(state, lines[covered:], covered)
    except RuntimeError as error:
        return False, f'the restart failed: {error}'
    thread.run()
    process.send_signal(signal.SIGTERM)
    process.wait()
    got = first.received + second.received
    # Records kept by the first server but never answered caused records nobody received.
    unanswered = range(first.answered, covered)
    wanted = [r for r in expected if r[0] not in unanswered]
    ok = [r[1] for r in got] == [r[1] for r in wanted]
    repeated = len(got) - len(set(r[1] for r in got))
    return ok, (f'killed after {delay:.3f} s ({"killed" if killed else "had finished"}), {first.answered} lines answered, '
                f'state covered {covered}, {len(first.received)} + {len(second.received)} escalation records: '
                f'{"same as uninterrupted" if ok else f"DIFFERENT ({len(wanted)} expected, {repeated} repeated)"}')


def serve_rounds():
    state = os.path.join(work, 'reference-state')
    started = time.time()
    process, client, thread = serve_send(state, lines, 0)
    thread.run()
    duration = time.time() - started
    process.send_signal(signal.SIGTERM)
    process.wait()
    if client.answered != len(lines):
        sys.exit(f'reference: only {client.answered} of {len(lines)} lines answered')
    print(f'reference: {len(lines)} lines, {len(client.received)} escalation records, {duration:.2f} s')
    return client.received, duration, serve_round


expected, duration, one_round = serve_rounds() if args.serve else screen_rounds()
failures = 0
for number in range(1, args.rounds + 1):
    ok, text = one_round(number, expected, duration)
    failures += not ok
    print(f'round {number}: {text}')
print(f'kill loop: {args.rounds - failures} of {args.rounds} rounds exact')
sys.exit(1 if failures else 0)
