#!/usr/bin/env bash
# Health checkers side by side: keepalived 2.2.7's checker (keepalived --check) and jkeepalived -C on the same
# generated config, inside the kernel lab VM (the host kernel has no IPVS, so keepalived's checker cannot run
# here). One VM boot; inside it keepalived runs first, then jkeepalived, each for a warm-up and then SECONDS.
#
# Config: delay_loop 1 everywhere, IPVS virtual servers 192.0.2.10:80 and 192.0.2.11:80 (exist only in the VM).
#   - TCP_COUNT TCP_CHECK real servers 127.10.x.y:80 that REFUSE (nothing listens: the VM kernel answers RST),
#     with inhibit_on_failure, so each stays in IPVS at weight 0 and is re-checked every second (retry 1).
#   - HTTP_COUNT HTTP_GET real servers 127.20.x.y:80 whose checks go (connect_ip/connect_port) to 4 busybox
#     httpd instances on 127.0.0.2:8081-8084 serving a small page; expected status 200, no digest. They are up.
# Per daemon: CPU (utime+stime of the checker process: keepalived's checker child from the -c pid file, the
# JVM for jkeepalived) over SECONDS, in cores; VmRSS at the end; checks done = TCP active opens in the VM over
# SECONDS (/proc/net/snmp ActiveOpens; AttemptFails = refused ones = the TCP_CHECK attempts); the IPVS table.
#
# Usage: bench/checkers-lab.sh [TCP_COUNT [HTTP_COUNT [SECONDS [WARMUP_SECONDS]]]]   (defaults 300 60 60 30)
# Needs daemon/target/jkeepalived.jar (mvn -B -q -pl daemon -am package -DskipTests). The lab's run folder
# (configs, daemon logs, results) is kept: its path is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
TCP=${1:-300}
HTTP=${2:-60}
MEASURE=${3:-60}
WARMUP=${4:-30}
JAR=$PWD/daemon/target/jkeepalived.jar
[ -f "$JAR" ] || { echo "no $JAR: mvn -B -q -pl daemon -am package -DskipTests" >&2; exit 1; }
RUN=$(mktemp -d /tmp/jkv-cb-lab.XXXXXX)

addr() { echo "127.$1.$(( $2 / 250 )).$(( $2 % 250 + 1 ))"; }
{
  echo 'global_defs {'
  echo '    router_id jkv-cb-lab'
  echo '}'
  echo 'virtual_server 192.0.2.10 80 {'
  echo '    delay_loop 1'
  echo '    lb_algo rr'
  echo '    lb_kind NAT'
  echo '    protocol TCP'
  for ((i = 0; i < TCP; i++)); do
    echo "    real_server $(addr 10 $i) 80 {"
    echo '        weight 1'
    echo '        inhibit_on_failure'
    echo '        TCP_CHECK {'
    echo '            connect_timeout 3'
    echo '        }'
    echo '    }'
  done
  echo '}'
  echo 'virtual_server 192.0.2.11 80 {'
  echo '    delay_loop 1'
  echo '    lb_algo rr'
  echo '    lb_kind NAT'
  echo '    protocol TCP'
  for ((i = 0; i < HTTP; i++)); do
    echo "    real_server $(addr 20 $i) 80 {"
    echo '        weight 1'
    echo '        HTTP_GET {'
    echo '            url {'
    echo '                path /'
    echo '                status_code 200'
    echo '            }'
    echo '            connect_ip 127.0.0.2'
    echo "            connect_port $(( 8081 + i % 4 ))"
    echo '            connect_timeout 3'
    echo '        }'
    echo '    }'
  done
  echo '}'
} > "$RUN/checkers.conf"

cat > "$RUN/inside.sh" <<INSIDE
#!/bin/bash
set -uo pipefail
R=$RUN; JAR=$JAR; TCP=$TCP; HTTP=$HTTP; MEASURE=$MEASURE; WARMUP=$WARMUP
INSIDE
cat >> "$RUN/inside.sh" <<'INSIDE'
HZ=$(getconf CLK_TCK)
modprobe -a ip_vs ip_vs_rr
ip link set lo up
mkdir -p /tmp/jkv-cb-www && echo '<html><body>jkv-cb-lab target</body></html>' > /tmp/jkv-cb-www/index.html
ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
HTTPD=()
for p in 8081 8082 8083 8084; do
  busybox httpd -f -p 127.0.0.2:$p -h /tmp/jkv-cb-www & HTTPD+=($!)
done
sleep 1
echo "VM: $(nproc) vCPUs, kernel $(uname -r), CLK_TCK $HZ; $TCP TCP_CHECK (refusing) + $HTTP HTTP_GET (busybox httpd) at delay_loop 1"
snmp() { awk '/^Tcp:/ { if (h) { print $6, $8 } else h = 1 }' /proc/net/snmp; }  # ActiveOpens AttemptFails
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wait_file() { for _ in $(seq 1 600); do [ -s "$1" ] && return 0; sleep 0.5; done; return 1; }

measure() {  # NAME CHECKER_PID
  local name=$1 pid=$2
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { echo "$name: checker process $pid gone"; return 1; }
  local c0 s0 t0 c1 s1 t1
  c0=$(cpu "$pid"); s0=$(snmp); t0=$(date +%s.%N)
  sleep "$MEASURE"
  c1=$(cpu "$pid"); s1=$(snmp); t1=$(date +%s.%N)
  local rss; rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  ipvsadm -Ln > "$R/$name.ipvs"
  local tcp_w0 tcp_w1 http_w1 http_all
  tcp_w0=$(awk '$1 == "->" && $2 ~ /^127\.10\./ && $4 == 0' "$R/$name.ipvs" | wc -l)
  tcp_w1=$(awk '$1 == "->" && $2 ~ /^127\.10\./ && $4 != 0' "$R/$name.ipvs" | wc -l)
  http_w1=$(awk '$1 == "->" && $2 ~ /^127\.20\./ && $4 != 0' "$R/$name.ipvs" | wc -l)
  http_all=$(awk '$1 == "->" && $2 ~ /^127\.20\./' "$R/$name.ipvs" | wc -l)
  echo "$name $c0 $c1 $t0 $t1 $s0 $s1 $rss $tcp_w0 $tcp_w1 $http_w1 $http_all" | awk -v hz="$HZ" '{
    wall = $5 - $4; cores = ($3 - $2) / hz / wall
    opens = $8 - $6; fails = $9 - $7
    printf "%-11s CPU %.3f cores (%.1f s over %.1f s) | RSS %.1f MiB | checks %.0f/s (TCP refused %.0f/s, HTTP %.0f/s) | IPVS: TCP %d at weight 0, %d at >0; HTTP %d up of %d\n",
      $1, cores, ($3 - $2) / hz, wall, $10 / 1024, opens / wall, fails / wall, (opens - fails) / wall, $11, $12, $13, $14 }'
}
stop() {  # PID...
  kill -TERM "$@" 2>/dev/null
  for _ in $(seq 1 120); do kill -0 "$@" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$@" 2>/dev/null; ipvsadm -C
}

# keepalived 2.2.7: the checker child's pid is in the -c file.
rm -f /run/jkv-cb-ka.pid /run/jkv-cb-kac.pid
keepalived -n -l -D --check -f "$R/checkers.conf" -p /run/jkv-cb-ka.pid -c /run/jkv-cb-kac.pid > "$R/keepalived.log" 2>&1 &
KA=$!
if wait_file /run/jkv-cb-kac.pid; then
  measure keepalived "$(cat /run/jkv-cb-kac.pid)"
else
  echo "keepalived: no checker pid file"; tail "$R/keepalived.log"
fi
stop "$KA"

# jkeepalived -C: the JVM is the checker process.
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" -n -l -D -C -f "$R/checkers.conf" \
  -p /run/jkv-cb-jk.pid -c /run/jkv-cb-jkc.pid > "$R/jkeepalived.log" 2>&1 &
JK=$!
measure jkeepalived "$JK"
stop "$JK"
kill "${HTTPD[@]}" 2>/dev/null
INSIDE

echo "run folder: $RUN"
integration-tests/lab/run.sh -t $(( 2 * (WARMUP + MEASURE + 90) + 120 )) -d "$RUN" "$RUN/inside.sh"
