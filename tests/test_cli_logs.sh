#!/bin/sh
# slctl logs against the emulator: targets (function, group, stack), the three formats exactly,
# --filter, --stream, --since/--until, --local, untrusted text, --follow through throttling and
# dropped connections, and Ctrl-C.
. "$(dirname "$0")/lib/harness.sh"

emu_start --demo
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET
SL() { "$SLCTL" --endpoint-url "$EMU_URL" "$@"; }
ESC=$(printf '\033')
BEL=$(printf '\007')

# inject GROUP STREAM JSON-EVENTS: appends events ([[ms, "message"], ...]) through the control API.
inject() {
  emu_ctl POST logs/events "{\"group\": \"$1\", \"stream\": \"$2\", \"events\": $3}" >/dev/null ||
    { echo "Bail out! could not inject events into $1"; exit 99; }
}
utc() { date -u -d "@$1" "$2"; } # utc SECONDS FORMAT
iso_s() { utc "$1" +%Y-%m-%dT%H:%M:%SZ; }

GET_USER=users-api-GetUserFunction-4XJ2K9LQ7ZAB
CREATE_USER=users-api-CreateUserFunction-9PL2MX0WQ1RT
LIST_USERS=users-api-ListUsersFunction-2HD8RT5KXV0C

# A base time five minutes ago, on a whole minute: every injected event is relative to it.
NOW=$(date +%s)
BASE=$(((NOW - 300) / 60 * 60))
B=$((BASE * 1000))
HMS0=$(utc $BASE +%H:%M:%S)
HMS1=$(utc $((BASE + 1)) +%H:%M:%S)
HMS2=$(utc $((BASE + 2)) +%H:%M:%S)
DAY=$(utc $BASE +%Y-%m-%d)

G=/slctl-test/app
inject $G web-1 "[[$((B + 120)), \"hello world\\n\"], [$((B + 2120)), \"quote \\\" backslash \\\\\\\\ tab\\tend\"]]"
inject $G web-2 "[[$((B + 1120)), \"colour \\u001b[31mred\\u001b[0m and bell \\u0007\\n\"]]"
WINDOW="--since $(iso_s $((BASE - 60))) --until $(iso_s $((BASE + 60)))"

# --- formats, exactly -----------------------------------------------------------------------
run SL logs $G $WINDOW
expect_rc "short" 0
expect_eq "short: time, label, sanitized message" "$OUT" "$HMS0 /slctl-test/app hello world
$HMS1 /slctl-test/app colour ^[[31mred^[[0m and bell ^G
$HMS2 /slctl-test/app quote \" backslash \\\\ tab end"
expect_eq "short: nothing on stderr" "$ERR" ""

run SL logs $G $WINDOW --format detailed
expect_eq "detailed: ISO time, group, stream, message" "$OUT" "${DAY}T$HMS0.120Z /slctl-test/app web-1 hello world
${DAY}T$HMS1.120Z /slctl-test/app web-2 colour ^[[31mred^[[0m and bell ^G
${DAY}T$HMS2.120Z /slctl-test/app web-1 quote \" backslash \\\\ tab end"

run env TZ=UTC-2 "$SLCTL" --endpoint-url "$EMU_URL" logs $G $WINDOW --format detailed --local
expect_match "--local: local time with its offset" "$(printf '%s' "$OUT" | head -1)" \
  "^$(utc $((BASE + 7200)) +%Y-%m-%dT%H:%M:%S).120\+02:00 /slctl-test/app web-1 hello world$"
run env TZ=UTC-2 "$SLCTL" --endpoint-url "$EMU_URL" logs $G $WINDOW --local
expect_match "--local: short time shifted" "$(printf '%s' "$OUT" | head -1)" \
  "^$(utc $((BASE + 7200)) +%H:%M:%S) /slctl-test/app hello world$"

run SL logs $G $WINDOW --format json
expect_lines "json: one object per event" "$OUT" 3
printf '%s\n' "$OUT" >"$T/json.out"
"$PYTHON3" - "$T/json.out" $B >"$T/json.check" 2>&1 <<'PY'
import json, sys
b = int(sys.argv[2])
want = [(b + 120, "web-1", "hello world\n"),
        (b + 1120, "web-2", "colour \x1b[31mred\x1b[0m and bell \x07\n"),
        (b + 2120, "web-1", "quote \" backslash \\\\ tab\tend")]
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line, (ts, stream, msg) in zip(lines, want):
    o = json.loads(line)
    assert sorted(o) == ["eventId", "group", "message", "stream", "timestamp"], sorted(o)
    assert o["timestamp"] == ts, (o["timestamp"], ts)
    assert o["group"] == "/slctl-test/app", o["group"]
    assert o["stream"] == stream, o["stream"]
    assert o["message"] == msg, repr(o["message"])
    assert o["eventId"].isdigit(), o["eventId"]
print("ok")
PY
expect_eq "json: fields exact, message untranslated (ESC, BEL, tab, newline kept)" "$(cat "$T/json.check")" "ok"
expect_no_match "json: no raw ESC on stdout" "$OUT" "$ESC"
expect_match "json: ESC as a JSON escape" "$OUT" '\\u001b\[31mred'

run SL --output json logs $G $WINDOW
expect_match "--output json means --format json" "$(printf '%s' "$OUT" | head -1)" '^\{"timestamp":'

# --- filters ------------------------------------------------------------------------------
run SL logs $G $WINDOW --filter '"bell"'
expect_eq "--filter" "$OUT" "$HMS1 /slctl-test/app colour ^[[31mred^[[0m and bell ^G"
run SL logs $G $WINDOW --stream web-2
expect_eq "--stream prefix" "$OUT" "$HMS1 /slctl-test/app colour ^[[31mred^[[0m and bell ^G"
run SL logs $G $WINDOW --filter NOTHINGMATCHES
expect_rc "no match" 0
expect_eq "no match: no output" "$OUT" ""

R=/slctl-test/range
inject $R s "[[$(((BASE - 120) * 1000)), \"early\"], [$B, \"inside\"], [$(((BASE + 120) * 1000)), \"late\"], [$(((NOW - 20) * 1000)), \"recent\"]]"
run SL logs $R --since "$(iso_s $((BASE - 60)))" --until "$(iso_s $((BASE + 60)))"
expect_eq "--since/--until ISO window" "$OUT" "$HMS0 /slctl-test/range inside"
run SL logs $R --since 2m
expect_eq "--since relative" "$OUT" "$(utc $((NOW - 20)) +%H:%M:%S) /slctl-test/range recent"
run SL logs $R
expect_eq "default window is 10 minutes" "$(printf '%s\n' "$OUT" | sed 's/^[0-9:]* [^ ]* //')" "early
inside
late
recent"
run SL logs $R --since 1h --until 2h
expect_rc "--until before --since" 2
expect_lines "--until before --since: one sentence" "$ERR" 1
run SL logs $R --since yesterday
expect_rc "bad --since" 2
expect_match "bad --since: says what is allowed" "$ERR" "10m, 2h or 1d"
run SL logs $R --format xml
expect_rc "bad --format" 2
run SL logs $R -f --until 1m
expect_rc "--follow with --until" 2

# --- targets ------------------------------------------------------------------------------
inject /aws/lambda/$GET_USER mark-1 "[[$((B + 10000)), \"SLCTLMARK a1\"], [$((B + 30000)), \"SLCTLMARK a3\"]]"
inject /aws/lambda/$CREATE_USER mark-2 "[[$((B + 20000)), \"SLCTLMARK b2\"], [$((B + 40000)), \"SLCTLMARK b4\\n\"]]"
run SL logs users-api --filter SLCTLMARK $WINDOW
expect_rc "stack target" 0
expect_eq "stack: functions interleaved by time, labelled with logical ids" "$OUT" \
"$(utc $((BASE + 10)) +%H:%M:%S) GetUserFunction    SLCTLMARK a1
$(utc $((BASE + 20)) +%H:%M:%S) CreateUserFunction SLCTLMARK b2
$(utc $((BASE + 30)) +%H:%M:%S) GetUserFunction    SLCTLMARK a3
$(utc $((BASE + 40)) +%H:%M:%S) CreateUserFunction SLCTLMARK b4"
expect_eq "stack: nothing on stderr" "$ERR" ""

run SL logs $GET_USER --filter SLCTLMARK $WINDOW
expect_rc "function target" 0
expect_eq "function: its log group, labelled with its name" "$OUT" \
"$(utc $((BASE + 10)) +%H:%M:%S) $GET_USER SLCTLMARK a1
$(utc $((BASE + 30)) +%H:%M:%S) $GET_USER SLCTLMARK a3"

run SL logs /aws/lambda/$CREATE_USER $GET_USER --filter SLCTLMARK $WINDOW --format detailed
expect_eq "two targets interleaved (detailed)" "$(printf '%s\n' "$OUT" | cut -d' ' -f2,4-)" \
"/aws/lambda/$GET_USER SLCTLMARK a1
/aws/lambda/$CREATE_USER SLCTLMARK b2
/aws/lambda/$GET_USER SLCTLMARK a3
/aws/lambda/$CREATE_USER SLCTLMARK b4"

run SL logs users-api $GET_USER --filter SLCTLMARK $WINDOW
expect_lines "a group named twice is read once" "$OUT" 4

run SL logs no-such-thing-anywhere
expect_rc "unknown target" 4
expect_lines "unknown target: one sentence" "$ERR" 1
expect_match "unknown target: names it" "$ERR" '^slctl: .*"no-such-thing-anywhere"'
expect_eq "unknown target: no output" "$OUT" ""
run SL logs /no/such/group
expect_rc "unknown log group" 4
expect_lines "unknown log group: one sentence" "$ERR" 1

# --- untrusted text from the demo: escape sequences are shown, never sent ------------------
run SL logs $LIST_USERS --since 1d
expect_rc "demo ListUsers logs" 0
expect_match "demo: escape sequences made visible" "$OUT" '\^\[\[2J\^\[\[Hscreen cleared'
expect_no_match "demo: no raw ESC on stdout" "$OUT" "$ESC"
expect_no_match "demo: no raw BEL on stdout" "$OUT" "$BEL"
if printf '%s' "$OUT" | LC_ALL=C grep -q "$(printf '\r')"; then not_ok "demo: no raw CR on stdout"; else ok "demo: no raw CR on stdout"; fi
run SL logs $LIST_USERS --since 1d --format detailed
expect_no_match "demo detailed: no raw ESC" "$OUT" "$ESC"
run SL logs $LIST_USERS --since 1d --format json
expect_no_match "demo json: no raw ESC" "$OUT" "$ESC"
expect_match "demo json: ESC escaped" "$OUT" '\\u001b'

# --- colour only on a terminal --------------------------------------------------------------
run env -u NO_COLOR "$SLCTL" --endpoint-url "$EMU_URL" logs $G $WINDOW
expect_no_match "no colour when stdout is not a terminal" "$OUT" "$ESC"
if command -v script >/dev/null 2>&1; then
  script -qec "env -u NO_COLOR '$SLCTL' --endpoint-url '$EMU_URL' logs $G $WINDOW" /dev/null >"$T/tty.out" 2>&1
  expect_match "colour on a terminal" "$(cat "$T/tty.out")" "$ESC\\[36m/slctl-test/app$ESC\\[0m"
  script -qec "NO_COLOR=1 '$SLCTL' --endpoint-url '$EMU_URL' logs $G $WINDOW" /dev/null >"$T/tty.out" 2>&1
  expect_no_match "NO_COLOR on a terminal" "$(cat "$T/tty.out")" "$ESC\\[3"
fi

# --- follow ---------------------------------------------------------------------------------
F=/slctl-test/follow
inject $F s0 "[[$(((NOW - 30) * 1000)), \"f0 before\"]]"
# count PATTERN: lines of the follow output matching it
count() { n=$(grep -c -- "$1" "$T/follow.out" 2>/dev/null); echo "${n:-0}"; }
# wait_for N PATTERN: waits up to 20 s until N lines match
wait_for() {
  i=0
  while [ "$(count "$2")" -lt "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
}
emit() { # emit NAME...: one event per name, now
  ev=""
  for n in "$@"; do
    ev="$ev${ev:+, }[$(($(date +%s%N) / 1000000)), \"$n\"]"
  done
  inject $F live "[$ev]"
}

AWS_MAX_ATTEMPTS=1 "$SLCTL" --endpoint-url "$EMU_URL" logs $F --follow --since 1m \
  >"$T/follow.out" 2>"$T/follow.err" </dev/null &
FPID=$!
wait_for 1 "f0 before"
expect_eq "follow: the window first" "$(count 'f0 before')" 1
emit f1 f2 f3
wait_for 3 " f[123]$"
expect_eq "follow: new events appear" "$(count ' f[123]$')" 3

emu_ctl POST faults '{"type": "throttle", "service": "logs", "operation": "FilterLogEvents", "count": 2}' >/dev/null
emit f4 f5
sleep 1
emit f6
wait_for 3 " f[456]$"
expect_eq "follow: events injected while throttled arrive" "$(count ' f[456]$')" 3
expect_match "follow: a one-line notice while backing off" "$(cat "$T/follow.err")" \
  "^slctl: reading /slctl-test/follow failed: .*ThrottlingException.*; trying again in [0-9.]+ s\.$"

emu_ctl POST faults '{"type": "reset", "service": "logs", "operation": "FilterLogEvents", "count": 1}' >/dev/null
emit f7
sleep 2.5
emit f8 f9
wait_for 3 " f[789]$"
expect_eq "follow: events around a dropped connection arrive" "$(count ' f[789]$')" 3
sleep 3 # a few more polls: nothing may come twice

kill -INT $FPID
wait $FPID
RC=$?
OUT=$(cat "$T/follow.out")
expect_rc "follow: Ctrl-C" 130
expect_eq "follow: every event exactly once, in order" "$(sed 's/^[0-9:]* [^ ]* //' "$T/follow.out")" "f0 before
f1
f2
f3
f4
f5
f6
f7
f8
f9"
expect_eq "follow: output ends with a complete line" "$(tail -c 1 "$T/follow.out" | od -An -c | tr -d ' ')" '\n'
expect_no_match "follow: every line whole" "$OUT" "^[^0-9]"
expect_eq "follow: stderr only holds retry notices" \
  "$(grep -vc '^slctl: reading /slctl-test/follow failed: .*; trying again in [0-9.]* s\.$' "$T/follow.err")" 0
expect_eq "follow: emulator saw the faults" \
  "$(emu_ctl GET faults | "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)["faults"]))')" 0

# Ctrl-C before anything arrived, and following a missing group.
"$SLCTL" --endpoint-url "$EMU_URL" logs $F -f --filter NEVER >"$T/f2.out" 2>"$T/f2.err" </dev/null &
FPID=$!
sleep 1
kill -INT $FPID
wait $FPID
RC=$?
expect_rc "follow idle: Ctrl-C" 130
expect_eq "follow idle: no output" "$(cat "$T/f2.out")" ""
run SL logs /no/such/group -f
expect_rc "follow unknown group" 4

finish
