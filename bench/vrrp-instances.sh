#!/usr/bin/env bash
# 200 VRRP instances at advert_int 1 on one director: CPU and memory of jkeepalived and keepalived 2.2.7,
# each once as the master of all 200 (sending 200 adverts a second) and once as the backup of all 200
# (checking 200 adverts a second), against the other. Two namespaces joined by a bridge (jkv-vi-bi-*).
#
# Usage (root; keepalived, java 17): [JAVA_OPTS=...] [JKV_JAR=...] bench/vrrp-instances.sh [INSTANCES [SECONDS]]
#   (default 200 60). jkeepalived runs through packaging/jkeepalived, as /usr/bin/jkeepalived does; JAVA_OPTS
#   adds JVM options after the launcher's own.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
SECS=${2:-60}
JAR=daemon/target/jkeepalived.jar
[ -n "${JKV_JAR:-}" ] || [ -f "$JAR" ] || mvn -B -q -pl daemon -am package -DskipTests
P=jkv-vi-bi
OUT=$(mktemp -d /tmp/jkv-vi-bi.XXXXXX)
cleanup() {
    for f in "$OUT"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    sleep 2
    for n in a b sw; do ip netns del $P-$n 2>/dev/null || true; done
}
trap cleanup EXIT
for n in a b sw; do ip netns del $P-$n 2>/dev/null || true; done
ip netns add $P-sw
ip -n $P-sw link add jkv-vi-br type bridge
ip -n $P-sw link set jkv-vi-br up
i=1
for n in a b; do
    ip netns add $P-$n
    ip link add jkv-vi-${n}0 netns $P-$n type veth peer name jkv-vi-${n}1 netns $P-sw
    ip -n $P-sw link set jkv-vi-${n}1 master jkv-vi-br
    ip -n $P-sw link set jkv-vi-${n}1 up
    ip -n $P-$n link set lo up
    ip -n $P-$n addr add 192.0.2.$i/24 dev jkv-vi-${n}0
    ip -n $P-$n link set jkv-vi-${n}0 up
    i=$((i + 1))
done
conf() {  # NODE PRIO
    for v in $(seq 1 "$N"); do
        printf 'vrrp_instance VI_%d {\n interface jkv-vi-%s0\n virtual_router_id %d\n priority %d\n advert_int 1\n' "$v" "$1" "$v" "$2"
        printf ' virtual_ipaddress {\n  192.0.2.%d/32\n }\n}\n' $((v % 240 + 10))
    done
}
[ "$N" -le 255 ] || { echo "at most 255 instances (VRIDs)"; exit 1; }
start() {  # IMPL NODE PRIO TAG
    conf "$2" "$3" > "$OUT/$4.conf"
    if [ "$1" = jkeepalived ]; then
        # shellcheck disable=SC2086
        # Through the launcher operators run (/usr/bin/jkeepalived, its JVM options); JAVA_OPTS adds to them.
        ip netns exec $P-$2 env JKEEPALIVED_JAR="${JKV_JAR:-$JAR}" JAVA_OPTS="${JAVA_OPTS:-}" packaging/jkeepalived \
            -n -l -f "$OUT/$4.conf" -P -p "$OUT/jkv-vi-$4.pidfile" -r "$OUT/jkv-vi-$4-vrrp.pidfile" > "$OUT/$4.log" 2>&1 &
    else
        ip netns exec $P-$2 keepalived -n -l -f "$OUT/$4.conf" --vrrp -p "$OUT/jkv-vi-$4.pidfile" \
            -r "$OUT/jkv-vi-$4-vrrp.pidfile" > "$OUT/$4.log" 2>&1 &
    fi
    echo $! > "$OUT/$4.pid"
}
pids() {  # TAG: the process and its children (keepalived's VRRP child)
    local p; p=$(cat "$OUT/$1.pid"); echo "$p $(pgrep -P "$p" | tr '\n' ' ')"
}
ticks() { local t=0; for p in $1; do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
rss() { local k=0; for p in $1; do k=$((k + $(awk '/^VmRSS/ {print $2}' /proc/$p/status))); done; echo $k; }
HZ=$(getconf CLK_TCK)
measure() {  # MASTER_IMPL BACKUP_IMPL
    start "$1" a 150 master
    start "$2" b 100 backup
    sleep 15
    vips_a=$(ip -n $P-a -o addr show dev jkv-vi-a0 | grep -c "/32")
    vips_b=$(ip -n $P-b -o addr show dev jkv-vi-b0 | grep -c "/32" || true)
    pm=$(pids master); pb=$(pids backup)
    m0=$(ticks "$pm"); b0=$(ticks "$pb")
    sleep "$SECS"
    m1=$(ticks "$pm"); b1=$(ticks "$pb")
    printf '%-11s master of %d: CPU %5.2f%% of a core, RSS %d MiB   (VIPs on master %d, on backup %d)\n' \
        "$1" "$N" "$(echo "($m1 - $m0) * 100 / $HZ / $SECS" | bc -l)" $(( $(rss "$pm") / 1024 )) "$vips_a" "$vips_b"
    printf '%-11s backup of %d: CPU %5.2f%% of a core, RSS %d MiB\n' \
        "$2" "$N" "$(echo "($b1 - $b0) * 100 / $HZ / $SECS" | bc -l)" $(( $(rss "$pb") / 1024 ))
    kill "$(cat "$OUT/master.pid")" "$(cat "$OUT/backup.pid")"
    wait "$(cat "$OUT/master.pid")" "$(cat "$OUT/backup.pid")" 2>/dev/null || true
    rm -f "$OUT/master.pid" "$OUT/backup.pid"
    sleep 2
}
echo "$N instances, advert_int 1, measured over $SECS s after 15 s of settling; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure jkeepalived keepalived
measure keepalived jkeepalived
echo "raw data: $OUT"
