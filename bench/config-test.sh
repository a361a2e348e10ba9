#!/usr/bin/env bash
# What an operator sees: `jkeepalived -t -f big.conf` (read and check the configuration, report, exit) in a fresh
# process on one core, for the generated director config (1,000 virtual servers, 10,000 real servers by default)
# and, to tell JVM and command-line start-up from parsing, for a three-line config.
#   launcher: packaging/jkeepalived (/usr/bin/jkeepalived), with the JVM options it gives the daemon
#   java -jar: the same jar with no JVM options
# Usage: bench/config-test.sh [VIRTUAL_SERVERS [REAL_PER_VIRTUAL]]; RUNS (default 7) processes each.
# Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
virtual=${1:-1000}
real=${2:-10}
runs=${RUNS:-7}
mvn -B -q -pl config-parser,daemon -am package -DskipTests
jar=daemon/target/jkeepalived.jar
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java -cp config-parser/target/test-classes io.jkeepalived.config.bench.GeneratedConfig "$virtual" "$real" \
    "$dir/big.conf"
printf 'global_defs {\n    router_id small\n}\n' > "$dir/small.conf"
echo "config: $virtual virtual servers, $((virtual * real)) real servers, $(wc -l < "$dir/big.conf") lines"

# measure LABEL CONFIG COMMAND...: RUNS times on core 0; wall and user+sys CPU, median and min.
measure() {
    local label=$1 config=$2
    shift 2
    : > "$dir/times"
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        /usr/bin/time -o "$dir/usage" -f '%U %S' taskset -c 0 "$@" -t -f "$config" > "$dir/out" 2>&1 || {
            echo "$label: -t failed:"; cat "$dir/out"; exit 1; }
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000000 )) $(cat "$dir/usage")" >> "$dir/times"
    done
    local wall cpu
    wall=$(awk '{print $1}' "$dir/times" | median_min)
    cpu=$(awk '{print ($2 + $3) * 1000}' "$dir/times" | median_min)
    printf '  %-26s wall %s; CPU (user+sys) %s\n' "$label" "$wall" "$cpu"
}

median_min() {
    sort -n | awk '{v[NR] = $1} END {printf "median %5.0f ms, min %5.0f ms", v[int((NR + 1) / 2)], v[1]}'
}

echo "jkeepalived -t -f CONFIG on one core (taskset -c 0), $runs processes each:"
measure "launcher, big config" "$dir/big.conf" env JKEEPALIVED_JAR="$jar" packaging/jkeepalived
measure "java -jar, big config" "$dir/big.conf" java -jar "$jar"
measure "launcher, 3-line config" "$dir/small.conf" env JKEEPALIVED_JAR="$jar" packaging/jkeepalived
measure "java -jar, 3-line config" "$dir/small.conf" java -jar "$jar"
