#!/bin/bash
# Runs keepalived 2.2.7's PING_CHECK (-C) against addresses inside the kernel lab VM and prints its verdicts, the
# echo requests as raw sockets saw them (type, identifier, sequence bytes, data), net.ipv4.ping_group_range
# before, during and after, and the mails a tiny SMTP sink received, so that jkeepalived's PingCheck, IcmpEcho
# and PingGroupRange rules can be compared with the real thing. Meant for the kernel lab VM:
#   integration-tests/lab/run.sh -t 300 healthcheck/lab/keepalived-ping-check.sh
# Addresses: 127.0.0.1, 10.99.0.3 and 10.99.1.1/.3 on the VM's loopback; 10.99.3.0/24 on a veth pair between the
# VM's root namespace and a namespace jkv-lc-p that this script creates (the VM has no network device). 10.99.2.2
# has no route.
# JKV_LC_RAW=1 also prints the configuration and keepalived's whole log.
set -u
modprobe ip_vs 2>/dev/null
W=$(mktemp -d /tmp/jkv-lc-lab.XXXXXX)
cat > "$W/sniff.py" <<'PY'
# Logs every ICMP message this namespace receives (a raw socket gets a copy of each): time, source, destination,
# type, code, identifier, the sequence's two bytes, data length and the data's first 40 bytes.
import socket, sys, time
LOG, TAG = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
while True:
    p, _ = s.recvfrom(4096)
    ihl = (p[0] & 0x0f) * 4
    src, dst = socket.inet_ntoa(p[12:16]), socket.inet_ntoa(p[16:20])
    i = p[ihl:]
    with open(LOG, "a") as f:
        f.write("%.3f %s %s > %s type %d code %d id %d seq-bytes %s data %d %r\n" % (time.time(), TAG, src, dst,
                i[0], i[1], int.from_bytes(i[4:6], "big"), i[6:8].hex(), len(i) - 8, i[8:48]))
PY
cat > "$W/smtp.py" <<'PY'
# A tiny SMTP sink on 127.0.0.1:2525: accepts every mail, logs the dialogue (both ways) with times.
import socket, sys, threading, time
LOG = sys.argv[1]
lock = threading.Lock()
def log(text):
    with lock, open(LOG, "a") as f:
        f.write("%.3f %s\n" % (time.time(), text))
def session(c):
    f = c.makefile("rb")
    def say(t):
        c.sendall(t + b"\r\n"); log("S: " + t.decode())
    say(b"220 sink ESMTP")
    data = False
    for line in f:
        log("C: " + line.decode("latin-1").rstrip("\r\n"))
        if data:
            if line in (b".\r\n", b".\n"):
                data = False; say(b"250 queued")
            continue
        cmd = line[:4].upper()
        if cmd == b"DATA": data = True; say(b"354 go on")
        elif cmd == b"QUIT": say(b"221 bye"); break
        else: say(b"250 ok")
    c.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 2525)); s.listen(20)
while True:
    c, _ = s.accept()
    threading.Thread(target=session, args=(c,), daemon=True).start()
PY
ping_rs() {  # address, checker lines
  printf '  real_server %s 80 {\n    weight 1\n    PING_CHECK {\n%b\n    }\n  }\n' "$1" "$2"
}
c='      connect_timeout 1\n      retry 0\n      warmup 0'
t='      connect_timeout 1\n      retry 2\n      delay_before_retry 1\n      warmup 0'
{
  printf 'global_defs {\n  router_id jkv-lc-lab\n  notification_email {\n    ops@example.org\n  }\n'
  printf '  notification_email_from lb@example.org\n  smtp_server 127.0.0.1 2525\n  smtp_connect_timeout 5\n}\n'
  printf 'virtual_server 10.99.0.3 80 {\n  delay_loop 3\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n'
  ping_rs 127.0.0.1 "$c\n      connect_port 9999\n      bind_port 4000"   # up (port options ignored)
  ping_rs 10.99.3.2 "$t"     # veth peer in jkv-lc-p: icmp_echo_ignore_all=1 there from +8 s to +22 s
  ping_rs 10.99.1.1 "$t"     # on lo: nft drops echo requests to it from +8 s to +22 s
  ping_rs 10.99.1.3 '      connect_timeout 3\n      retry 0\n      warmup 0'  # on lo, nft rejects: admin-prohibited
  ping_rs 10.99.2.2 "$c"     # no route: sendto fails
  ping_rs 10.99.3.9 "$c"     # on the veth subnet, nobody there: ARP unanswered
  ping_rs 10.99.3.4 '      warmup 0'   # veth peer, PING_CHECK defaults (retry 1, delay_before_retry 1)
  printf '}\n'
} > "$W/k.conf"
ip addr add 10.99.0.3/32 dev lo
ip addr add 10.99.1.1/32 dev lo
ip addr add 10.99.1.3/32 dev lo
ip netns add jkv-lc-p
ip link add jkv-lc-h type veth peer name jkv-lc-n
ip link set jkv-lc-n netns jkv-lc-p
ip addr add 10.99.3.1/24 dev jkv-lc-h; ip link set jkv-lc-h up
ip -n jkv-lc-p addr add 10.99.3.2/24 dev jkv-lc-n; ip -n jkv-lc-p addr add 10.99.3.4/24 dev jkv-lc-n
ip -n jkv-lc-p link set jkv-lc-n up; ip -n jkv-lc-p link set lo up
NFT=yes
nft -f - <<'NFT' || NFT=no
table ip jkv_lc {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr 10.99.1.3 icmp type echo-request reject with icmp type admin-prohibited
  }
}
NFT
echo "nft available: $NFT"
ping -c 1 -W 2 10.99.3.2 >/dev/null 2>&1 && echo "10.99.3.2 answers ping(8)" || echo "10.99.3.2 does NOT answer ping(8)"
python3 "$W/sniff.py" "$W/icmp.log" root &
SNIFF_PID=$!
ip netns exec jkv-lc-p python3 "$W/sniff.py" "$W/icmp.log" ns &
SNIFF_NS_PID=$!
python3 "$W/smtp.py" "$W/smtp.log" &
SMTP_PID=$!
sleep 2
event() { echo "$(date '+%a %b %e %T %Y'): EVENT $* ($EPOCHREALTIME)" >> "$W/log"; }
# The file's text as printf %q shows it (tabs as \t; the final newline dropped by $(...)).
range() { event "ping_group_range $1: $(printf '%q' "$(cat /proc/sys/net/ipv4/ping_group_range)")"; }
range "before (kernel default)"
event start
keepalived -n -l -D -C -f "$W/k.conf" -p "$W/k.pid" -c "$W/c.pid" >> "$W/log" 2>&1 &
sleep 3; range "during"
sleep 5;  event "10.99.3.2 ignores echoes, 10.99.1.1 echoes dropped"
ip netns exec jkv-lc-p sysctl -q -w net.ipv4.icmp_echo_ignore_all=1
[ "$NFT" = yes ] && nft add rule ip jkv_lc input ip daddr 10.99.1.1 icmp type echo-request drop
sleep 14; event "10.99.3.2 and 10.99.1.1 answer again"
ip netns exec jkv-lc-p sysctl -q -w net.ipv4.icmp_echo_ignore_all=0
[ "$NFT" = yes ] && nft flush chain ip jkv_lc input && \
  nft add rule ip jkv_lc input ip daddr 10.99.1.3 icmp type echo-request reject with icmp type admin-prohibited
sleep 10
event stop
kill "$(cat "$W/k.pid")"; sleep 3
range "after"
# ping_group_range with other starting values: a short run each, one PING_CHECK on 127.0.0.1.
printf 'virtual_server 10.99.0.3 81 {\n  delay_loop 3\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n%s}\n' \
  "$(ping_rs 127.0.0.1 "$c")" > "$W/k2.conf"
for start in "100 200" "0 5" "5 1"; do
  printf '%s\n' "$start" > /proc/sys/net/ipv4/ping_group_range
  range "before ($start)"
  keepalived -n -l -D -C -f "$W/k2.conf" -p "$W/k2.pid" -c "$W/c2.pid" >> "$W/log2" 2>&1 &
  sleep 4; range "during ($start)"
  kill "$(cat "$W/k2.pid")"; sleep 3
  range "after ($start)"
done
[ -n "${JKV_LC_RAW:-}" ] && cat "$W/k.conf" "$W/log" "$W/log2"
echo "--- keepalived"
grep -E 'EVENT|ICMP|PING|ping|succe|fail|Timeout|timeout|Removing|Adding|Rescheduling|rror|arning|ignor' "$W/log" \
  | grep -v -E 'Opening|Registering|Starting|Stopped|Activating'
echo "--- keepalived, short runs"
grep -E 'ping_group|ICMP|arning|rror' "$W/log2"
echo "--- ICMP seen (root: lo and replies; ns: requests to the veth peer), first 60 and per destination counts"
head -60 "$W/icmp.log"
awk '{print $2, $3, $4, $5, "type", $7}' "$W/icmp.log" | sort | uniq -c
echo "--- SMTP sink"
cat "$W/smtp.log" 2>/dev/null
kill "$SNIFF_PID" "$SNIFF_NS_PID" "$SMTP_PID" 2>/dev/null
nft delete table ip jkv_lc 2>/dev/null
ip link del jkv-lc-h 2>/dev/null; ip netns del jkv-lc-p
ipvsadm -Ln
