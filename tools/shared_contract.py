#!/usr/bin/env python3
"""Shared escalation on PostgreSQL: several `vigil serve` instances on one database must
give the transitions of one `vigil screen` over the merged stream.

A generated week (corpus/timeline.py, with operator commands) is screened once by
`vigil screen` (the reference), then fed to instances of `vigil serve --database
postgresql://…` in small lockstep rounds, each round's lines dealt alternately to the
live instances (so each instance's records stay in event-time order within the allowed
lateness). Two records far past the end close the last buckets in both runs; the
shared run then gets one more record per instance, later still, so the owners' bound
passes the first two. The transitions read back from GET /v1/escalations (paged on the
store's global sequence, on one instance, and checked equal on the others) are compared
with the reference's, ignoring only the `line` of command records (a line number of the
merged file, which no instance sees).

Scenarios (--scenario, default all; several as a comma-separated list):
  split     two instances, alternate lines; also reports how long after the stream made
            a transition due it appeared in GET /v1/escalations (polled every 50 ms)
  failover  two instances; half-way, the owner of the partition of the first reference
            transition due after that point is killed with SIGKILL, its unanswered lines
            and the rest of the stream go to the other; reports the failover time (from
            the kill to the survivor's first transition for the dead instance's
            partitions in GET /v1/escalations, polled every 50 ms) and its parts: when
            the dead leases expired (shared_partition, sampled every 0.1 s), when the
            survivor took them, when the stream made the transition due (every live
            watermark past its time plus the allowed lateness), the survivor's longest
            round meanwhile
  outage    two instances; PostgreSQL is stopped for 5 s mid-stream (throwaway cluster
            only); requests answered 503 are retried; /healthz must say `degraded`
            meanwhile and the transitions must still match
  measure   POST /v1/check latency (sequential, after 100 to warm up) and records/s
            of one instance with no store, SQLite (:memory:, file) and PostgreSQL, then
            records/s through 1, 2 and 3 instances on PostgreSQL, with one request per
            instance per round and with 3 concurrent requests per round; --repeat N
            passes interleave the setups, and the summary gives medians and ratios taken
            within a pass (no comparison)

Without --database it starts a throwaway cluster (tools/postgres/throwaway.sh) and
stops it at the end. Exits 1 when a comparison differs.
"""
import argparse, http.client, json, os, random, signal, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument('--vigil', default=None)
parser.add_argument('--database', default=None, help='postgresql://… of an existing server (a database per scenario is created on it)')
parser.add_argument('--days', type=int, default=7)
parser.add_argument('--scenario', default='all', help='all, measure, or a comma-separated list of split, failover, outage')
parser.add_argument('--round', type=int, default=12, help='lines per lockstep round')
parser.add_argument('--lease', type=float, default=10.0, help='--lease of the instances (seconds)')
parser.add_argument('--partitions', type=int, default=4)
parser.add_argument('--stagger', type=float, default=0.0,
                    help='split, failover: the first round reaches instance j j times this many seconds late (an instance '
                         'that has stored nothing yet must hold the owners back)')
parser.add_argument('--repeat', type=int, default=1, help='measure: passes over all setups, interleaved')
args = parser.parse_args()
SCENARIOS = ['split', 'failover', 'outage']
chosen = SCENARIOS if args.scenario == 'all' else args.scenario.split(',')
if args.scenario != 'measure' and not set(chosen) <= set(SCENARIOS):
    parser.error(f'--scenario: all, measure, or some of {", ".join(SCENARIOS)}')
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
vigil = args.vigil or next((p for p in [os.path.join(root, '.build', c, 'vigil') for c in ('release', 'debug')] if os.path.exists(p)), None)
if not vigil:
    sys.exit('no vigil binary: swift build first')
work = tempfile.mkdtemp(prefix='vigil-shared-')
throwaway = os.path.join(root, 'tools', 'postgres', 'throwaway.sh')
LATE = 10 * 60 * 1000  # well past the allowed lateness (2 min by default)


def rfc3339(ms):
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ms // 1000)) + '.%03dZ' % (ms % 1000)


def parse_ms(text):
    import calendar
    base, _, frac = text.rstrip('Z').partition('.')
    return calendar.timegm(time.strptime(base, '%Y-%m-%dT%H:%M:%S')) * 1000 + (int((frac + '000')[:3]) if frac else 0)


# --- the stream and its reference ---------------------------------------------------

timeline = os.path.join(work, 'timeline.jsonl')
subprocess.run([sys.executable, os.path.join(root, 'corpus', 'timeline.py'), '--days', str(args.days), '--commands', '-o', timeline], check=True)
lines = open(timeline, 'rb').read().splitlines(keepends=True)
last_ms = max(parse_ms(json.loads(l)['ts']) for l in lines)
T1, T2 = last_ms + LATE, last_ms + 2 * LATE
closing = [json.dumps({'id': f'close-{i}', 'ts': rfc3339(T1), 'topic': '~close', 'text': 'end of stream'}).encode() + b'\n' for i in range(2)]
stream = lines + closing
event_ms = [parse_ms(json.loads(l)['ts']) for l in stream]
LATENESS = 2 * 60 * 1000  # the policy's allowed lateness (docs/escalation.md, default 2m)


def escalations(records):
    out = []
    for raw in records:
        record = json.loads(raw)
        if record.get('type') in ('escalation', 'escalation_reminder'):
            record.pop('line', None)
            out.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return out


def reference():
    path = os.path.join(work, 'merged.jsonl')
    open(path, 'wb').write(b''.join(stream))
    with open(path, 'rb') as source:
        result = subprocess.run([vigil, 'screen', '--threads', '2'], stdin=source, check=True, capture_output=True)
    return escalations(result.stdout.splitlines())


# --- PostgreSQL ---------------------------------------------------------------------

cluster_dir = None
if args.database:
    base_url = args.database
else:
    out = subprocess.run([throwaway, 'start'], check=True, capture_output=True, text=True).stdout.split()
    cluster_dir, base_url = out[0], out[1]


def fresh_database(name):
    admin = base_url.rsplit('/', 1)[0] + '/postgres'
    subprocess.run(['psql', admin, '-q', '-c', f'DROP DATABASE IF EXISTS {name}', '-c', f'CREATE DATABASE {name}'], check=True,
                   capture_output=True)
    return base_url.rsplit('/', 1)[0] + '/' + name


def sql(url, query):
    return subprocess.run(['psql', url, '-At', '-c', query], check=True, capture_output=True, text=True).stdout.strip()


# --- instances ------------------------------------------------------------------------

STARTED = time.time()
ALL = []   # every instance started, for the ownership log of a failed comparison


class Instance:
    def __init__(self, name, url):
        ALL.append(self)
        self.name = name
        self.log = []          # (time, stderr line)
        store = ['--database', url, '--instance', name, '--lease', str(args.lease), '--partitions', str(args.partitions)] if url else []
        self.process = subprocess.Popen([vigil, 'serve', '--port', '0'] + store,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for line in self.process.stderr:
            self.log.append((time.time(), line.decode(errors='replace')))
            if b'listening on http://' in line:
                self.port = int(line.split(b'listening on http://', 1)[1].split()[0].rsplit(b':', 1)[1])
                break
        else:
            raise RuntimeError(f'{name} did not start (exit {self.process.wait()}): {"".join(l for _, l in self.log)}')
        threading.Thread(target=self.read_log, daemon=True).start()

    def read_log(self):
        for line in self.process.stderr:
            self.log.append((time.time(), line.decode(errors='replace')))

    def alive(self):
        return self.process.poll() is None

    def request(self, method, path, body=None, content_type='application/json', timeout=60):
        connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        connection.request(method, path, body=body, headers={'Content-Type': content_type} if body is not None else {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def screen(self, part):
        """Posts lines to /v1/screen; returns how many got their verdict (a prefix), and
        the status of a refusal (503) if there was one."""
        try:
            connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)
            connection.request('POST', '/v1/screen', body=b''.join(part), headers={'Content-Type': 'application/x-ndjson'})
            response = connection.getresponse()
            if response.status != 200:
                response.read()
                return 0, response.status
            answered = 0
            for record in iter(response.readline, b''):
                if json.loads(record).get('type') in ('verdict', 'error', 'command'):
                    answered += 1
            connection.close()
            return answered, None
        except (OSError, http.client.HTTPException, ValueError):
            return None, 'broken'

    def stop(self, kill=False):
        if self.alive():
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        self.process.wait()


def deliver(instances, part, on_refused=None):
    """Sends `part` to the first live instance, retrying what is not answered: the rest of
    a broken request goes to another live instance, a 503 is retried after a pause."""
    while part:
        live = [i for i in instances if i.alive()]
        if not live:
            raise RuntimeError('no instance left')
        target = live[0]
        answered, problem = target.screen(part)
        if answered is None:
            answered = 0
        part = part[answered:]
        if part and problem == 503 and on_refused:
            on_refused()
        if part:
            time.sleep(0.2)


def feed(instances, hook=None, progress=None, clients=None):
    """Deals the stream to the live instances round by round (in parallel per round).
    `progress` (a list) gets (wall time, newest event time sent) after each round.
    `clients` deals each round to that many concurrent requests instead of one per live
    instance (request j to instance j modulo their number)."""
    sent = 0
    for start in range(0, len(stream), args.round):
        chunk = stream[start:start + args.round]
        live = [i for i in instances if i.alive()]
        ways = clients or len(live)
        shares = [[chunk[k] for k in range(j, len(chunk), ways)] for j in range(ways)]
        threads = []
        for j in range(ways):
            instance = live[j % len(live)]
            order = [instance] + [i for i in instances if i is not instance]
            pause = args.stagger * j if start == 0 else 0
            threads.append(threading.Thread(target=lambda o=order, p=shares[j], w=pause: (time.sleep(w), deliver(o, p))))
        for t in threads:
            t.start()
        if hook:
            hook(sent)
        for t in threads:
            t.join()
        sent += len(chunk)
        if progress is not None:
            progress.append((time.time(), max(event_ms[start:start + len(chunk)])))
    # Later than everything: moves every live instance's watermark past the closing records.
    for n, instance in enumerate([i for i in instances if i.alive()]):
        record = json.dumps({'id': f'after-{n}', 'ts': rfc3339(T2), 'topic': '~close', 'text': 'after'}).encode() + b'\n'
        deliver([instance] + instances, [record])


def drain(url, instances, timeout=120):
    """Waits until every partition has applied the log through the closing records, then
    pages GET /v1/escalations on one instance; checks the others agree."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if int(sql(url, 'SELECT COALESCE(MIN(applied_at), 0) FROM shared_partition') or 0) >= T1:
            break
        time.sleep(0.5)
    else:
        state = sql(url, 'SELECT name, watermark, heartbeat_at FROM shared_instance ORDER BY name') + '\n' + \
            sql(url, 'SELECT partition_no, owner, lease_until, applied_at FROM shared_partition ORDER BY partition_no')
        errors = ''.join(f'{i.name}: {line}' for i in instances for _, line in i.log if 'failed' in line)[-3000:]
        raise RuntimeError(f'the owners did not apply the whole log in time (closing records at {T1}, now '
                           f'{int(time.time() * 1000)}):\n{state}\n{errors}')
    pages = {}
    for instance in [i for i in instances if i.alive()]:
        after, got = 0, []
        while True:
            status, body = instance.request('GET', f'/v1/escalations?after={after}')
            document = json.loads(body)
            if status != 200 or not document['transitions']:
                break
            got += [json.dumps(t) for t in document['transitions']]
            after = document['last']
        pages[instance.name] = got
    views = list(pages.values())
    if any(v != views[0] for v in views):
        raise RuntimeError('instances disagree on GET /v1/escalations')
    return escalations(views[0])


def compare(name, expected, got):
    from collections import Counter
    missing = Counter(expected) - Counter(got)
    extra = Counter(got) - Counter(expected)
    per_topic = all([e for e in expected if json.loads(e)['topic'] == t] == [g for g in got if json.loads(g)['topic'] == t]
                    for t in {json.loads(e)['topic'] for e in expected + got})
    ok = not missing and not extra and per_topic
    print(f'{name}: reference {len(expected)} transitions, shared {len(got)}; missing {sum(missing.values())}, '
          f'extra {sum(extra.values())}, per-topic order {"same" if per_topic else "DIFFERENT"}: {"OK" if ok else "DIFFERENT"}')
    for line in list(missing)[:3]:
        print('  missing:', line)
    for line in list(extra)[:3]:
        print('  extra:  ', line)
    if not ok:   # who owned which partition when: a partition restored mid-stream shows here
        for instance in ALL:
            for at, line in instance.log:
                if 'owns topic partition' in line:
                    print(f'  {at - STARTED:8.2f} s {line.strip()}')
    return ok


# --- scenarios --------------------------------------------------------------------------

def partition_of(topic):
    """The instances' partition of a topic: FNV-1a of its UTF-8 bytes modulo --partitions."""
    value = 0xcbf29ce484222325
    for byte in topic.encode():
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return value % args.partitions


class Sampler:
    """Calls `sample` every `interval` seconds in a thread until `stop`; a sample that
    fails (the server or database not answering) is skipped."""
    interval = 0.05

    def __init__(self):
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.done.is_set():
            try:
                self.sample()
            except (OSError, http.client.HTTPException, subprocess.CalledProcessError, ValueError):
                pass
            time.sleep(self.interval)

    def stop(self):
        self.done.set()
        self.thread.join()


class Poller(Sampler):
    """Polls GET /v1/escalations?after=N on one instance every 50 ms and notes the wall
    time at which each transition first appears."""
    def __init__(self, instance):
        self.instance, self.seen, self.after = instance, [], 0
        super().__init__()

    def sample(self):
        status, body = self.instance.request('GET', f'/v1/escalations?after={self.after}', timeout=5)
        if status == 200:
            document = json.loads(body)
            now = time.time()
            self.seen += [(now, t) for t in document['transitions']]
            self.after = document['last']


class LeaseSampler(Sampler):
    """Reads shared_partition every 0.1 s: (wall time, {partition: (owner, lease_until)}),
    to tell when leases were last renewed and when they changed hands."""
    interval = 0.1

    def __init__(self, url):
        self.url, self.samples = url, []
        super().__init__()

    def sample(self):
        rows = sql(self.url, "SELECT partition_no, owner, lease_until FROM shared_partition")
        self.samples.append((time.time(), {int(p): (o, int(l)) for p, o, l in (r.split('|') for r in rows.splitlines())}))

    def renewals(self, owner, partitions):
        """The wall times (s) at which `owner` renewed a lease of `partitions`: lease_until - lease."""
        return sorted({rows[p][1] / 1000 - args.lease for _, rows in self.samples for p in partitions
                       if p in rows and rows[p][0] == owner})


def due_time(progress, at_ms):
    """The wall time of the round after which the stream had passed `at_ms` plus the
    allowed lateness: from then on every live instance's watermark lets it close."""
    return next((t for t, newest in progress if newest >= at_ms + LATENESS), None)


def delays(poller, progress):
    """Seconds from each transition being due (due_time) to its appearing."""
    out = []
    for seen, t in poller.seen:
        due = due_time(progress, parse_ms(t['at']))
        if due is not None:
            out.append(seen - due)
    return sorted(out)


def split(expected):
    url = fresh_database('vigil_split')
    instances = [Instance('a', url), Instance('b', url)]
    poller, progress = Poller(instances[0]), []
    try:
        started = time.time()
        feed(instances, progress=progress)
        fed = time.time() - started
        got = drain(url, instances)
        poller.stop()
        late = delays(poller, progress)
        print(f'split: {len(stream)} records through 2 instances in {fed:.1f} s; a transition appeared '
              f'{late[len(late) // 2]:.2f} s (median; max {late[-1]:.2f} s) after the stream made it due')
        return compare('split', expected, got)
    finally:
        poller.done.set()
        for i in instances:
            i.stop()


def failover(expected):
    """Kills, half-way, the owner of the partition of the first reference transition due
    after that point, and times the survivor's first transition for the dead instance's
    partitions: the failover time."""
    url = fresh_database('vigil_failover')
    instances = [Instance('a', url), Instance('b', url)]
    half_ms = event_ms[len(stream) // 2]
    target = next(json.loads(t) for t in expected if parse_ms(json.loads(t)['at']) > half_ms)
    killed, progress = {}, []
    time.sleep(1.5)   # both instances hold their share of the partitions
    owner = sql(url, f'SELECT owner FROM shared_partition WHERE partition_no = {partition_of(target["topic"])}')
    victim = next(i for i in instances if i.name == owner)
    survivor = next(i for i in instances if i is not victim)
    poller, sampler = Poller(survivor), LeaseSampler(url)

    def hook(sent):
        if 'at' not in killed and sent >= len(stream) // 2:
            killed['partitions'] = {int(p) for p in sql(url, f"SELECT string_agg(partition_no::text, ',') FROM shared_partition "
                                                             f"WHERE owner = '{victim.name}'").split(',') if p}
            victim.stop(kill=True)
            killed['at'] = time.time()
    try:
        feed(instances, hook=hook, progress=progress)
        got = drain(url, instances)
        poller.stop()
        sampler.stop()
        report_failover(killed, victim, survivor, poller, sampler, progress)
        return compare('failover', expected, got)
    finally:
        poller.done.set()
        sampler.done.set()
        for i in instances:
            i.stop()


def report_failover(killed, victim, survivor, poller, sampler, progress):
    t0 = killed['at']
    taken = [t for t, line in survivor.log if 'owns topic partition' in line and 'stored state' in line and t > t0]
    takeover = max(taken) - t0 if taken else float('nan')
    first = next(((seen, t) for seen, t in poller.seen if seen > t0 and partition_of(t['topic']) in killed['partitions']), None)
    if first is None:
        print('failover: no transition for the dead instance\'s partitions appeared after the kill')
        return
    seen, t = first
    due = due_time(progress, parse_ms(t['at']))
    print(f'failover: SIGKILL of the owner of partitions {sorted(killed["partitions"])} (lease {args.lease:g} s); '
          f'first transition for its topics ({t["topic"]} {t.get("to", t["type"])} at {t["at"]}) on the survivor '
          f'{seen - t0:.2f} s after the kill')
    print(f'failover: parts: the survivor took the partitions {takeover:.2f} s after the kill (lease expiry and '
          f'one round); the stream made the transition due {due - t0:.2f} s after the kill; restoring, catching up '
          f'the log and storing took {seen - t0 - takeover:.2f} s after the takeover')
    dead = sorted(killed['partitions'])
    last = max([r for r in sampler.renewals(victim.name, dead) if r <= t0], default=float('nan'))
    own = [r for r in sampler.renewals(survivor.name, sorted(set(range(args.partitions)) - killed['partitions'])) if r > t0]
    gaps = [b - a for a, b in zip(own, own[1:]) if a < t0 + takeover]
    print(f'failover: leases: the dead instance last renewed {t0 - last:.2f} s before the kill, so its leases and heartbeat '
          f'expired {last + args.lease - t0:.2f} s after it; the survivor\'s rounds (0.2 s apart when idle) took up to '
          f'{max(gaps, default=float("nan")):.2f} s between the kill and the takeover')


def outage(expected):
    if not cluster_dir:
        print('outage: skipped (needs the throwaway cluster, not --database)')
        return True
    url = fresh_database('vigil_outage')
    instances = [Instance('a', url), Instance('b', url)]
    seen = {'degraded': False, 'refused': 0, 'check': None}

    def refused():
        seen['refused'] += 1

    def hook(sent):
        if 'paused' in seen or sent < len(stream) // 2:
            return
        seen['paused'] = True
        subprocess.run([throwaway, 'pause', cluster_dir], check=True)
        started = time.time()
        while time.time() - started < 5:
            status, body = instances[0].request('GET', '/healthz')
            seen['degraded'] |= json.loads(body)['status'] == 'degraded'
            status, body = instances[1].request('POST', '/v1/check', body=b'{"text":"hello","ts":"2024-06-01T00:00:00Z"}')
            seen['check'] = (status, json.loads(body).get('error', '')[:60])
            time.sleep(0.5)
        subprocess.run([throwaway, 'resume', cluster_dir], check=True)

    try:
        time.sleep(1.5)
        for i in instances:
            original = i.screen
            def screen(part, original=original):
                answered, problem = original(part)
                if problem == 503:
                    refused()
                return answered, problem
            i.screen = screen
        feed(instances, hook=hook)
        got = drain(url, instances)
        status = json.loads(instances[0].request('GET', '/healthz')[1])['status']
        print(f'outage: PostgreSQL stopped 5 s; /healthz degraded meanwhile: {seen["degraded"]}, now {status}; '
              f'/v1/check meanwhile: {seen["check"]}; 503 answers retried: {seen["refused"]}')
        return compare('outage', expected, got) and seen['degraded'] and status == 'ok' and seen['check'][0] == 503
    finally:
        for i in instances:
            i.stop()


def check_latency(instance, count=400):
    """Median and 90th percentile (ms) of sequential POST /v1/check of timeline records."""
    times = []
    for line in lines[:count]:
        started = time.perf_counter()
        status, _ = instance.request('POST', '/v1/check', body=line)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.9)]


def throughput(instances, clients=None):
    started = time.time()
    feed(instances, clients=clients)
    return len(stream) / (time.time() - started)


def measure_round(results):
    """One pass over every setup, so that repeated passes interleave them: the latency of
    sequential /v1/check and the records/s of one instance per store, then records/s
    through 1, 2 and 3 instances on one PostgreSQL database."""
    stores = (('no store', None), ('SQLite :memory:', ':memory:'), ('SQLite file', os.path.join(work, 'measure.sqlite')),
              ('PostgreSQL', fresh_database('vigil_latency')))
    for label, url in stores:
        if url and url.endswith('.sqlite') and os.path.exists(url):
            os.remove(url)
        instance = Instance('a', url)
        try:
            time.sleep(1)
            check_latency(instance, 100)   # warm-up
            p50, p90 = check_latency(instance)
            rate = throughput([instance])
        finally:
            instance.stop()
        results.setdefault(label, []).append((p50, p90, rate))
        print(f'measure: {label}: POST /v1/check median {p50:.2f} ms, p90 {p90:.2f} ms'
              + (f'; /v1/screen {rate:,.0f} records/s' if rate else '') + f' (load {os.getloadavg()[0]:.1f})', flush=True)
    for count in (1, 2, 3):
        url = fresh_database(f'vigil_measure{count}')
        instances = [Instance(chr(ord('a') + k), url) for k in range(count)]
        try:
            time.sleep(1)
            rate = throughput(instances)
            rate3 = throughput(instances, clients=3)
        finally:
            for i in instances:
                i.stop()
        results.setdefault(f'{count} instance(s)', []).append((None, None, rate))
        results.setdefault(f'{count} inst., 3 clients', []).append((None, None, rate3))
        print(f'measure: {count} instance(s) on PostgreSQL: {rate:,.0f} records/s with one request per instance per round, '
              f'{rate3:,.0f} with 3 concurrent requests per round (load {os.getloadavg()[0]:.1f})', flush=True)


def measure():
    results = {}
    for n in range(args.repeat):
        print(f'measure: pass {n + 1} of {args.repeat}, {len(stream)} records, rounds of {args.round} lines '
              f'(load {os.getloadavg()[0]:.1f})', flush=True)
        measure_round(results)
    median = lambda values: sorted(values)[len(values) // 2]
    print('measure: medians over the passes')
    for label, rows in results.items():
        p50s, p90s, rates = [r[0] for r in rows if r[0] is not None], [r[1] for r in rows if r[1] is not None], [r[2] for r in rows if r[2]]
        print(f'  {label:18}' + (f' check median {median(p50s):6.2f} ms, p90 {median(p90s):6.2f} ms' if p50s else ' ' * 39)
              + (f'  {median(rates):8,.0f} records/s' if rates else ''))
    base = results['no store']
    for label in ('SQLite :memory:', 'SQLite file', 'PostgreSQL'):
        added = [r[0] - b[0] for r, b in zip(results[label], base)]
        ratio = [r[2] / p[2] for r, p in zip(results[label], results['PostgreSQL'])]
        print(f'  {label}: adds {median(added):.2f} ms (median of the passes) to the median answer of no store; '
              f'records/s {median(ratio):.2f}x PostgreSQL\'s in the same pass')
    for suffix in (' instance(s)', ' inst., 3 clients'):
        one = results['1' + suffix]
        for count in (2, 3):
            ratio = [r[2] / o[2] for r, o in zip(results[f'{count}{suffix}'], one)]
            print(f'  {count}{suffix}: {median(ratio):.2f}x the records/s of 1 in the same pass')
    return True


try:
    results = []
    if args.scenario == 'measure':
        results.append(measure())
    else:
        expected = reference()
        print(f'reference: vigil screen over {len(stream)} records: {len(expected)} transitions')
        for name, run in (('split', split), ('failover', failover), ('outage', outage)):
            if name in chosen:
                results.append(run(expected))
    sys.exit(0 if all(results) else 1)
finally:
    if cluster_dir:
        subprocess.run([throwaway, 'stop', cluster_dir])
