#!/bin/bash
# Boots the kernel lab VM (Debian's stock kernel under qemu, software emulation) and runs one script inside
# a chroot of the host's root, shared read-only. Forwards the script's stdout and stderr, exits with its status.
#
#   run.sh [options] SCRIPT_FILE        run a file (its #! line is honoured; without one it runs under bash)
#   run.sh [options] -c 'COMMANDS'      run commands under bash
#
# Options (and the environment variables that set their defaults):
#   -t, --timeout SECONDS   whole run, boot included; qemu is killed after it (JKV_LAB_TIMEOUT, 300)
#   -d, --run-dir DIR       the run folder, shared read-write and mounted at the same path inside the VM;
#                           holds script, stdout, stderr, exit-status, console.log (default: a new
#                           /tmp/jkv-lab-run.XXXXXX, kept for debugging)
#   -C, --cwd DIR           working directory inside (default: the current one, or the run folder when the
#                           current one is not visible inside, e.g. under /tmp)
#   -m, --memory MIB        VM memory (JKV_LAB_MEMORY, 2560)
#   -s, --smp N             virtual CPUs (JKV_LAB_SMP, 2)
#   -w, --writable-root     a throw-away writable overlay of the host root instead of the read-only one
#                           (JKV_LAB_ROOT=overlay)
#   -q, --quiet             leave the script's output in the run folder, do not forward it
# Exit status: the script's; 124 when the timeout struck; 125 when the lab itself failed (the console log
# tail is printed). JKV_LAB_CACHE and JKV_LAB_KERNEL_PACKAGE are passed on to prepare.sh.
# JKV_LAB_KERNEL_ARGS replaces the extra kernel arguments ("quiet"; e.g. "loglevel=7" to see every message).
# JKV_LAB_9P_CACHE sets the host root's 9p cache mode ("loose"; "none" makes a JVM start ~7 times slower).
# JKV_LAB_TCG_THREAD sets qemu's TCG threading, "single" or "multi" ("single"; see docs/kernel-lab.md).
set -uo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TIMEOUT=${JKV_LAB_TIMEOUT:-300}
MEMORY=${JKV_LAB_MEMORY:-2560}
SMP=${JKV_LAB_SMP:-2}
ROOT_MODE=${JKV_LAB_ROOT:-ro}
TCG_THREAD=${JKV_LAB_TCG_THREAD:-single}
RUN_DIR=
CWD=$PWD
QUIET=
SCRIPT_FILE=
COMMANDS=

lab_fail() { echo "jkv-lab: $*" >&2; exit 125; }
usage() { sed -n '2,/^set /{/^set /d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit 125; }

while [ $# -gt 0 ]; do
  case "$1" in
    -t|--timeout) TIMEOUT=$2; shift 2;;
    -d|--run-dir) RUN_DIR=$2; shift 2;;
    -C|--cwd) CWD=$2; shift 2;;
    -m|--memory) MEMORY=$2; shift 2;;
    -s|--smp) SMP=$2; shift 2;;
    -w|--writable-root) ROOT_MODE=overlay; shift;;
    -q|--quiet) QUIET=1; shift;;
    -c) COMMANDS=$2; shift 2;;
    -h|--help) usage;;
    --) shift; break;;
    -*) echo "jkv-lab: unknown option $1" >&2; usage;;
    *) break;;
  esac
done
if [ -z "$COMMANDS" ]; then
  [ $# -eq 1 ] || usage
  SCRIPT_FILE=$1
  [ -f "$SCRIPT_FILE" ] || lab_fail "no such script: $SCRIPT_FILE"
fi
case "$TIMEOUT" in ''|*[!0-9]*) lab_fail "timeout must be whole seconds: $TIMEOUT";; esac
case "$ROOT_MODE" in ro|overlay) ;; *) lab_fail "JKV_LAB_ROOT must be ro or overlay: $ROOT_MODE";; esac
case "$TCG_THREAD" in single|multi) ;; *) lab_fail "JKV_LAB_TCG_THREAD must be single or multi: $TCG_THREAD";; esac

prep=$("$LAB_DIR/prepare.sh") || exit 125
eval "$prep"

if [ -z "$RUN_DIR" ]; then
  RUN_DIR=$(mktemp -d /tmp/jkv-lab-run.XXXXXX) || lab_fail "cannot create a run folder"
else
  mkdir -p "$RUN_DIR" || lab_fail "cannot create $RUN_DIR"
fi
RUN_DIR=$(cd "$RUN_DIR" && pwd -P)
case "$RUN_DIR" in *,*) lab_fail "the run folder path cannot contain a comma (qemu option syntax): $RUN_DIR";; esac
rm -f "$RUN_DIR"/{stdout,stderr,exit-status,lab-error,timed-out,console.log,qemu.log,qemu.pid,script-start-uptime,script-end-uptime}

if [ -n "$COMMANDS" ]; then
  printf '%s\n' "$COMMANDS" > "$RUN_DIR/script"
else
  cp "$SCRIPT_FILE" "$RUN_DIR/script" || lab_fail "cannot copy $SCRIPT_FILE"
fi
chmod 755 "$RUN_DIR/script"
INTERPRETER=/bin/bash
[ "$(head -c 2 "$RUN_DIR/script")" = '#!' ] && INTERPRETER=

quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
  echo "LAB_RESULTS=$(quote "$RUN_DIR")"
  echo "LAB_MODULES_ROOT=$(quote "$MODULES_ROOT")"
  # The checkout (test classes, the built jar) must be visible inside even when it lies under /tmp or /run.
  echo "LAB_PROJECT_ROOT=$(quote "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)")"
  echo "LAB_CWD=$(quote "$CWD")"
  echo "LAB_INTERPRETER=$(quote "$INTERPRETER")"
  echo "LAB_ROOT_MODE=$(quote "$ROOT_MODE")"
  echo "LAB_9P_CACHE=$(quote "${JKV_LAB_9P_CACHE:-loose}")"
} > "$RUN_DIR/run.env"

# No network device at all: nothing in the VM can reach outside. Tests build namespaces and veths inside.
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -machine pc -accel "tcg,thread=$TCG_THREAD" -cpu max
  -smp "$SMP" -m "$MEMORY" -nic none -display none -no-reboot
  -kernel "$KERNEL" -initrd "$INITRD" -append "console=ttyS0 panic=-1 ${JKV_LAB_KERNEL_ARGS-quiet}"
  -serial "file:$RUN_DIR/console.log" -pidfile "$RUN_DIR/qemu.pid"
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=$RUN_DIR,mount_tag=labrun,security_model=none,multidevs=remap")

# timeout(1) passes a TERM it receives on to qemu; the traps make sure nothing outlives this script.
TIMEOUT_PID=
stop_vm() {
  [ -n "$TIMEOUT_PID" ] && kill -TERM "$TIMEOUT_PID" 2>/dev/null
  if [ -f "$RUN_DIR/qemu.pid" ]; then
    qpid=$(cat "$RUN_DIR/qemu.pid" 2>/dev/null)
    [ -n "$qpid" ] && [ "$(cat "/proc/$qpid/comm" 2>/dev/null)" = qemu-system-x86 ] && kill -KILL "$qpid" 2>/dev/null
  fi
}
trap 'stop_vm; exit 125' INT TERM HUP
trap 'stop_vm' EXIT

timeout -k 5 "$TIMEOUT" "${qemu[@]}" > "$RUN_DIR/qemu.log" 2>&1 &
TIMEOUT_PID=$!
wait "$TIMEOUT_PID"
qemu_status=$?
TIMEOUT_PID=

if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
  touch "$RUN_DIR/timed-out"
fi
if [ -z "$QUIET" ]; then
  [ -f "$RUN_DIR/stdout" ] && cat "$RUN_DIR/stdout"
  [ -f "$RUN_DIR/stderr" ] && cat "$RUN_DIR/stderr" >&2
fi
if [ -f "$RUN_DIR/timed-out" ]; then
  echo "jkv-lab: timed out after ${TIMEOUT} s; qemu killed; console log: $RUN_DIR/console.log" >&2
  exit 124
fi
if [ -f "$RUN_DIR/exit-status" ]; then
  exit "$(cat "$RUN_DIR/exit-status")"
fi
{
  echo "jkv-lab: the VM ended without running the script (qemu status $qemu_status)"
  [ -f "$RUN_DIR/lab-error" ] && echo "jkv-lab: init: $(cat "$RUN_DIR/lab-error")"
  [ -s "$RUN_DIR/qemu.log" ] && sed 's/^/jkv-lab: qemu: /' "$RUN_DIR/qemu.log"
  echo "jkv-lab: console log $RUN_DIR/console.log ends with:"
  tail -n 30 "$RUN_DIR/console.log" 2>/dev/null
} >&2
exit 125
