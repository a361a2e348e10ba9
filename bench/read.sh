#!/usr/bin/env bash
# Reader-only benchmark (keepalived.conf text to statements, no binding): 1,000 virtual servers x 10 real
# servers, one core. Usage: bench/read.sh [VIRTUAL_SERVERS [REAL_PER_VIRTUAL]] | bench/read.sh manpage-seq
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl config-parser -am test-compile -DskipTests
exec taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx2g \
    -cp config-parser/target/classes:config-parser/target/test-classes \
    io.jkeepalived.config.bench.ReadBenchmark "$@"
