#!/bin/bash
# Captures golden netlink messages in the kernel lab: what Debian's ipvsadm 1.31 (and ip(8)) send for each
# operation and what the VM's stock kernel answers, for the IPVS and rtnetlink codecs' unit tests.
#
#   capture-ipvs-golden.sh [-o OUT_DIR] [-d RUN_DIR]
#
# On the host it boots the lab VM once (run.sh) with this same script, which records every operation under
#   strace -f -X raw -s 65536 -xx -e trace=sendmsg,sendto,recvmsg,recvfrom -e write=all -e read=all
# into RUN_DIR/raw/ (one .strace/.stdout/.stderr/.exit per operation, listed in raw/index.tsv), then turns raw/
# into golden files with NetlinkGoldenWriter (a single-file java program from integration-tests' test sources):
#   OUT_DIR/ipvs-golden/*.txt and OUT_DIR/rtnl-golden/*.txt, plus an INDEX.md in each.
# OUT_DIR defaults to ipvs-netlink/src/test/resources. README.md there explains the files.
# Inside the VM (JKV_LAB=1) it only captures; GoldenCaptureTest runs it that way and compares.
set -euo pipefail

if [ "${JKV_LAB:-}" != 1 ]; then
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  repo=$(cd "$here/../.." && pwd)
  out=$repo/ipvs-netlink/src/test/resources
  run_dir=
  while [ $# -gt 0 ]; do
    case "$1" in
      -o) out=$2; shift 2;;
      -d) run_dir=$2; shift 2;;
      *) sed -n '2,/^set /{/^set /d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit 2;;
    esac
  done
  [ -n "$run_dir" ] || run_dir=$(mktemp -d /tmp/jkv-ig-capture.XXXXXX)
  "$here/run.sh" -t 900 -d "$run_dir" "${BASH_SOURCE[0]}"
  java "$repo/integration-tests/src/test/java/io/jkeepalived/it/golden/NetlinkGoldenWriter.java" \
    "$run_dir/raw" "$out"
  cat "$run_dir/raw/meta.txt"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# Inside the lab VM.

RAW=$JKV_LAB_RESULTS/raw
rm -rf "$RAW"
mkdir -p "$RAW/ipvs-golden" "$RAW/rtnl-golden"
: > "$RAW/index.tsv"
export LC_ALL=C

for tool in strace ipvsadm ipvsadm-save ip python3; do
  command -v "$tool" >/dev/null || { echo "capture: $tool is not installed" >&2; exit 3; }
done

# A word as a reader would type it (the index and golden files show commands this way).
show() {
  local out= w
  for w in "$@"; do
    if [[ "$w" =~ ^[A-Za-z0-9_./:,=@%+-]+$ || "$w" =~ ^\[[0-9a-f:]+\](:[0-9]+)?$ ]]; then out+=" $w"
    else out+=" $(printf '%q' "$w")"; fi
  done
  printf '%s' "${out# }"
}

# cap FOLDER/NAME PROTOCOL COMMAND...: runs COMMAND under strace; a failing command is recorded, not fatal.
# PROTOCOL: genl (controller exchanges elided in the golden file), genl-all (kept), rtnl.
cap() {
  local name=$1 proto=$2 status=0
  shift 2
  printf '%s\t%s\t%s\n' "$name" "$proto" "$(show "$@")" >> "$RAW/index.tsv"
  strace -f -o "$RAW/$name.strace" -X raw -s 65536 -xx -e trace=sendmsg,sendto,recvmsg,recvfrom \
    -e write=all -e read=all "$@" > "$RAW/$name.stdout" 2> "$RAW/$name.stderr" || status=$?
  echo "$status" > "$RAW/$name.exit"
}

# Set-up steps must work: anything else would make the captures meaningless.
run() {
  "$@" > /tmp/jkv-ig-setup.out 2>&1 || { echo "capture: set-up failed: $*" >&2; cat /tmp/jkv-ig-setup.out >&2; exit 1; }
}

{
  echo "kernel: $(uname -r) ($(uname -v))"
  echo "ipvsadm: $(ipvsadm --version 2>&1 | head -1) ($(dpkg-query -W -f '${Version}' ipvsadm))"
  echo "libnl: $(dpkg-query -W -f '${Version}' libnl-3-200 2>/dev/null || echo unknown)"
  echo "iproute2: $(ip -V) ($(dpkg-query -W -f '${Version}' iproute2))"
  echo "strace: $(strace -V | head -1)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$RAW/meta.txt" 2>&1

# ----- rtnetlink, first: before anything sends on the links ------------------------------------------------------
# numdummies=0: no stray dummy0 with a random MAC; a fixed MAC gives a fixed IPv6 link-local address, and no DAD
# means no address is ever tentative, whatever the timing.
run modprobe dummy numdummies=0
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad
R=rtnl-golden
cap $R/link-add-dummy rtnl ip link add jkv-ig-d0 address 02:00:00:00:00:10 type dummy
cap $R/link-set-up rtnl ip link set dev jkv-ig-d0 up
cap $R/addr-add-ipv4-label rtnl ip addr add 192.0.2.10/24 brd 192.0.2.255 dev jkv-ig-d0 label jkv-ig-d0:1
cap $R/addr-add-ipv6-nodad rtnl ip -6 addr add 2001:db8::10/64 dev jkv-ig-d0 nodad
cap $R/addr-show-oneline rtnl ip -o addr show
cap $R/link-show rtnl ip link show
cap $R/error-addr-add-ipv4-exists rtnl ip addr add 192.0.2.10/24 brd 192.0.2.255 dev jkv-ig-d0 label jkv-ig-d0:1
cap $R/addr-del-ipv4 rtnl ip addr del 192.0.2.10/24 dev jkv-ig-d0
cap $R/addr-del-ipv6 rtnl ip -6 addr del 2001:db8::10/64 dev jkv-ig-d0
cap $R/error-addr-del-ipv4-missing rtnl ip addr del 192.0.2.10/24 dev jkv-ig-d0

# ----- IPVS ------------------------------------------------------------------------------------------------------
# Loaded here so the module (and so the genl family id) comes up at the same point in every capture.
run modprobe ip_vs
I=ipvs-golden
flush_table() { run ipvsadm -C; }

cap $I/ctrl-getfamily-ipvs genl-all ipvsadm --version
cap $I/get-info genl ipvsadm --version

# Services: one capture per scheduler the kernel has, then each protocol, family and option.
for sched in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
  flush_table; cap $I/add-service-tcp4-$sched genl ipvsadm -A -t 192.0.2.1:80 -s $sched
done
flush_table; cap $I/add-service-tcp4-default-sched genl ipvsadm -A -t 192.0.2.1:80
flush_table; cap $I/add-service-udp4-wrr genl ipvsadm -A -u 192.0.2.1:53 -s wrr
flush_table; cap $I/add-service-sctp4-wrr genl ipvsadm -A --sctp-service 192.0.2.1:3868 -s wrr
flush_table; cap $I/add-service-tcp6-wrr genl ipvsadm -A -t '[2001:db8::1]:80' -s wrr
flush_table; cap $I/add-service-udp6-wrr genl ipvsadm -A -u '[2001:db8::1]:53' -s wrr
flush_table; cap $I/add-service-sctp6-wrr genl ipvsadm -A --sctp-service '[2001:db8::1]:3868' -s wrr
flush_table; cap $I/add-service-tcp4-sh-flags genl ipvsadm -A -t 192.0.2.1:80 -s sh -b sh-port,sh-fallback
flush_table; cap $I/add-service-tcp4-mh-flags genl ipvsadm -A -t 192.0.2.1:80 -s mh -b mh-port,mh-fallback
flush_table; cap $I/add-service-tcp4-rr-flag-1-2-3 genl ipvsadm -A -t 192.0.2.1:80 -s rr -b flag-1,flag-2,flag-3
flush_table; cap $I/add-service-tcp4-persistent genl ipvsadm -A -t 192.0.2.1:80 -s wlc -p 300
flush_table; cap $I/add-service-tcp4-persistent-default genl ipvsadm -A -t 192.0.2.1:80 -s wlc -p
flush_table; cap $I/add-service-tcp4-persistent-netmask genl ipvsadm -A -t 192.0.2.1:80 -s wlc -p 300 -M 255.255.255.0
flush_table; cap $I/add-service-tcp6-persistent-netmask genl ipvsadm -A -t '[2001:db8::1]:80' -s wlc -p 300 -M 64
flush_table; cap $I/add-service-udp4-ops genl ipvsadm -A -u 192.0.2.1:53 -s rr -o
flush_table; cap $I/add-service-udp4-pe-sip genl ipvsadm -A -u 192.0.2.1:5060 -s rr -p 60 --pe sip
flush_table; cap $I/add-service-fwmark4 genl ipvsadm -A -f 7 -s wrr
flush_table; cap $I/add-service-fwmark6 genl ipvsadm -A -f 7 -6 -s wrr

flush_table; run ipvsadm -A -t 192.0.2.1:80 -s wrr
cap $I/edit-service genl ipvsadm -E -t 192.0.2.1:80 -s rr -p 120
cap $I/edit-service-drop-persistence genl ipvsadm -E -t 192.0.2.1:80 -s rr
cap $I/delete-service-tcp4 genl ipvsadm -D -t 192.0.2.1:80
run ipvsadm -A -f 7 -s wrr
cap $I/delete-service-fwmark4 genl ipvsadm -D -f 7

# Destinations: each method, tunnel options, weights, thresholds, families.
flush_table
run ipvsadm -A -t 192.0.2.1:80 -s wrr
run ipvsadm -A -t '[2001:db8::1]:80' -s wrr
run ipvsadm -A -f 7 -s wrr
S4=(-t 192.0.2.1:80)
cap $I/add-dest-tcp4-dr genl ipvsadm -a "${S4[@]}" -r 192.0.2.10:80 -g -w 1
cap $I/add-dest-tcp4-nat genl ipvsadm -a "${S4[@]}" -r 192.0.2.11:8080 -m -w 2
cap $I/add-dest-tcp4-tun genl ipvsadm -a "${S4[@]}" -r 192.0.2.12:80 -i -w 3
cap $I/add-dest-tcp4-tun-ipip genl ipvsadm -a "${S4[@]}" -r 192.0.2.13:80 -i --tun-type ipip
cap $I/add-dest-tcp4-tun-gue genl ipvsadm -a "${S4[@]}" -r 192.0.2.14:80 -i --tun-type gue --tun-port 6080
cap $I/add-dest-tcp4-tun-gue-nocsum genl ipvsadm -a "${S4[@]}" -r 192.0.2.15:80 -i --tun-type gue --tun-port 6080 --tun-nocsum
cap $I/add-dest-tcp4-tun-gue-csum genl ipvsadm -a "${S4[@]}" -r 192.0.2.16:80 -i --tun-type gue --tun-port 6080 --tun-csum
cap $I/add-dest-tcp4-tun-gue-remcsum genl ipvsadm -a "${S4[@]}" -r 192.0.2.17:80 -i --tun-type gue --tun-port 6080 --tun-remcsum
cap $I/add-dest-tcp4-tun-gre genl ipvsadm -a "${S4[@]}" -r 192.0.2.18:80 -i --tun-type gre
cap $I/add-dest-tcp4-tun-gre-csum genl ipvsadm -a "${S4[@]}" -r 192.0.2.19:80 -i --tun-type gre --tun-csum
cap $I/add-dest-tcp4-weight-0 genl ipvsadm -a "${S4[@]}" -r 192.0.2.20:80 -g -w 0
cap $I/add-dest-tcp4-weight-max genl ipvsadm -a "${S4[@]}" -r 192.0.2.21:80 -g -w 65535
cap $I/add-dest-tcp4-thresholds genl ipvsadm -a "${S4[@]}" -r 192.0.2.22:80 -g -w 1 -x 100 -y 50
cap $I/add-dest-tcp4-defaults genl ipvsadm -a "${S4[@]}" -r 192.0.2.23
cap $I/add-dest-tcp6-nat genl ipvsadm -a -t '[2001:db8::1]:80' -r '[2001:db8::10]:8080' -m -w 5
cap $I/add-dest-tcp4-mixed-family-tun genl ipvsadm -a "${S4[@]}" -r '[2001:db8::20]:80' -i
cap $I/error-add-dest-tcp4-mixed-family-dr genl ipvsadm -a "${S4[@]}" -r '[2001:db8::21]:80' -g
cap $I/add-dest-fwmark4 genl ipvsadm -a -f 7 -r 192.0.2.40 -g -w 2
cap $I/edit-dest genl ipvsadm -e "${S4[@]}" -r 192.0.2.10:80 -m -w 7 -x 10 -y 5
cap $I/delete-dest-tcp4 genl ipvsadm -d "${S4[@]}" -r 192.0.2.10:80
cap $I/delete-dest-tcp6 genl ipvsadm -d -t '[2001:db8::1]:80' -r '[2001:db8::10]:8080'
cap $I/zero-service genl ipvsadm -Z "${S4[@]}"
cap $I/zero-all genl ipvsadm -Z
cap $I/flush genl ipvsadm -C

# Timeouts.
cap $I/set-timeouts genl ipvsadm --set 900 120 300
cap $I/list-timeouts genl ipvsadm -L --timeout

# Sync daemons: on lo as asked, on the dummy link (which has an IPv6 address only now), and an unknown link.
cap $I/start-daemon-master-lo genl ipvsadm --start-daemon master --mcast-interface lo --syncid 5
cap $I/stop-daemon-master-lo genl ipvsadm --stop-daemon master
cap $I/error-start-daemon-no-such-interface genl ipvsadm --start-daemon master --mcast-interface jkv-ig-none --syncid 5
cap $I/start-daemon-master genl ipvsadm --start-daemon master --mcast-interface jkv-ig-d0 --syncid 5
cap $I/start-daemon-backup genl ipvsadm --start-daemon backup --mcast-interface jkv-ig-d0 --syncid 5
cap $I/list-daemon genl ipvsadm -L --daemon
cap $I/stop-daemon-master genl ipvsadm --stop-daemon master
cap $I/stop-daemon-backup genl ipvsadm --stop-daemon backup
cap $I/error-stop-daemon-not-running genl ipvsadm --stop-daemon master
cap $I/start-daemon-master-all-options genl ipvsadm --start-daemon master --mcast-interface jkv-ig-d0 --syncid 6 \
  --sync-maxlen 1400 --mcast-group 224.0.0.82 --mcast-port 8849 --mcast-ttl 2
cap $I/start-daemon-backup-group6 genl ipvsadm --start-daemon backup --mcast-interface jkv-ig-d0 --syncid 6 \
  --mcast-group ff02::1:81
cap $I/list-daemon-options genl ipvsadm -L --daemon
run ipvsadm --stop-daemon master
run ipvsadm --stop-daemon backup

# A small table, 2 services x 3 destinations, so the dumps have several parts with stats in each.
# The kernel dumps services in hash-bucket order, and the bucket mixes in the address of a per-boot structure,
# so two services in different buckets come out in a different order from boot to boot. These two share a
# bucket: the low 8 bits of proto ^ ntohl(address fold) ^ port ^ (port >> 8) are 0x57 for both (TCP: 6 ^ 0x01
# ^ 80; UDP: 17 ^ (0xb8 ^ 0xcb) ^ 53), and within a bucket the newest comes first.
flush_table
run ipvsadm -A -t 192.0.2.1:80 -s wrr
run ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.10:80 -g -w 1
run ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 2
run ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.12:80 -i -w 3
run ipvsadm -A -u '[2001:db8::cb]:53' -s rr -p 300
run ipvsadm -a -u '[2001:db8::cb]:53' -r '[2001:db8::10]:53' -g -w 1
run ipvsadm -a -u '[2001:db8::cb]:53' -r '[2001:db8::11]:53' -g -w 2
run ipvsadm -a -u '[2001:db8::cb]:53' -r '[2001:db8::12]:53' -g -w 3
cap $I/list-numeric genl ipvsadm -Ln
cap $I/list-numeric-one-service genl ipvsadm -Ln -t 192.0.2.1:80
cap $I/save-numeric genl ipvsadm-save -n

# What the kernel answers to mistakes.
flush_table
run ipvsadm -A -t 192.0.2.1:80 -s wrr
run ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.10:80 -g -w 1
cap $I/error-add-service-exists genl ipvsadm -A -t 192.0.2.1:80 -s wrr
cap $I/error-delete-service-missing genl ipvsadm -D -t 192.0.2.99:80
cap $I/error-edit-service-missing genl ipvsadm -E -t 192.0.2.99:80 -s rr
cap $I/error-add-service-nosuch-scheduler genl ipvsadm -A -t 192.0.2.2:80 -s nosuch
cap $I/error-add-service-nosuch-pe genl ipvsadm -A -u 192.0.2.2:5060 -s rr -p 60 --pe nosuch
cap $I/error-add-dest-exists genl ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.10:80 -g -w 1
cap $I/error-add-dest-no-service genl ipvsadm -a -t 192.0.2.99:80 -r 192.0.2.10:80 -g -w 1
cap $I/error-edit-dest-missing genl ipvsadm -e -t 192.0.2.1:80 -r 192.0.2.99:80 -g -w 1
cap $I/error-delete-dest-missing genl ipvsadm -d -t 192.0.2.1:80 -r 192.0.2.99:80
cap $I/error-zero-service-missing genl ipvsadm -Z -t 192.0.2.99:80

# libnl (so ipvsadm) never turns NETLINK_EXT_ACK on, so the kernel could not have sent extended-ack text above.
# This probe replays such requests on a socket with it on, to see whether the kernel has any text to give; and
# it reads to the end, so get-info shows the ack that follows a reply (ipvsadm closes its socket before it).
cat > /tmp/jkv-ig-extack-probe.py <<'PY'
"""Sends one IPVS request on a generic netlink socket with NETLINK_EXT_ACK on; prints the kernel's answer."""
import socket
import struct
import sys

SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_GENERIC = 270, 11, 16
NLMSG_ERROR, NLMSG_DONE, GENL_ID_CTRL = 2, 3, 0x10
NLM_F_REQUEST_ACK, NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x5, 0x100, 0x200


def nla(kind, payload):
    size = 4 + len(payload)
    return struct.pack('<HH', size, kind) + payload + bytes(-size % 4)


def service(addr, port, sched=None):
    """IPVS_CMD_ATTR_SERVICE as ipvsadm builds it: TCP, IPv4 in a 16-byte address, port in network order."""
    attrs = (nla(1, struct.pack('<H', 2)) + nla(2, struct.pack('<H', 6))
             + nla(3, socket.inet_aton(addr) + bytes(12)) + nla(4, struct.pack('>H', port)))
    if sched is not None:
        attrs += (nla(6, sched.encode() + b'\0') + nla(7, struct.pack('<II', 0, 0xffffffff))
                  + nla(8, struct.pack('<I', 0)) + nla(9, struct.pack('<I', 0xffffffff)))
    return nla(0x8000 | 1, attrs)


def attributes(data, offset):
    while offset + 4 <= len(data):
        size, kind = struct.unpack_from('<HH', data, offset)
        if size < 4:
            return
        yield kind & 0x3fff, data[offset + 4:offset + size]
        offset += (size + 3) & ~3


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, family, cmd, attrs=b''):
        self.seq += 1
        body = struct.pack('<BBH', cmd, 1, 0) + attrs
        self.sock.send(struct.pack('<IHHII', 16 + len(body), family, NLM_F_REQUEST_ACK, self.seq, 0) + body)
        replies = []
        while not replies or replies[-1][0] not in (NLMSG_ERROR, NLMSG_DONE):
            data = self.sock.recv(65536)
            offset = 0
            while offset + 16 <= len(data):
                size, kind, flags = struct.unpack_from('<IHH', data, offset)
                replies.append((kind, flags, data[offset:offset + size]))
                offset += (size + 3) & ~3
        return replies


def ipvs_family(genl):
    for kind, _, msg in genl.request(GENL_ID_CTRL, 3, nla(2, b'IPVS\0')):
        if kind == GENL_ID_CTRL:
            for attr, value in attributes(msg, 20):
                if attr == 1:
                    return struct.unpack('<H', value[:2])[0]
    sys.exit('the kernel has no IPVS generic netlink family')


CASES = {
    'add-service-exists': (1, lambda: service('192.0.2.1', 80, 'wrr')),
    'delete-service-missing': (3, lambda: service('192.0.2.99', 80)),
    'add-service-nosuch-scheduler': (1, lambda: service('192.0.2.2', 80, 'nosuch')),
    'add-service-without-service-attr': (1, lambda: b''),
    'set-config-short-attr': (12, lambda: nla(4, b'\x84\x03')),
    'unknown-command': (99, lambda: b''),
    'get-info': (15, lambda: b''),
}

cmd, build = CASES[sys.argv[1]]
genl = Genl()
kind, flags, msg = genl.request(ipvs_family(genl), cmd, build())[-1]
error = struct.unpack_from('<i', msg, 16)[0]
print(f'error={error} flags=0x{flags:x}')
if flags & NLM_F_ACK_TLVS:
    echoed = 16 if flags & NLM_F_CAPPED else (struct.unpack_from('<I', msg, 20)[0] + 3) & ~3
    for attr, value in attributes(msg, 20 + echoed):
        text = value.rstrip(b'\0').decode(errors='replace') if attr == 1 else value.hex()
        print(f'extack attribute {attr}: {text}')
PY
for case in get-info add-service-exists delete-service-missing add-service-nosuch-scheduler add-service-without-service-attr \
    set-config-short-attr unknown-command; do
  cap $I/extack-$case genl python3 /tmp/jkv-ig-extack-probe.py $case
done

flush_table
ip link del jkv-ig-d0
echo "capture: $(wc -l < "$RAW/index.tsv") operations recorded in $RAW"
