#!/usr/bin/env bash
# Config-parsing benchmark of the foundation issue: a generated director config (1,000 virtual servers, 10,000
# real servers by default), on one core (taskset -c 0 and -XX:ActiveProcessorCount=1).
#   cold: RUNS fresh JVMs, one parse each (ColdParse): what daemon start and -t pay; median and min reported
#   warm: 15 parses in one JVM after 6 (ParseBenchmark), then the heap one model retains, for 125 to 2000 VS
# Usage: bench/parse.sh [VIRTUAL_SERVERS [REAL_PER_VIRTUAL]]
# Environment: RUNS (cold runs, default 7); JVM_OPTS, extra options for every JVM, e.g.
#   JVM_OPTS=-XX:TieredStopAtLevel=1 for the options packaging/jkeepalived gives the daemon.
# End to end (java -jar jkeepalived.jar -t): bench/config-test.sh. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
virtual=${1:-1000}
real=${2:-10}
runs=${RUNS:-7}
read -r -a jvm_opts <<< "${JVM_OPTS:-}"
mvn -B -q -pl config-parser -am test-compile
cp=config-parser/target/classes:config-parser/target/test-classes
one_core=(taskset -c 0 java -XX:ActiveProcessorCount=1 "${jvm_opts[@]}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java -cp "$cp" io.jkeepalived.config.bench.GeneratedConfig "$virtual" "$real" "$dir/big.conf"
echo "config: $virtual virtual servers, $((virtual * real)) real servers, $(wc -l < "$dir/big.conf") lines," \
    "$(wc -c < "$dir/big.conf") bytes; JVM options: ${JVM_OPTS:-none}"

for _ in $(seq "$runs"); do
    "${one_core[@]}" -cp "$cp" io.jkeepalived.config.bench.ColdParse "$dir/big.conf"
done > "$dir/cold.txt"
sed 's/^/  /' "$dir/cold.txt"
# "cold parse: W ms wall, C ms CPU of the parsing thread, ..." -> median and min of W and of C.
summary() {
    sort -n | awk '{v[NR] = $1} END {printf "median %.0f ms, min %.0f ms", v[int((NR + 1) / 2)], v[1]}'
}
echo "cold parse ($runs fresh JVMs): wall $(awk '{print $3}' "$dir/cold.txt" | summary);" \
    "CPU of the parsing thread $(awk '{print $6}' "$dir/cold.txt" | summary)"

# MarkSweepDeadRatio=0: otherwise a full GC of the serial collector may leave dead objects in place, and the
# heap in use after it is not what the models retain.
"${one_core[@]}" -Xmx2g -XX:MarkSweepDeadRatio=0 -cp "$cp" io.jkeepalived.config.bench.ParseBenchmark "$virtual" "$real"
