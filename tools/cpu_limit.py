#!/usr/bin/env python3
"""Run a command until it has used N seconds of CPU time, then stop it with SIGINT.

libFuzzer's own limit, -max_total_time, counts wall-clock seconds; on a busy machine a
fuzz target then gets far less than its share. `make fuzz` with FUZZ_CPU_SECONDS uses
this to give each target a budget of CPU time instead. SIGINT lets libFuzzer print its
final statistics and exit as after -max_total_time. The command's exit status is
returned; the CPU seconds used are printed on stderr as `cpu_limit: N.N s`.

usage: tools/cpu_limit.py SECONDS COMMAND [ARG]...
"""
import os, signal, subprocess, sys, time

def cpu_seconds(pid):
    """User + system time of a running process and of its ended children, from /proc."""
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    except OSError:
        return None
    return sum(int(field) for field in fields[11:15]) / os.sysconf('SC_CLK_TCK')

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    budget = float(sys.argv[1])
    process = subprocess.Popen(sys.argv[2:])
    used = 0.0
    while process.poll() is None:
        used = cpu_seconds(process.pid) or used
        if used >= budget:
            process.send_signal(signal.SIGINT)
            break
        time.sleep(1)
    status = process.wait()
    print(f'cpu_limit: {used:.1f} s', file=sys.stderr)
    sys.exit(0 if status in (0, -signal.SIGINT) else status)

main()
