# Shared by the shell integration tests: a tiny assertion library and the emulator's
# start/stop. Each test prints one line per check and ends with "N passed, M failed".

SRC=${SLCTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SLCTL_TOP_BUILDDIR:-$SRC}
PYTHON3=${PYTHON3:-python3}
# The real interpreter, not a wrapper (pyenv's shim forks, and $! would name the shim).
PYTHON3=$("$PYTHON3" -c 'import sys; print(sys.executable)' 2>/dev/null || echo "$PYTHON3")
SLCTL="$BUILD/slctl"
AWS_CLI=${AWS_CLI:-/usr/bin/aws}

PASSED=0
FAILED=0
T=$(mktemp -d "${TMPDIR:-/tmp}/slctl-test.XXXXXX")

# A clean AWS environment: nothing of the developer's own configuration leaks in.
for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
mkdir -p "$HOME/.aws" "$XDG_CONFIG_HOME"
export AWS_CONFIG_FILE="$HOME/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$HOME/.aws/credentials"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=120
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"

EMU_KEY=AKIDEMULATOR
EMU_SECRET=emulator-secret-key
EMU_ACCOUNT=123456789012

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# run CMD...: runs it, keeping stdout, stderr and the exit code in $OUT, $ERR, $RC.
run() {
  "$@" >"$T/out" 2>"$T/err" </dev/null
  RC=$?
  OUT=$(cat "$T/out")
  ERR=$(cat "$T/err")
}

# expect_rc NAME CODE
expect_rc() {
  if [ "$RC" -eq "$2" ]; then ok "$1: exit $2"; else not_ok "$1: exit $RC, wanted $2" "stdout: $OUT" "stderr: $ERR"; fi
}
# expect_eq NAME ACTUAL WANTED
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    not_ok "$1" "got:"; printf '%s\n' "$2" | sed 's/^/#     /'; echo "#   wanted:"; printf '%s\n' "$3" | sed 's/^/#     /'
  fi
}
# expect_match NAME TEXT GREP-ERE
expect_match() {
  if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else not_ok "$1" "no match for /$3/ in:" "$2"; fi
}
expect_no_match() {
  if printf '%s' "$2" | grep -Eq -- "$3"; then not_ok "$1" "unexpected /$3/ in:" "$2"; else ok "$1"; fi
}
# expect_lines NAME TEXT N: exactly N lines
expect_lines() {
  n=$(printf '%s\n' "$2" | wc -l)
  if [ "$n" -eq "$3" ]; then ok "$1"; else not_ok "$1: $n lines, wanted $3" "$2"; fi
}

emu_start() {
  rm -f "$T/emu.port"
  PYTHONPATH="$SRC/tests/emulator" "$PYTHON3" -m slemu --port 0 --port-file "$T/emu.port" "$@" \
    >"$T/emu.out" 2>"$T/emu.err" &
  EMU_PID=$!
  i=0
  while [ ! -s "$T/emu.port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$EMU_PID" 2>/dev/null; then
      echo "Bail out! the emulator did not start"; cat "$T/emu.err"; exit 99
    fi
    sleep 0.05
  done
  EMU_PORT=$(cat "$T/emu.port")
  EMU_URL="http://127.0.0.1:$EMU_PORT"
}

emu_stop() {
  [ -n "${EMU_PID:-}" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null
  EMU_PID=
}

# emu_ctl METHOD PATH [JSON]: the emulator's unsigned control API.
emu_ctl() {
  curl -s -f -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$EMU_URL/__emulator/$2"
}

finish() {
  emu_stop
  rm -rf "$T"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit $?
}

trap 'emu_stop; rm -rf "$T"' INT TERM
