#!/usr/bin/env bash
# Checker-side reload benchmark: VS virtual servers of RS real servers (each with a TCP_CHECK) reloaded with the
# same file, then with one more real server everywhere and a tenth of the virtual servers gone, then back; against
# an in-memory IPVS table (the reconciler and everything above it are the daemon's). Prints, per reload: parse
# time, the reload call, the time until the table converged, and the kernel changes it took.
# Usage: bench/reload.sh [VS [RS [ROUNDS]]]   (defaults 1000 10 5)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl daemon -am test-compile dependency:build-classpath -Dmdep.outputFile=target/jkv-bench-cp.txt \
    -Dmdep.includeScope=test
CP=daemon/target/classes:daemon/target/test-classes:$(cat daemon/target/jkv-bench-cp.txt)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
java -Xmx512m -XX:+UseSerialGC -cp "$CP" io.jkeepalived.daemon.check.ReloadBenchmark "$@" 2>/dev/null \
    | grep -v '^[0-9-]* [0-9:.]* \(INFO\|WARN\)'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
