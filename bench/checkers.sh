#!/usr/bin/env bash
# Health checker benchmark: 10,000 TCP_CHECK + 2,000 HTTP_GET (with digest) at delay_loop 1 s, on loopback.
# The targets run in their own JVM, the checkers in another; the figures (CPU in cores, RSS, schedule drift) are
# the checkers' process alone. JKV_BENCH_PIN=1 pins the targets to core 1 and the checkers to core 0 (only
# meaningful on an otherwise idle machine: pinned to a core that other work also uses, the checkers starve).
# Usage: bench/checkers.sh [TCP_COUNT [HTTP_COUNT [MEASURE_SECONDS [WARMUP_SECONDS]]]]
set -euo pipefail
cd "$(dirname "$0")/.."
TCP=${1:-10000}
HTTP=${2:-2000}
MEASURE=${3:-60}
WARMUP=${4:-15}
need=$(( TCP + HTTP + 2000 ))  # the targets hold one listener per endpoint; connections are short
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
    ulimit -n "$need" 2>/dev/null || { echo "ulimit -n must be at least $need" >&2; exit 1; }
fi
mvn -B -q -pl healthcheck -am test-compile dependency:build-classpath -Dmdep.outputFile=target/jkv-bench-cp.txt \
    -Dmdep.includeScope=test
CP=healthcheck/target/classes:healthcheck/target/test-classes:$(cat healthcheck/target/jkv-bench-cp.txt)
WORK=$(mktemp -d /tmp/jkv-ck-bench.XXXXXX)
trap 'kill "$TARGETS" 2>/dev/null || true; wait "$TARGETS" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PIN_TARGETS=(); PIN_CHECKERS=()
if [ "${JKV_BENCH_PIN:-0}" = 1 ]; then PIN_TARGETS=(taskset -c 1); PIN_CHECKERS=(taskset -c 0); fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; ulimit -n $(ulimit -n)"
"${PIN_TARGETS[@]}" java -Xmx512m -cp "$CP" io.jkeepalived.check.bench.BenchTargets "$TCP" "$HTTP" "$WORK/endpoints" \
    > "$WORK/targets.log" 2>&1 &
TARGETS=$!
for _ in $(seq 1 120); do [ -f "$WORK/endpoints" ] && break; sleep 0.5; done
[ -f "$WORK/endpoints" ] || { cat "$WORK/targets.log"; exit 1; }
echo "targets: $(grep listening "$WORK/targets.log")"
targets_cpu() { awk '{print $14 + $15}' "/proc/$TARGETS/stat"; }
before=$(targets_cpu)
echo "checker JVM: -Xmx256m -XX:+UseSerialGC"
"${PIN_CHECKERS[@]}" java -Xmx256m -XX:+UseSerialGC -cp "$CP" io.jkeepalived.check.bench.CheckerBenchmark "$WORK/endpoints" \
    "$MEASURE" "$WARMUP" 2> >(grep -v '^SLF4J' >&2)
after=$(targets_cpu)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets process used $(( (after - before) / 100 )) CPU seconds over the whole run (warm-up included)"
