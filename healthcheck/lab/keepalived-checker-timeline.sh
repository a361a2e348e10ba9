#!/bin/bash
# Runs keepalived 2.2.7's checkers (-C) against local servers that the script stops and restarts, and prints
# when keepalived declared each real server down or up, relative to the start. Meant for the kernel lab VM
# (keepalived needs IPVS): integration-tests/lab/run.sh -t 180 healthcheck/lab/keepalived-checker-timeline.sh
# Addresses: 127.0.0.1 and 10.99.0.1 on the VM's own loopback only (the VM has no network device).
set -u
modprobe ip_vs 2>/dev/null
W=$(mktemp -d /tmp/jkv-ck-lab.XXXXXX)
cat > "$W/k.conf" <<'CONF'
global_defs {
  router_id jkv-ck-lab
}
virtual_server 10.99.0.1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  # HTTP_GET, one url: down after 1 + retry failures, recovery takes two passes delay_loop apart?
  real_server 127.0.0.1 8081 {
    weight 1
    HTTP_GET {
      url {
        path /
      }
      connect_timeout 1
      retry 1
      delay_before_retry 1
      warmup 0
    }
  }
  # TCP_CHECK: down after 1 + retry failures, up at the first success
  real_server 127.0.0.1 8082 {
    weight 1
    TCP_CHECK {
      connect_timeout 1
      retry 1
      delay_before_retry 1
      warmup 0
    }
  }
  # Nothing listens: with retry 3, is it down at the first failed check (retry counter primed at start)?
  real_server 127.0.0.1 8083 {
    weight 1
    TCP_CHECK {
      connect_timeout 1
      retry 3
      delay_before_retry 1
      warmup 0
    }
  }
  # Two checkers: up only while both are up
  real_server 127.0.0.1 8084 {
    weight 1
    TCP_CHECK {
      connect_port 8082
      connect_timeout 1
      retry 0
      warmup 0
    }
    TCP_CHECK {
      connect_port 8085
      connect_timeout 1
      retry 0
      warmup 0
    }
  }
}
CONF
ip addr add 10.99.0.1/32 dev lo
serve() { /usr/bin/python3 -m http.server "$1" --bind 127.0.0.1 >/dev/null 2>&1 & eval "P$1=$!"; }
# keepalived stamps its lines to the second; the events get the same kind of stamp. (Stamping every line as it
# arrives costs too much under the lab's emulated CPU.)
event() { echo "$(date '+%a %b %e %T %Y'): EVENT $*" >> "$W/log"; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.2; done; }
serve 8081; serve 8082; serve 8085
wait_port 8081; wait_port 8082; wait_port 8085
keepalived -n -l -D -C -f "$W/k.conf" -p "$W/k.pid" -c "$W/c.pid" >> "$W/log" 2>&1 &
sleep 8;  event "stop 8081"; kill "$P8081"
sleep 10; event "start 8081"; serve 8081; wait_port 8081; event "8081 answers"
sleep 10; event "stop 8082 (also the first checker of 8084)"; kill "$P8082"
sleep 9;  event "start 8082"; serve 8082; wait_port 8082; event "8082 answers"
sleep 8
kill "$(cat "$W/k.pid")"; sleep 2
[ -n "${JKV_CK_RAW:-}" ] && cat "$W/log"
grep -E 'EVENT|succeed|success|fail|Timeout|Removing|Adding|Connection|Disabling|Enabling' "$W/log" \
  | grep -v -E 'Opening|Registering|Starting|Stopped'
kill "$P8081" "$P8082" "$P8085" 2>/dev/null
ipvsadm -Ln
