#!/bin/sh
# Runs inside the kernel lab (see ReloadLabTest): keepalived 2.2.7 --check, then jkeepalived -C, each start on
# before.conf, carry traffic through 192.0.2.20:80 (a local client (curl; OUT/NAME.client has the local port of each), NAT to a real server in a namespace made
# here), then the file is replaced by after.conf and the daemon gets SIGHUP. Saved as OUT/NAME.*: the table
# (ipvsadm-save -n, sorted) before and after the reload and after SIGTERM, the stats of 192.0.2.20:80 before and
# after (ipvsadm -Ln --stats), the connection entries before and after (ipvsadm -Lnc), the daemon's log.
# Another owner's service (203.0.113.1:80) is in the table all along: a reload must not touch it.
# Usage: run-reload.sh OUT 'JKEEPALIVED COMMAND' BEFORE AFTER
set -u
out=$1; jk=$2; before=$3; after=$4
ns=jkv-rl-rs
conf=/tmp/jkv-rl.conf

modprobe -a ip_vs ip_vs_rr ip_vs_wlc 2>"$out/modprobe.err" || true

ip netns add $ns
ip link add jkv-rl-h type veth peer name jkv-rl-r netns $ns
ip addr add 198.51.100.1/24 dev jkv-rl-h
ip link set jkv-rl-h up
ip link set lo up
# The virtual address is local: the client below is this host (IPVS takes locally sent packets at LOCAL_OUT).
ip addr add 192.0.2.20/32 dev lo
ip -n $ns -batch - <<IP
addr add 198.51.100.10/24 dev jkv-rl-r
addr add 198.51.100.12/24 dev jkv-rl-r
link set jkv-rl-r up
link set lo up
route add 192.0.2.0/24 via 198.51.100.1
IP
mkdir -p /tmp/www && echo ok > /tmp/www/index.html
for l in 198.51.100.10:80 198.51.100.12:80; do
  ip netns exec $ns busybox httpd -p "$l" -h /tmp/www
done

table() { ipvsadm-save -n | sort; }

# until FILE PATTERN PRESENT(1|0): waits (60 s at most) until the table has (or has not) a line matching PATTERN,
# then until it did not change for 2 s
until_table() {
  w=0
  while [ $w -lt 300 ]; do
    if table | grep -qF -- "$2"; then has=1; else has=0; fi
    [ "$has" = "$3" ] && break
    sleep 0.2; w=$((w + 1))
  done
  [ $w -lt 300 ] || echo "TIMEOUT waiting for '$2' present=$3" >> "$1.log"
  last=$(table); same=0
  while [ $same -lt 10 ]; do
    sleep 0.2; now=$(table)
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
  done
}

one() {
  name=$1; shift
  cp "$before" $conf
  ipvsadm -C; ipvsadm -A -t 203.0.113.1:80 -s rr
  "$@" -f $conf > "$out/$name.log" 2>&1 &
  pid=$!
  until_table "$out/$name" "-a -t 192.0.2.21:80 -r 198.51.100.10:80" 1
  table > "$out/$name.before"
  i=0
  while [ $i -lt 5 ]; do
    curl -sS -m 3 -o /dev/null -w 'port %{local_port}\n' http://192.0.2.20/ >> "$out/$name.client" 2>&1 \
      || echo "curl failed" >> "$out/$name.client"
    i=$((i + 1))
  done
  sleep 3 # the kernel sums its per-CPU counters every 2 s (the estimator): read them once they are complete
  ipvsadm -Ln --stats -t 192.0.2.20:80 > "$out/$name.stats-before"
  ipvsadm -Lnc > "$out/$name.connections-before"
  cp "$after" $conf
  kill -HUP $pid
  until_table "$out/$name" "-a -t 192.0.2.20:80 -r 198.51.100.12:80" 1
  until_table "$out/$name" "192.0.2.21:80" 0
  table > "$out/$name.after"
  ipvsadm -Ln --stats -t 192.0.2.20:80 > "$out/$name.stats-after"
  ipvsadm -Lnc > "$out/$name.connections-after"
  kill -TERM $pid; wait $pid
  echo "exit $?" >> "$out/$name.log"
  table > "$out/$name.stopped"
  echo "$name done"
}

one ka keepalived -n -l -D --check -p /run/jkv-rl-ka.pid -c /run/jkv-rl-ka-check.pid
one jk $jk -C -n -l -p /run/jkv-rl-jk.pid -c /run/jkv-rl-jk-check.pid
ip netns del $ns
ipvsadm -C
