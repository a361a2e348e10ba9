#!/usr/bin/env bash
# Parse benchmark of the foundation issue: 1,000 virtual servers x 10 real servers, one core.
# Usage: bench/parse.sh [VIRTUAL_SERVERS [REAL_PER_VIRTUAL]]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl config-parser -am test-compile -DskipTests
# taskset pins the JVM to one core: the target is "well under a second on one core".
exec taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx2g \
    -cp config-parser/target/classes:config-parser/target/test-classes \
    io.jkeepalived.config.bench.ParseBenchmark "$@"
