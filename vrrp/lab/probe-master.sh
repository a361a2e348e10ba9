#!/bin/bash
# Probes how keepalived 2.2.7 as MASTER (pair-a.conf: 192.0.2.1, priority 150, vrid 60) reacts to
# adverts injected from the peer namespace: a lower priority advert, a priority 0 advert, and a
# flood of packets with a bad checksum. Same namespaces as capture-golden.sh. Needs root.
#   vrrp/lab/probe-master.sh OUTDIR
#   then: echo DATE > OUTDIR/captured-at; python3 vrrp/lab/pcap-to-hex.py OUTDIR GOLDENDIR probe
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: probe-master.sh OUTDIR}
mkdir -p "$OUT"
A=jkv-vc-a; B=jkv-vc-b
cleanup() {
    [ -f /tmp/jkv-vc-probe-main.pid ] && kill "$(cat /tmp/jkv-vc-probe-main.pid)" 2>/dev/null || true
    [ -f /tmp/jkv-vc-tcpdump.pid ] && kill "$(cat /tmp/jkv-vc-tcpdump.pid)" 2>/dev/null || true
    sleep 0.5
    rm -f /tmp/jkv-vc-probe*.pid /tmp/jkv-vc-tcpdump.pid
    ip netns del $A 2>/dev/null || true
    ip netns del $B 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip netns add $A; ip netns add $B
ip link add jkv-vc-a0 netns $A type veth peer name jkv-vc-b0 netns $B
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A addr add 192.0.2.1/24 dev jkv-vc-a0
ip -n $B addr add 192.0.2.2/24 dev jkv-vc-b0
ip -n $A link set jkv-vc-a0 up; ip -n $B link set jkv-vc-b0 up
ip -n $B route add 224.0.0.0/4 dev jkv-vc-b0
sleep 1
ip netns exec $B tcpdump -i jkv-vc-b0 -U -w "$OUT/probe.pcap" 'ip proto 112 or arp' > "$OUT/probe.tcpdump.log" 2>&1 &
echo $! > /tmp/jkv-vc-tcpdump.pid
sleep 1
date +%s.%N > "$OUT/probe.start"
ip netns exec $A keepalived -n -l -D -f "$HERE/configs/pair-a.conf" --vrrp \
    -p /tmp/jkv-vc-probe.pid -r /tmp/jkv-vc-probe-vrrp.pid > "$OUT/probe.log" 2>&1 &
echo $! > /tmp/jkv-vc-probe-main.pid
# keepalived is master from ~3.5 s. Then: a lower priority advert at 5.3 s, a priority 0 advert
# at 12.3 s, and from 15.3 s a bad-checksum advert every 0.1 s for 6 s.
ip netns exec $B python3 "$HERE/inject.py" 192.0.2.2 '5.3:good:100,12.3:good:0,15.3:badsum:200:60:0.1'
sleep 3
kill -TERM "$(cat /tmp/jkv-vc-probe-main.pid)"; wait "$(cat /tmp/jkv-vc-probe-main.pid)" 2>/dev/null || true
rm -f /tmp/jkv-vc-probe-main.pid
sleep 0.5
kill -INT "$(cat /tmp/jkv-vc-tcpdump.pid)"; wait "$(cat /tmp/jkv-vc-tcpdump.pid)" 2>/dev/null || true
rm -f /tmp/jkv-vc-tcpdump.pid
