#!/usr/bin/env bash
# VRRP failover benchmark, jkeepalived and keepalived 2.2.7 side by side in the same run.
#
# One segment (namespaces joined by a bridge, everything named jkv-vi-bf-*, removed at the end):
#   a: keepalived, the master of two instances (VI_J vrid 61, VI_K vrid 62), priority 150
#   b: jkeepalived, backup of VI_J (priority 100)     c: keepalived, backup of VI_K (priority 100)
#   x: tcpdump (wire timestamps);  b and c: `ip -t monitor address` (VIP timestamps)
# Each run kills a's keepalived with SIGKILL at a random point of its advert interval; both backups
# take over. For each backup: last advert from a -> VIP present on the backup, and -> its first
# gratuitous ARP on the wire. The protocol bound is master_down_interval = 3 x 1 s + 156/256 s =
# 3.609375 s after the last advert. Then a restarts and preempts both backups for the next run.
#
# Usage (root; keepalived, tcpdump, java 17): bench/vrrp-failover.sh [RUNS]   (default 20)
# Environment: JKV_PREFIX (names, default jkv-vi), JKV_JAR (another build), JKV_ARGS (more jkeepalived options,
# e.g. -D for its per-takeover timing line), JKV_JAVA_OPTS (JVM options after the launcher's own: jkeepalived runs
# through packaging/jkeepalived, as /usr/bin/jkeepalived does; JKV_JAVA_OPTS=-XX:TieredStopAtLevel=4 for full tiers), STRACE=1 (strace both backups),
# JKV_B=keepalived (node b runs keepalived too: an A/A run that shows how often one keepalived is "later" than
# another by chance alone; b's rows are then labelled keepalived-b).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
JAR=${JKV_JAR:-daemon/target/jkeepalived.jar}   # JKV_JAR: another build, e.g. main's, for a before/after
[ -f "$JAR" ] || mvn -B -q -pl daemon -am package -DskipTests
# JKV_PREFIX renames every namespace and link (jkv-vi by default), so that two copies can run at once.
X=${JKV_PREFIX:-jkv-vi}
P=$X-bf
OUT=$(mktemp -d /tmp/$P.XXXXXX)
BOUND=3.609375
case "${JKV_B:-jkeepalived}" in
    jkeepalived) B=jkeepalived;;
    keepalived) B=keepalived-b;;
    *) echo "JKV_B must be jkeepalived or keepalived" >&2; exit 2;;
esac

cleanup() {
    for f in "$OUT"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    pkill -F "$OUT/tcpdump.bg" 2>/dev/null || true
    sleep 1
    for n in a b c x sw; do ip netns del $P-$n 2>/dev/null || true; done
}
trap cleanup EXIT
for n in a b c x sw; do ip netns del $P-$n 2>/dev/null || true; done
ip netns add $P-sw
ip -n $P-sw link add $X-br type bridge
ip -n $P-sw link set $X-br up
i=1
for n in a b c x; do
    ip netns add $P-$n
    ip link add $X-${n}0 netns $P-$n type veth peer name $X-${n}1 netns $P-sw
    ip -n $P-sw link set $X-${n}1 master $X-br
    ip -n $P-sw link set $X-${n}1 up
    ip -n $P-$n link set lo up
    ip -n $P-$n addr add 192.0.2.$i/24 dev $X-${n}0
    ip -n $P-$n link set $X-${n}0 up
    i=$((i + 1))
done

inst() {  # NAME VRID PRIO IFACE VIP
    printf 'vrrp_instance %s {\n interface %s\n virtual_router_id %s\n priority %s\n advert_int 1\n' "$1" "$4" "$2" "$3"
    printf ' authentication {\n  auth_type PASS\n  auth_pass bench\n }\n virtual_ipaddress {\n  %s/24\n }\n}\n' "$5"
}
{ inst VI_J 61 150 $X-a0 192.0.2.161; inst VI_K 62 150 $X-a0 192.0.2.162; } > "$OUT/a.conf"
inst VI_J 61 100 $X-b0 192.0.2.161 > "$OUT/b.conf"
inst VI_K 62 100 $X-c0 192.0.2.162 > "$OUT/c.conf"

ip netns exec $P-x tcpdump -i $X-x0 -nn -e -tt -l -U 'arp or ip proto 112' > "$OUT/wire.txt" 2>/dev/null &
echo $! > "$OUT/tcpdump.bg"
# On each backup too: when its kernel had the master's last advert, and when its own frames left.
ip netns exec $P-b tcpdump -i $X-b0 -nn -e -tt -l -U 'arp or ip proto 112' > "$OUT/b.wire" 2>/dev/null &
echo $! > "$OUT/tcpdumpb.pid"
ip netns exec $P-c tcpdump -i $X-c0 -nn -e -tt -l -U 'arp or ip proto 112' > "$OUT/c.wire" 2>/dev/null &
echo $! > "$OUT/tcpdumpc.pid"
ip netns exec $P-b ip -t monitor address > "$OUT/b.monitor" &
echo $! > "$OUT/monb.pid"
ip netns exec $P-c ip -t monitor address > "$OUT/c.monitor" &
echo $! > "$OUT/monc.pid"

# JKV_ARGS: more jkeepalived options, e.g. -D for its per-takeover timing line (timer, advert, VIPs, frames).
if [ $B = jkeepalived ]; then
    # Through the launcher operators run (/usr/bin/jkeepalived), with its JVM options; JKV_JAVA_OPTS adds to them.
    ip netns exec $P-b env JKEEPALIVED_JAR="$JAR" JAVA_OPTS="${JKV_JAVA_OPTS:-}" packaging/jkeepalived ${JKV_ARGS:-} \
        -n -l -f "$OUT/b.conf" -P -p "$OUT/jkv-vi-b-main.pidfile" -r "$OUT/jkv-vi-b-vrrp.pidfile" > "$OUT/b.log" 2>&1 &
else
    ip netns exec $P-b keepalived -n -l -R -f "$OUT/b.conf" --vrrp -p "$OUT/jkv-vi-b-main.pidfile" \
        -r "$OUT/jkv-vi-b-vrrp.pidfile" > "$OUT/b.log" 2>&1 &
fi
echo $! > "$OUT/b.pid"
ip netns exec $P-c keepalived -n -l -R -f "$OUT/c.conf" --vrrp -p "$OUT/jkv-vi-c-main.pidfile" \
    -r "$OUT/jkv-vi-c-vrrp.pidfile" > "$OUT/c.log" 2>&1 &
echo $! > "$OUT/c.pid"

if [ -n "${STRACE:-}" ]; then
    # Diagnosis only (it slows both daemons): every network syscall and write of both backups, with times.
    sleep 3
    strace -f -ttt -T -e trace=network,write,ppoll,epoll_wait,timerfd_settime -o "$OUT/b.strace" -p "$(if [ $B = jkeepalived ]; then cat "$OUT/b.pid"; else cat "$OUT/jkv-vi-b-vrrp.pidfile"; fi)" 2>/dev/null &
    echo $! > "$OUT/straceb.pid"
    strace -f -ttt -T -e trace=network,write,ppoll,epoll_wait,timerfd_settime -o "$OUT/c.strace" -p "$(cat "$OUT/jkv-vi-c-vrrp.pidfile")" 2>/dev/null &
    echo $! > "$OUT/stracec.pid"
fi

start_master() {
    rm -f "$OUT/jkv-vi-a-main.pidfile" "$OUT/jkv-vi-a-vrrp.pidfile"
    ip netns exec $P-a keepalived -n -l -R -f "$OUT/a.conf" --vrrp -p "$OUT/jkv-vi-a-main.pidfile" \
        -r "$OUT/jkv-vi-a-vrrp.pidfile" >> "$OUT/a.log" 2>&1 &
    echo $! > "$OUT/a.pid"
}
has() { ip -n $P-$1 -o addr show dev $X-${1}0 | grep -q " $2/"; }

mac_b=$(ip -n $P-b -o link show dev $X-b0 | sed 's/.*link\/ether \([^ ]*\).*/\1/')
mac_c=$(ip -n $P-c -o link show dev $X-c0 | sed 's/.*link\/ether \([^ ]*\).*/\1/')
echo "run impl last_advert vip_after garp_after over_bound (beyond the bound:) advert vip garp local" > "$OUT/results.txt"
for run in $(seq 1 "$RUNS"); do
    start_master
    # a preempts both backups (3.414 s), then a steady second or two, then a random phase.
    for _ in $(seq 1 200); do has a 192.0.2.161 && has a 192.0.2.162 && ! has b 192.0.2.161 && ! has c 192.0.2.162 && break; sleep 0.05; done
    sleep "1.$((RANDOM % 1000))"
    kill -9 "$(cat "$OUT/jkv-vi-a-vrrp.pidfile")" "$(cat "$OUT/a.pid")"
    kill_at=$(date +%s.%N)
    wait "$(cat "$OUT/a.pid")" 2>/dev/null || true
    # Both takeovers fall within 3.61 s of the kill (the last advert was at most 1 s before it); no
    # polling `ip` processes (fork, exec, setns, a netlink dump 40 times a second) until they are done.
    sleep 4
    for _ in $(seq 1 200); do has b 192.0.2.161 && has c 192.0.2.162 && break; sleep 0.05; done
    sleep 1
    ip -n $P-a addr flush dev $X-a0 to 192.0.2.160/28 2>/dev/null || true
    for impl in $B keepalived; do
        if [ $impl = $B ]; then vrid=61; vip=192.0.2.161; mac=$mac_b; mon="$OUT/b.monitor"; me=192.0.2.2; own="$OUT/b.wire";
        else vrid=62; vip=192.0.2.162; mac=$mac_c; mon="$OUT/c.monitor"; me=192.0.2.3; own="$OUT/c.wire"; fi
        # The same two moments seen on the backup itself: its receive of the last advert, its first GARP out.
        llast=$(awk -v k="$kill_at" -v v="vrid $vrid," '$0 ~ "192.0.2.1 > 224.0.0.18" && index($0, v) && $1 < k {t=$1} END {print t}' "$own")
        lgarp=$(awk -v l="$llast" -v m="$mac" -v ip="$vip" '$1 > l && index($0, m " > ff:ff:ff:ff:ff:ff") && index($0, "tell " ip) {print $1; exit}' "$own")
        last=$(awk -v k="$kill_at" -v v="vrid $vrid," '$0 ~ "192.0.2.1 > 224.0.0.18" && index($0, v) && $1 < k {t=$1} END {print t}' "$OUT/wire.txt")
        garp=$(awk -v l="$last" -v m="$mac" -v ip="$vip" '$1 > l && index($0, m " > ff:ff:ff:ff:ff:ff") && index($0, "tell " ip) {print $1; exit}' "$OUT/wire.txt")
        adv=$(awk -v l="$last" -v v="vrid $vrid," -v me="$me > 224.0.0.18" '$1 > l && index($0, me) && index($0, v) {print $1; exit}' "$OUT/wire.txt")
        vipt=$(awk -v ip="$vip" '/^Timestamp:/ {ts=$0} index($0, "inet " ip "/") && !/Deleted/ {split(ts, f, " "); cmd="date -d \"" f[2] " " f[3] " " f[4] " " f[5] " " f[6] "\" +%s"; cmd | getline s; close(cmd); t=s + f[7] / 1e6} END {printf "%.6f", t}' "$mon")
        awk -v r="$run" -v i="$impl" -v l="$last" -v v="$vipt" -v g="$garp" -v a="$adv" -v b="$BOUND" -v ll="$llast" -v lg="$lgarp" \
            'BEGIN {printf "%d %s %.6f %.4f %.4f %+.1fms advert %+.2fms vip %+.2fms garp %+.2fms local %+.2fms\n", r, i, l, v - l, g - l,
                    (g - l - b) * 1000, (a - l - b) * 1000, (v - l - b) * 1000, (g - l - b) * 1000, (lg - ll - b) * 1000}' >> "$OUT/results.txt"
    done
    tail -2 "$OUT/results.txt"
done
echo
echo "summary: from the master's last advert to the backup's first gratuitous ARP, minus the bound $BOUND s (ms)"
for impl in $B keepalived; do
    awk -v i=$impl 'NR > 1 && $2 == i {printf "%.1f\n", ($5 - 3.609375) * 1000}' "$OUT/results.txt" | sort -n |
        awk -v i=$impl '{v[NR] = $1; s += $1} END {printf "%-11s runs %d  median %+.1f  p90 %+.1f  max %+.1f  mean %+.1f\n",
            i, NR, v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.999)], v[NR], s / NR}'
done
echo "breakdown, medians beyond the bound (ms): first advert as master on the wire, VIP seen by ip monitor, first GARP;"
echo "  local: the backup's own capture, from its receive of the last advert to its first GARP out"
for impl in $B keepalived; do
    for col in 8 10 12 14; do
        awk -v i=$impl -v c=$col 'NR > 1 && $2 == i {print $c + 0}' "$OUT/results.txt" | sort -n |
            awk '{v[NR] = $1} END {printf " %+.2f", v[int((NR + 1) / 2)]}'
    done | sed "s/^/$impl/"; echo
done
awk -v bi=$B 'NR > 1 {g[$1 " " $2] = $5; lo[$1 " " $2] = $14 + 0} END {for (k in g) {split(k, f, " "); if (f[2] == bi) {n++;
     if (g[k] <= g[f[1] " keepalived"] + 0.0005) w++; if (lo[k] <= lo[f[1] " keepalived"] + 0.5) lw++}}
     printf "runs where %s was not later than keepalived (0.5 ms resolution): %d of %d (on the wire at x); %d of %d (each on its own backup)\n", bi, w, n, lw, n}' "$OUT/results.txt"
echo "raw data: $OUT"
trap - EXIT
cleanup
