#!/bin/bash
# Captures the golden netlink requests that ip(8) and ipvsadm(8) send, as hex, for the codec tests.
# Run as root from any directory: ipvs-netlink/src/test/resources/golden/capture-golden.sh
#
# How: a throw-away namespace jkv-nl-golden with a veth pair jkv-nl-veth0/jkv-nl-veth1; each command runs
# inside it under `strace -f -qq -e trace=sendmsg,sendto -e write=all`, whose hex dump of the bytes
# handed to the kernel is turned into one .golden file per request (trimmed to the message's nlmsg_len).
# Tests compare our builder's bytes to these, with sequence number and port id zeroed on both sides.
set -euo pipefail
cd "$(dirname "$0")"
NS=jkv-nl-golden
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add jkv-nl-veth0 type veth peer name jkv-nl-veth1
ip -n "$NS" link set jkv-nl-veth0 up
IFINDEX=$(ip -n "$NS" -o link show dev jkv-nl-veth0 | cut -d: -f1)
TOOLS="$(ip -V), $(strace -V | head -1), ipvsadm $(dpkg-query -W -f '${Version}' ipvsadm), kernel $(uname -r)"

# capture NAME PICK COMMAND...: PICK is the index (1-based) of the sendmsg/sendto to keep, or "last".
capture() {
    local name=$1 pick=$2
    shift 2
    local trace
    trace=$(mktemp)
    ip netns exec "$NS" strace -f -qq -e trace=sendmsg,sendto -e write=all -o "$trace" "$@" >/dev/null 2>&1 || true
    {
        echo "# captured by capture-golden.sh on $(date -u +%Y-%m-%d) with $TOOLS"
        echo "# command (in namespace $NS): $*"
        echo "# request: $pick of the command's sendmsg/sendto calls"
        echo "# ifindex: $IFINDEX"
        awk -v pick="$pick" '
            function hex2dec(h,    i, d) { d = 0; for (i = 1; i <= length(h); i++) d = d * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return d }
            /^[0-9]+ +(sendmsg|sendto)\(/ || /^(sendmsg|sendto)\(/ { n++; next }
            /^[0-9]* *\| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / {
                line = $0; sub(/^[0-9]* *\| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  /, "", line); line = substr(line, 1, 49)
                gsub(/  +/, " ", line); hex[n] = hex[n] " " line
            }
            END {
                k = (pick == "last") ? n : pick
                split(hex[k], bytes, " "); m = 0
                for (i = 1; i in bytes; i++) if (bytes[i] != "") out[m++] = bytes[i]
                len = hex2dec(out[3] out[2] out[1] out[0])
                for (i = 0; i < len; i++) printf "%s%s", out[i], ((i % 16 == 15 || i == len - 1) ? "\n" : " ")
            }' "$trace"
    } > "$name.golden"
    rm -f "$trace"
    echo "$name.golden: $(grep -v '^#' "$name.golden" | wc -w) bytes"
}

capture addr-add-v4-brd-label last ip addr add 192.0.2.1/24 brd 192.0.2.255 dev jkv-nl-veth0 label jkv-nl-veth0:1
capture addr-add-v4-default32 last ip addr add 192.0.2.10 dev jkv-nl-veth0
capture addr-add-v6-nodad last ip addr add 2001:db8::1/64 dev jkv-nl-veth0 nodad
capture addr-add-v4-label-noprefixroute last ip addr add 192.0.2.30/24 dev jkv-nl-veth0 label jkv-nl-veth0:2 noprefixroute
capture addr-add-v6-flags-lifetime last ip addr add 2001:db8::3/64 dev jkv-nl-veth0 nodad noprefixroute preferred_lft 0
capture addr-add-v4-peer-brd last ip addr add 192.0.2.50 peer 192.0.2.51/32 brd 192.0.2.255 dev jkv-nl-veth0
capture addr-add-v4-scope-link last ip addr add 192.0.2.60/32 dev jkv-nl-veth0 scope link
capture addr-del-v4 last ip addr del 192.0.2.10/32 dev jkv-nl-veth0
capture addr-del-v6 last ip addr del 2001:db8::1/64 dev jkv-nl-veth0
capture link-get-by-name 1 ip addr del 192.0.2.1/24 dev jkv-nl-veth0
capture link-dump 1 ip -o addr show
capture addr-dump 2 ip -o addr show
capture genl-getfamily-ipvs 1 ipvsadm -Ln
