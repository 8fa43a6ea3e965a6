#!/bin/sh
# `make fuzz`: builds the libFuzzer targets of fuzz/ (swiftc -sanitize=fuzzer,address)
# and runs each for FUZZ_SECONDS (default 60) from its seed corpus in fuzz/corpus/TARGET.
# Prints `fuzz TARGET: N runs, no crash` per target; exits non-zero on a crash, a leak,
# a timeout or an out-of-memory, leaving the input in fuzz/artifacts/ and the log in
# fuzz/.work/TARGET.log. New inputs the run finds go to fuzz/.work/TARGET (not committed).
#   FUZZ_TARGETS="FuzzJSONLine FuzzMatch"  to run some of them
#   FUZZ_JOBS=N                             parallel workers per target (default 1)
#   FUZZ_CPU_SECONDS=600                    a budget of CPU time per target instead of
#                                           FUZZ_SECONDS of wall clock (tools/cpu_limit.py)
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"FuzzJSONLine FuzzRules FuzzMatch FuzzEscalation FuzzServeRequest"}
# One product per `swift build`: given several `--product` flags, it builds only the last.
for t in $TARGETS; do
    swift build --package-path fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        --product "$t" >&2 || { echo "fuzz: build of $t failed" >&2; exit 1; }
done
BIN=$(swift build --package-path fuzz -c release --show-bin-path)
mkdir -p fuzz/artifacts fuzz/.work
status=0
# Swift's own crash backtracer reads memory in ways AddressSanitizer reports; libFuzzer
# and ASan print what is needed.
export SWIFT_BACKTRACE=enable=no
for target in $TARGETS; do
    case $target in
        FuzzRules) max_len=8192 ;;
        FuzzEscalation) max_len=16384 ;;
        *) max_len=4096 ;;
    esac
    mkdir -p "fuzz/.work/$target" "fuzz/corpus/$target"
    log="fuzz/.work/$target.log"
    if [ -n "${FUZZ_CPU_SECONDS:-}" ]; then
        # libFuzzer exits 72 when interrupted; here the interruption is the budget's end.
        limit="python3 tools/cpu_limit.py $FUZZ_CPU_SECONDS"; wall="$((FUZZ_CPU_SECONDS * 50))"; interrupted=0
    else
        limit=""; wall=$SECONDS_EACH; interrupted=72
    fi
    if $limit "$BIN/$target" -max_total_time="$wall" -interrupted_exitcode="$interrupted" -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target-" \
        "fuzz/.work/$target" "fuzz/corpus/$target" > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, ft \2/p')
        cpu=$(sed -n 's/^cpu_limit: //p' "$log" | tail -1)
        echo "fuzz $target: ${runs:-?} runs, no crash (${cov:-no coverage line}${cpu:+, CPU $cpu})"
    else
        echo "fuzz $target: FAILED (see $log)"
        grep -E 'ERROR|invariant|Fatal|SUMMARY' "$log" | head -5
        status=1
    fi
done
exit $status
