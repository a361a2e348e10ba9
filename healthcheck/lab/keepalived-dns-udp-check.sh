#!/bin/bash
# Runs keepalived 2.2.7's DNS_CHECK and UDP_CHECK (-C) against scripted UDP servers on the VM's loopback, with a
# tiny SMTP sink as its smtp_server, and prints its verdicts, the datagrams the servers received (with times) and
# the mails, so that jkeepalived's DnsCheck/DnsQuery/DnsRetryPolicy and UdpCheck rules can be compared with the
# real thing. Meant for the kernel lab VM (keepalived needs IPVS):
#   integration-tests/lab/run.sh -t 300 healthcheck/lab/keepalived-dns-udp-check.sh
# Addresses: 127.0.0.1, 10.99.0.1 and 10.99.0.2 on the VM's own loopback only (the VM has no network device).
# JKV_LC_RAW=1 also prints the configuration and keepalived's whole log.
set -u
modprobe ip_vs 2>/dev/null
W=$(mktemp -d /tmp/jkv-lc-lab.XXXXXX)
cat > "$W/servers.py" <<'PY'
# One scripted UDP server per port; what it does is chosen by the port. Logs every datagram it received (time,
# port, length, hex) and what it did. A file W/fail-PORT switches a toggled server to its failing behaviour.
import os, socket, sys, threading, time
W = sys.argv[1]
LOG = W + "/udp.log"
lock = threading.Lock()
def log(port, text):
    with lock, open(LOG, "a") as f:
        f.write("%.3f %d %s\n" % (time.time(), port, text))
def dns_reply(q, flags, qd=True):
    # Header with the query's ID, the given flags, the question copied back (when asked), no answers.
    body = q[12:] if qd else b""
    return q[:2] + flags.to_bytes(2, "big") + (b"\x00\x01" if qd else b"\x00\x00") + b"\x00" * 6 + body
def dns(port, s, q, peer):
    failing = os.path.exists("%s/fail-%d" % (W, port))
    if port in (5301, 5314) or (port == 5313 and not failing):
        out = [dns_reply(q, 0x8180)]
    elif port == 5302 or (port == 5313 and failing): out = [dns_reply(q, 0x8182)]   # SERVFAIL
    elif port == 5303: out = [dns_reply(q, 0x8185)]                                  # REFUSED
    elif port == 5304: out = [dns_reply(q, 0x8183)]                                  # NXDOMAIN
    elif port == 5305:                                                               # wrong ID, then the right one
        wrong = bytes([q[0] ^ 0xff, q[1]]) + q[2:]
        s.sendto(dns_reply(wrong, 0x8180), peer); log(port, "sent wrong ID")
        time.sleep(0.4); out = [dns_reply(q, 0x8180)]
    elif port == 5306: out = [b"garbage, not a DNS reply at all"]
    elif port == 5307: out = []                                                      # silence
    elif port == 5309: out = [dns_reply(q, 0x8180)[:6]]                              # 6 bytes: right ID, QR
    elif port == 5310: out = [dns_reply(q, 0x8180, qd=False)[:10]]                   # 10 bytes: right ID, QR
    elif port == 5311: out = [dns_reply(q, 0x8380)]                                  # TC set, NOERROR
    elif port == 5312: out = [q]                                                     # the query back (QR clear)
    elif port == 5315:                                                               # strays, then SERVFAIL
        for b in (b"\x01\x02", dns_reply(bytes([q[0] ^ 0xff, q[1]]) + q[2:], 0x8180), q):
            s.sendto(b, peer)
        log(port, "sent strays"); time.sleep(0.6); out = [dns_reply(q, 0x8182)]
    else: out = []
    for b in out:
        s.sendto(b, peer)
    log(port, "replied %s" % " ".join(b.hex() for b in out) if out else "silent")
def udp(port, s, d, peer):
    failing = os.path.exists("%s/fail-%d" % (W, port))
    if port in (5401, 5402, 5403, 5404, 5405, 5416) or (port == 5413 and not failing): out = [d]   # echo
    elif port == 5406: out = [bytes.fromhex("cafe00")]
    elif port in (5407, 5408): out = [bytes.fromhex("cafe") + bytes(18)]
    elif port == 5414: out = [b""]
    else: out = []                                              # 5409, 5410, 5413 failing: silence
    for b in out:
        s.sendto(b, peer)
    log(port, "replied %s" % " ".join(b.hex() or "(empty)" for b in out) if out else "silent")
def serve(port, handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    while True:
        d, peer = s.recvfrom(4096)
        log(port, "got %d bytes from %s:%d: %s" % (len(d), peer[0], peer[1], d.hex()))
        threading.Thread(target=handler, args=(port, s, d, peer), daemon=True).start()
for p in [5301, 5302, 5303, 5304, 5305, 5306, 5307, 5309, 5310, 5311, 5312, 5313, 5314, 5315]:
    threading.Thread(target=serve, args=(p, dns), daemon=True).start()
for p in [5401, 5402, 5403, 5404, 5405, 5406, 5407, 5408, 5409, 5410, 5413, 5414, 5416]:
    threading.Thread(target=serve, args=(p, udp), daemon=True).start()
time.sleep(3600)
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
dns_rs() {  # port, extra checker lines
  printf '  real_server 127.0.0.1 %s {\n    weight 1\n    DNS_CHECK {\n%b\n    }\n  }\n' "$1" "$2"
}
udp_rs() {
  printf '  real_server 127.0.0.1 %s {\n    weight 1\n    UDP_CHECK {\n%b\n    }\n  }\n' "$1" "$2"
}
c='      connect_timeout 2\n      retry 0\n      delay_before_retry 1\n      warmup 0'
t='      connect_timeout 2\n      retry 2\n      delay_before_retry 1\n      warmup 0'
{
  printf 'global_defs {\n  router_id jkv-lc-lab\n  notification_email {\n    ops@example.org\n  }\n'
  printf '  notification_email_from lb@example.org\n  smtp_server 127.0.0.1 2525\n  smtp_connect_timeout 5\n}\n'
  printf 'virtual_server 10.99.0.1 53 {\n  delay_loop 4\n  lb_algo rr\n  lb_kind NAT\n  protocol UDP\n'
  dns_rs 5301 "$c"                                   # NOERROR, default name and type (root SOA)
  dns_rs 5302 "$c"                                   # SERVFAIL
  dns_rs 5303 "$c"                                   # REFUSED
  dns_rs 5304 "$c"                                   # NXDOMAIN
  dns_rs 5305 "$c"                                   # wrong ID, 0.4 s later the right one (NOERROR)
  dns_rs 5306 "$c"                                   # garbage
  dns_rs 5307 "$c"                                   # silence
  dns_rs 5308 "$c"                                   # closed port
  dns_rs 5309 "$c"                                   # 6-byte reply (right ID, QR, NOERROR)
  dns_rs 5310 "$c"                                   # 10-byte reply (right ID, QR, NOERROR)
  dns_rs 5311 "$c"                                   # TC set, NOERROR
  dns_rs 5312 "$c"                                   # the query reflected (QR clear)
  dns_rs 5313 "$t"                                   # toggled: NOERROR, SERVFAIL from +8 s, NOERROR from +24 s
  dns_rs 5314 "$c\n      name www.example.org.\n      type A"   # the query bytes for a name and type
  dns_rs 5315 "$c"                                   # strays (short, wrong ID, QR clear), SERVFAIL 0.6 s later
  dns_rs 5316 '      connect_timeout 2\n      warmup 0'          # closed port, DNS defaults (retry 3, dbr = delay_loop)
  printf '}\n'
  printf 'virtual_server 10.99.0.2 9 {\n  delay_loop 4\n  lb_algo rr\n  lb_kind NAT\n  protocol UDP\n'
  udp_rs 5401 "$c"                                   # echo, default payload, no require_reply
  udp_rs 5402 "$c\n      require_reply"              # echo, require_reply without a pattern
  udp_rs 5403 "$c\n      payload cafe0001020304\n      require_reply cafe00"   # match (reply longer than pattern)
  udp_rs 5404 "$c\n      payload cafe0001\n      require_reply beef"          # mismatch
  udp_rs 5405 "$c\n      payload cafe\n      require_reply cXfe"              # x matches any nibble
  udp_rs 5406 "$c\n      require_reply cafe\n      min_reply_length 4"        # 3-byte reply, too short
  udp_rs 5407 "$c\n      require_reply cafe\n      max_reply_length 10"       # 20-byte reply, too long
  udp_rs 5408 "$c\n      require_reply\n      max_reply_length 10"            # 20 bytes, no pattern
  udp_rs 5409 "$c"                                   # silence, no require_reply
  udp_rs 5410 "$c\n      require_reply"              # silence, require_reply
  udp_rs 5411 "$c"                                   # closed port, no require_reply
  udp_rs 5412 "$c\n      require_reply"              # closed port, require_reply
  udp_rs 5413 "$t\n      require_reply"              # toggled: echo, silent from +8 s, echo from +24 s
  udp_rs 5414 "$c\n      require_reply cafe"         # an empty datagram back (min_reply_length 0)
  udp_rs 5416 '      connect_timeout 2\n      warmup 0'          # echo, UDP_CHECK defaults
  printf '}\n'
} > "$W/k.conf"
ip addr add 10.99.0.1/32 dev lo
ip addr add 10.99.0.2/32 dev lo
python3 "$W/servers.py" "$W" &
PY_PID=$!
python3 "$W/smtp.py" "$W/smtp.log" &
SMTP_PID=$!
sleep 2
# keepalived stamps its lines to the second; the events get the same stamp (and the exact time, for the
# servers' log).
event() { echo "$(date '+%a %b %e %T %Y'): EVENT $* ($EPOCHREALTIME)" >> "$W/log"; }
event start
keepalived -n -l -D -C -f "$W/k.conf" -p "$W/k.pid" -c "$W/c.pid" >> "$W/log" 2>&1 &
sleep 8;  event "5313 SERVFAIL, 5413 silent"; touch "$W/fail-5313" "$W/fail-5413"
sleep 16; event "5313 NOERROR, 5413 echo"; rm -f "$W/fail-5313" "$W/fail-5413"
sleep 12
event stop
kill "$(cat "$W/k.pid")"; sleep 3
[ -n "${JKV_LC_RAW:-}" ] && cat "$W/k.conf" "$W/log"
echo "--- keepalived"
grep -E 'EVENT|DNS|UDP|succe|fail|Timeout|timeout|Removing|Adding|Rescheduling|mismatch|error|rror' "$W/log" \
  | grep -v -E 'Opening|Registering|Starting|Stopped|Activating'
echo "--- what the servers received and did"
cat "$W/udp.log"
echo "--- SMTP sink"
cat "$W/smtp.log" 2>/dev/null
kill "$PY_PID" "$SMTP_PID" 2>/dev/null
ipvsadm -Ln
