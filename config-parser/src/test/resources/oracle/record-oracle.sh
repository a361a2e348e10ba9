#!/bin/bash
# Re-records the golden files NAME.keepalived-2.2.7 next to every oracle/*.conf and seeds/*.conf:
# what Debian's keepalived 2.2.7 says about each config in config-test mode (-t).
#
#   usage: record-oracle.sh [CONFIG.conf ...]     (default: every config in oracle/ and seeds/)
#
# Needs root (it makes a network namespace) and keepalived 2.2.7. Nothing touches the host network:
# keepalived -t only parses and reads the interface list (RTM_GETLINK/RTM_GETADDR dumps); it runs
# inside a throw-away namespace that holds lo plus a veth pair named eth0/eth1, so "does interface X
# exist" answers the same on every machine (eth0, eth1 and lo exist; nothing else does).
#
# Golden file format (tab-separated; '#' lines are comments):
#   config-id <TAB> ID          the -i value used (from a '# oracle-config-id: ID' line, else jkv-oracle)
#   exit      <TAB> N           keepalived's exit code (139 = it crashed with SIGSEGV)
#   LINE      <TAB> message     a problem at LINE of the config itself
#   FILE:LINE <TAB> message     a problem in an included file; FILE as keepalived prints it, i.e.
#                               relative to the directory of the file that included it
#   -         <TAB> message     a problem keepalived reported without any line
# Problems are de-duplicated (keepalived parses the config up to three times, once per process
# role, and repeats many messages) and sorted: own lines, included files, unlocated.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seeds=$(cd "$here/../seeds" && pwd)
default_id=jkv-oracle

if [[ $(id -u) -ne 0 ]]; then
    echo "record-oracle.sh: needs root (it creates a network namespace)" >&2
    exit 1
fi
# No "| head" under pipefail: keepalived would die of SIGPIPE now and then and end the script silently.
version=$(keepalived -v 2>&1 || true)
version=${version%%$'\n'*}
if [[ $version != "Keepalived v2.2.7 "* ]]; then
    echo "record-oracle.sh: the golden files are keepalived 2.2.7's; found: $version" >&2
    exit 1
fi

ns=jkv-co-oracle-$$
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth1

# keepalived 2.2.7 segfaults on some inputs; never leave a core file in the source tree.
ulimit -c 0

record() {
    local conf=$1 dir name base id out rc
    dir=$(cd "$(dirname "$conf")" && pwd)
    name=$(basename "$conf")
    base=${name%.conf}
    id=$(sed -n 's/^# oracle-config-id: *\([^ ]*\).*$/\1/p;T;q' "$conf")
    id=${id:-$default_id}
    rc=0
    # Run from the config's folder with a relative -f, so keepalived names the files as the
    # config writes them.
    out=$(cd "$dir" && ip netns exec "$ns" keepalived -t -l -i "$id" -f "$name" 2>&1) || rc=$?
    {
        echo "# keepalived 2.2.7: keepalived -t -l -i $id -f $name (network namespace with lo, eth0, eth1)"
        echo "# re-record with config-parser/src/test/resources/oracle/record-oracle.sh"
        printf 'config-id\t%s\n' "$id"
        printf 'exit\t%s\n' "$rc"
        printf '%s\n' "$out" | LC_ALL=C awk -v main="$name" '
            $0 == "" { next }
            match($0, /^\(Line [0-9]+\) /) {
                line = substr($0, 7, RLENGTH - 8); print "0\t\t" line "\t" substr($0, RLENGTH + 1); next
            }
            match($0, /^\([^()]*: Line [0-9]+\) /) {
                head = substr($0, 2, RLENGTH - 3); msg = substr($0, RLENGTH + 1)
                i = index(head, ": Line "); file = substr(head, 1, i - 1); line = substr(head, i + 7)
                if (file == main) print "0\t\t" line "\t" msg; else print "1\t" file "\t" line "\t" msg
                next
            }
            { print "2\t\t0\t" $0 }' \
        | LC_ALL=C sort -t$'\t' -k1,1n -k2,2 -k3,3n -k4 -u \
        | LC_ALL=C awk -F'\t' '{
            msg = $4; for (i = 5; i <= NF; i++) msg = msg "\t" $i
            if ($1 == 0) print $3 "\t" msg; else if ($1 == 1) print $2 ":" $3 "\t" msg; else print "-\t" msg }'
    } > "$dir/$base.keepalived-2.2.7"
    printf '%-45s exit %3s  %s problem line(s)\n' "$name" "$rc" \
        "$(grep -cv -e '^#' -e '^config-id' -e '^exit' "$dir/$base.keepalived-2.2.7" || true)"
}

if [[ $# -gt 0 ]]; then
    configs=("$@")
else
    configs=("$here"/*.conf "$seeds"/*.conf)
fi
for conf in "${configs[@]}"; do
    record "$conf"
done
