#!/bin/bash
# Runs keepalived 2.2.7's SMTP_CHECK (-C) against scripted SMTP servers on the VM's loopback and prints its
# verdicts, so that jkeepalived's SmtpCheck rules can be compared with the real thing. Meant for the kernel lab VM
# (keepalived needs IPVS): integration-tests/lab/run.sh -t 240 healthcheck/lab/keepalived-smtp-check.sh
# Addresses: 127.0.0.1 and 10.99.0.1 on the VM's own loopback only (the VM has no network device).
set -u
modprobe ip_vs 2>/dev/null
W=$(mktemp -d /tmp/jkv-sc-lab.XXXXXX)
cat > "$W/smtp.py" <<'PY'
# One scripted SMTP server per port; what it does is chosen by the port. Logs what the client sent.
import socket, sys, threading, time
LOG = sys.argv[1]
def log(port, text):
    with open(LOG, "a") as f:
        f.write("%.2f %d %r\n" % (time.time(), port, text))
def line(c, port):
    b = b""
    while not b.endswith(b"\n"):
        x = c.recv(1)
        if not x:
            break
        b += x
    log(port, b)
    return b
def dialogue(c, port):
    greeting, helo_reply, quit_reply = b"220 mx ESMTP\r\n", b"250 mx\r\n", b"221 bye\r\n"
    if port == 2526: greeting = b"554 5.3.2 not now\r\n"
    if port == 2527: greeting = b"220-mx ESMTP\r\n220 ready\r\n"
    if port == 2528: helo_reply = b"250\r\n"
    if port == 2529: helo_reply = b"501 5.5.4 bad HELO\r\n"
    if port == 2530: quit_reply = b"xyz\n"
    if port == 2531: quit_reply = None
    if port == 2533: time.sleep(1.5)
    if port == 2534: time.sleep(0.7)
    if port == 2537: greeting, helo_reply = b"220 mx\r\n250 early\r\n", b"554 5.5.1 no\r\n"
    if port == 2538: greeting = b"220 " + b"x" * 600 + b"\r\n"
    if port == 2536:
        for b in greeting:
            c.sendall(bytes([b])); time.sleep(0.12)
    else:
        c.sendall(greeting)
    if not line(c, port): return
    if port == 2534: time.sleep(0.7)
    c.sendall(helo_reply)
    if not line(c, port): return
    if quit_reply is not None:
        c.sendall(quit_reply)
    line(c, port)
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(50)
    while True:
        c, _ = s.accept()
        def run(c=c):
            try:
                dialogue(c, port)
            except OSError:
                pass
            finally:
                c.close()
        threading.Thread(target=run, daemon=True).start()
for p in [2525, 2526, 2527, 2528, 2529, 2530, 2531, 2533, 2534, 2536, 2537, 2538]:
    threading.Thread(target=serve, args=(p,), daemon=True).start()
time.sleep(3600)
PY
rs() {  # port, checker body
  printf '  real_server 127.0.0.1 %s {\n    weight 1\n    SMTP_CHECK {\n%b\n    }\n  }\n' "$1" "$2"
}
common='      connect_timeout 1\n      retry 0\n      delay_before_retry 1\n      warmup 0'
{
  printf 'global_defs {\n  router_id jkv-sc-lab\n}\nvirtual_server 10.99.0.1 25 {\n  delay_loop 3\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n'
  rs 2525 "$common\n      helo_name lab.example.org"   # good: up
  rs 2526 "$common"                                     # 554 greeting
  rs 2527 "$common"                                     # multi-line greeting
  rs 2528 "$common"                                     # bare "250" CR LF
  rs 2529 "$common"                                     # HELO refused
  rs 2530 "$common"                                     # any line after QUIT
  rs 2531 "$common"                                     # no reply to QUIT, closed
  rs 2532 '      connect_timeout 1\n      retry 2\n      delay_before_retry 1\n      warmup 0\n      log_all_failures'  # refused, retry 2
  rs 2533 "$common"                                     # greeting 1.5 s late (> connect_timeout)
  rs 2534 "$common"                                     # greeting and HELO reply 0.7 s late each
  rs 2535 '      retry 0\n      warmup 0\n      host {\n        connect_port 2525\n      }'  # host block, no timeout
  rs 2536 "$common"                                     # greeting trickled 120 ms a byte (1.7 s in all)
  rs 2537 "$common"                                     # "220" and "250 early" in one write, then 554 to HELO
  rs 2538 "$common"                                     # a 606-byte greeting line
  printf '}\n'
} > "$W/k.conf"
ip addr add 10.99.0.1/32 dev lo
python3 "$W/smtp.py" "$W/smtp.log" &
PY_PID=$!
sleep 2
echo "$(date '+%a %b %e %T %Y'): EVENT start" >> "$W/log"
keepalived -n -l -D -C -f "$W/k.conf" -p "$W/k.pid" -c "$W/c.pid" >> "$W/log" 2>&1 &
sleep 25
kill "$(cat "$W/k.pid")"; sleep 2
[ -n "${JKV_SC_RAW:-}" ] && cat "$W/k.conf" "$W/log"
grep -E 'EVENT|SMTP|succeed|fail|Timeout|timeout|Removing|Adding|deprecated' "$W/log" \
  | grep -v -E 'Opening|Registering|Starting|Stopped'
echo "--- what the servers received (first 40 lines)"
head -40 "$W/smtp.log"
kill "$PY_PID" 2>/dev/null
