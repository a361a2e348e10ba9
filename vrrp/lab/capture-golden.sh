#!/bin/bash
# Captures golden VRRP adverts from Debian's keepalived 2.2.7, run in VRRP-only mode inside two
# network namespaces created here (jkv-vc-a, jkv-vc-b, joined by the veth pair jkv-vc-a0/jkv-vc-b0,
# addresses 192.0.2.1/24, 192.0.2.2/24, 2001:db8::1/64, 2001:db8::2/64). Needs root, keepalived,
# tcpdump, python3. Everything it creates is removed on exit.
#
#   vrrp/lab/capture-golden.sh OUTDIR     (pcaps and keepalived logs go to OUTDIR)
#   python3 vrrp/lab/pcap-to-hex.py ...   (then turns them into test resources)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: capture-golden.sh OUTDIR}
mkdir -p "$OUT"
A=jkv-vc-a; B=jkv-vc-b

cleanup() {
    for p in /tmp/jkv-vc-*.pid; do
        [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
    done
    sleep 0.5
    rm -f /tmp/jkv-vc-*.pid
    ip netns del $A 2>/dev/null || true
    ip netns del $B 2>/dev/null || true
}
trap cleanup EXIT

setup() {
    cleanup
    ip netns add $A; ip netns add $B
    ip link add jkv-vc-a0 netns $A type veth peer name jkv-vc-b0 netns $B
    for ns in $A $B; do
        ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
        ip -n $ns link set lo up
    done
    ip -n $A addr add 192.0.2.1/24 dev jkv-vc-a0
    ip -n $B addr add 192.0.2.2/24 dev jkv-vc-b0
    ip -n $A addr add 2001:db8::1/64 dev jkv-vc-a0 nodad
    ip -n $B addr add 2001:db8::2/64 dev jkv-vc-b0 nodad
    ip -n $A link set jkv-vc-a0 up
    ip -n $B link set jkv-vc-b0 up
    sleep 1
}

# start_ka NS CONF TAG: keepalived in VRRP-only mode, logging to the console
start_ka() {
    local ns=$1 conf=$2 tag=$3
    date +%s.%N > "$OUT/$tag.start"
    ip netns exec "$ns" keepalived -n -l -D -f "$conf" --vrrp \
        -p /tmp/jkv-vc-$tag.pid -r /tmp/jkv-vc-$tag-vrrp.pid > "$OUT/$tag.log" 2>&1 &
    echo $! > /tmp/jkv-vc-$tag-main.pid
}

stop_ka() {
    local tag=$1
    date +%s.%N > "$OUT/$tag.stop"
    kill -TERM "$(cat /tmp/jkv-vc-$tag-main.pid)"
    wait "$(cat /tmp/jkv-vc-$tag-main.pid)" 2>/dev/null || true
    rm -f /tmp/jkv-vc-$tag-main.pid
}

start_capture() {
    local name=$1
    ip netns exec $B tcpdump -i jkv-vc-b0 -U -w "$OUT/$name.pcap" 'ip proto 112 or ip6 proto 112 or arp or icmp6' \
        > "$OUT/$name.tcpdump.log" 2>&1 &
    echo $! > /tmp/jkv-vc-tcpdump.pid
    sleep 1
}

stop_capture() {
    sleep 0.5
    kill -INT "$(cat /tmp/jkv-vc-tcpdump.pid)"
    wait "$(cat /tmp/jkv-vc-tcpdump.pid)" 2>/dev/null || true
    rm -f /tmp/jkv-vc-tcpdump.pid
}

# single CONF SECONDS: one speaker alone in namespace A, stopped after SECONDS (priority-0 advert)
single() {
    local name=$1 secs=$2
    setup
    start_capture "$name"
    start_ka $A "$HERE/configs/$name.conf" "$name"
    sleep "$secs"
    stop_ka "$name"
    stop_capture
}

single v2-pass 7
single v2-none-multi 12
single v2-pass-short 5
single v2-pass-long 14
single v3-ipv4 9
single v3-ipv6 7

# pair: A (150) and B (100) start together; A stops (B takes over after the skew time), A returns
# and preempts B.
setup
start_capture pair
start_ka $B "$HERE/configs/pair-b.conf" pair-b
start_ka $A "$HERE/configs/pair-a.conf" pair-a
sleep 7
stop_ka pair-a
sleep 4
start_ka $A "$HERE/configs/pair-a.conf" pair-a2
sleep 7
stop_ka pair-a2
sleep 2
stop_ka pair-b
stop_capture
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/captured-at"
