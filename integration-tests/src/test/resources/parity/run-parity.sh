#!/bin/sh
# Runs inside the kernel lab (see KeepalivedParityTest): for each configuration given, keepalived 2.2.7 --check
# and then jkeepalived -C program IPVS from it; the settled table and the table left after SIGTERM are saved,
# sorted, as OUT/NAME.{ka,jk}.{settled,stopped}, with each daemon's log as OUT/NAME.{ka,jk}.log. After the
# first settle, when NAME.vip-phase exists, 192.0.2.5 (the address of pools.conf's ha_suspend virtual server)
# becomes local, and the table that settles then is OUT/NAME.{ka,jk}.vip. Another owner's service (203.0.113.1:80) is in the table before each
# daemon starts, and a second one (203.0.113.2:80) is added before it is stopped: lvs_flush, lvs_flush_on_stop.
# Then, when NAME.revive exists, the dead real servers start listening (.11 and .13 on 80, ::11 on 80) and the
# table is saved as OUT/NAME.{ka,jk}.revive once every line of NAME.revive is in it and it settled.
# Usage: run-parity.sh OUT 'JKEEPALIVED COMMAND' CONF...
set -u
out=$1; jk=$2; shift 2
ns=jkv-vo-rs

modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed \
  ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_pe_sip 2>"$out/modprobe.err" || true

# The real servers: addresses of a namespace made here. .10 and .12 listen on 80, .10 also on 8080;
# .11 and .13 listen nowhere (refused at once). IPv6: ::10 listens on 80, ::11 nowhere.
ip netns add $ns
ip link add jkv-vo-h type veth peer name jkv-vo-r netns $ns
ip -batch - <<IP
addr add 198.51.100.1/24 dev jkv-vo-h
addr add 192.0.2.6/32 dev jkv-vo-h
addr add 2001:db8:100::1/64 dev jkv-vo-h nodad
link set jkv-vo-h up
IP
ip -n $ns -batch - <<IP
addr add 198.51.100.10/24 dev jkv-vo-r
addr add 198.51.100.11/24 dev jkv-vo-r
addr add 198.51.100.12/24 dev jkv-vo-r
addr add 198.51.100.13/24 dev jkv-vo-r
addr add 2001:db8:100::10/64 dev jkv-vo-r nodad
addr add 2001:db8:100::11/64 dev jkv-vo-r nodad
link set jkv-vo-r up
link set lo up
IP
mkdir -p /tmp/www && echo ok > /tmp/www/index.html
for l in 198.51.100.10:80 198.51.100.10:8080 198.51.100.12:80 '[2001:db8:100::10]:80'; do
  ip netns exec $ns busybox httpd -p "$l" -h /tmp/www
done

table() { ipvsadm-save -n | sort; }

# settle FILE MIN [PID MARKER]: waits until the log FILE.log holds MARKER (or PID ended; 90 s at most), then until
# at least MIN seconds passed, no line of $absent (a file: lines the checks must remove, so that a slow first
# check under emulation is not taken for a settled table) is in the table, and the table did not change for 2 s
# by the clock (60 s at most)
settle() {
  if [ $# -ge 4 ]; then
    w=0
    while ! grep -q "$4" "$1.log" && kill -0 "$3" 2>/dev/null && [ $w -lt 360 ]; do sleep 0.25; w=$((w + 1)); done
  fi
  start=$(date +%s%N); last=""; changed=$start
  while :; do
    now=$(table)
    t=$(date +%s%N)
    if [ "$now" != "$last" ]; then last=$now; changed=$t; fi
    if [ -f "$absent" ] && printf '%s\n' "$now" | grep -qF -f "$absent"; then changed=$t; fi
    if [ -n "$present" ]; then
      while IFS= read -r l; do printf '%s\n' "$now" | grep -qxF -- "$l" || { changed=$t; break; }; done < "$present"
    fi
    if [ $((t - start)) -ge $(($2 * 1000000000)) ] && [ $((t - changed)) -ge 2000000000 ]; then break; fi
    if [ $((t - start)) -ge 60000000000 ]; then echo "not settled after 60 s" >> "$1.log"; break; fi
    sleep 0.2
  done
  printf '%s\n' "$last" | sed '/^$/d' > "$1.settled"
}

# vip FILE: the ha_suspend VIP arrives (this director became VRRP master); FILE.vip is the table that settles
vip() {
  [ -f "$phase" ] || return 0
  cp "$1.settled" "$1.before-vip"
  ip addr add 192.0.2.5/32 dev jkv-vo-h
  settle "$1" 3
  mv "$1.settled" "$1.vip"; mv "$1.before-vip" "$1.settled"
  ip addr del 192.0.2.5/32 dev jkv-vo-h
}

# revive FILE: the dead real servers come to life; FILE.revive is the table that settles
revive() {
  [ -f "$wanted" ] || return 0
  pids=""
  for l in 198.51.100.11:80 198.51.100.13:80 '[2001:db8:100::11]:80'; do
    ip netns exec $ns busybox httpd -f -p "$l" -h /tmp/www &
    pids="$pids $!"
  done
  cp "$1.settled" "$1.before-revive"
  present=$wanted; saved=$absent; absent=""
  settle "$1" 2
  present=""; absent=$saved
  mv "$1.settled" "$1.revive"; mv "$1.before-revive" "$1.settled"
  kill $pids; wait $pids 2>/dev/null
}

for conf in "$@"; do
  name=$(basename "$conf" .conf)
  absent=${conf%.conf}.settle
  phase=${conf%.conf}.vip-phase
  wanted=${conf%.conf}.revive
  present=""
  ipvsadm -C; ipvsadm -A -t 203.0.113.1:80 -s rr
  keepalived -n -l -D -f "$conf" --check -p /run/jkv-vo-ka.pid -c /run/jkv-vo-ka-check.pid \
    > "$out/$name.ka.log" 2>&1 &
  pid=$!
  settle "$out/$name.ka" 5
  vip "$out/$name.ka"
  revive "$out/$name.ka"
  ipvsadm -A -t 203.0.113.2:80 -s rr
  kill -TERM $pid; wait $pid
  echo "exit $?" >> "$out/$name.ka.log"
  table > "$out/$name.ka.stopped"

  ipvsadm -C; ipvsadm -A -t 203.0.113.1:80 -s rr
  $jk -C -n -l -f "$conf" -p /run/jkv-vo-jk.pid -c /run/jkv-vo-jk-check.pid > "$out/$name.jk.log" 2>&1 &
  pid=$!
  settle "$out/$name.jk" 4 $pid "Checkers started"
  vip "$out/$name.jk"
  revive "$out/$name.jk"
  ipvsadm -A -t 203.0.113.2:80 -s rr
  kill -TERM $pid; wait $pid
  echo "exit $?" >> "$out/$name.jk.log"
  table > "$out/$name.jk.stopped"
  echo "$name done"
done
ip netns del $ns
ipvsadm -C
