#!/bin/sh
# slctl invoke against the emulator's demo functions: the answer on stdout, the log tail and
# the REPORT summary on stderr, function errors, async and dry runs, missing functions,
# payload checks before anything is sent, read-only refusals, and "never invoked twice" under
# throttling, 5xx, connection resets and Ctrl-C (counted in the emulator's request log).
. "$(dirname "$0")/lib/harness.sh"

emu_start --demo
if ! emu_ctl GET health | grep -q '"lambda"'; then
  echo "# the emulator has no Lambda service"; emu_stop; rm -rf "$T"; exit 77
fi
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="$EMU_URL"
FN=users-api-GetUserFunction-4XJ2K9LQ7ZAB
SLOW=users-api-SlowReportFunction-7TQ1ZP3NNB4E
mkdir -p "$T/work"
cd "$T/work" || exit 99

run_in() { # INPUT CMD...
  input=$1; shift
  printf '%s' "$input" | "$@" >"$T/out" 2>"$T/err"
  RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
# requests [OPERATION]: how many requests (of that operation) the emulator saw since the last
# clear_log.
requests() {
  emu_ctl GET "requests${1:+?operation=$1}" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'
}
clear_log() { emu_ctl DELETE requests >/dev/null; }
faults_clear() { emu_ctl DELETE faults >/dev/null; }

SUMMARY='^Duration [0-9]+\.[0-9] ms, billed [0-9]+ ms, memory [0-9]+ of 256 MB(, init [0-9]+\.[0-9] ms \(cold start\))?$'

# --- a successful call ---------------------------------------------------------------------
clear_log
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" -
expect_rc "invoke with a payload on stdin" 0
expect_eq "invoke: the answer, as sent, on stdout" "$OUT" \
  '{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"id\":\"u-123\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"}'
expect_eq "invoke: stdout ends with one newline" "$(tail -c 2 "$T/out" | od -An -c | tr -d ' ')" '}\n'
expect_match "invoke: the log tail on stderr" "$ERR" "^START RequestId: [0-9a-f-]+ Version: \\\$LATEST"
expect_match "invoke: the function's log line" "$ERR" "INFO	?.*fetching user u-123"
expect_match "invoke: the REPORT line" "$ERR" "REPORT RequestId: "
expect_match "invoke: the summary is the last line" "$(printf '%s\n' "$ERR" | tail -n 1)" "$SUMMARY"
expect_eq "invoke: one GetFunction and one Invoke" "$(requests GetFunction) $(requests Invoke)" "1 1"

run "$SLCTL" invoke "$FN" --event-file /dev/null --no-tail
expect_rc "an empty payload file" 2
expect_match "empty payload: line and column" "$ERR" "^slctl: /dev/null: not valid JSON at line 1, column 1; nothing was sent\.$"

printf '{"pathParameters": {"id": "u-42"}}' >"$T/u42.json"
run "$SLCTL" invoke "$FN" --event-file "$T/u42.json" --no-tail
expect_rc "--event-file, --no-tail" 0
expect_match "--event-file: the user" "$OUT" 'Alan Turing'
expect_eq "--no-tail: nothing on stderr" "$ERR" ""

# No payload: {} is sent; get-user then fails reading pathParameters.id.
clear_log
run "$SLCTL" invoke "$FN" --no-tail
expect_rc "no payload: {} reaches the function (which fails on it)" 3
expect_eq "no payload: 2 bytes sent" "$(emu_ctl GET 'requests?operation=Invoke' | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"][0]["bytes_in"])')" "2"

# A qualifier (alias) and the name:qualifier form.
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" --qualifier staging - --no-tail
expect_rc "--qualifier alias" 0
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN:staging" - --no-tail
expect_rc "name:qualifier" 0
run "$SLCTL" invoke "$FN" --qualifier nope
expect_rc "unknown alias" 4
expect_match "unknown alias: sentence" "$ERR" "^slctl: The function \"$FN:nope\" was not found in us-east-1\."

# --- function errors -------------------------------------------------------------------------
run_in '{"pathParameters":{"id":"boom"}}' "$SLCTL" invoke "$FN" -
expect_rc "function error" 3
expect_match "function error: the error document on stdout" "$OUT" '^\{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined \(reading '"'"'id'"'"'\)"'
expect_match "function error: the log tail" "$ERR" "ERROR"
expect_match "function error: the summary" "$ERR" "^Duration [0-9.]+ ms, billed"
expect_match "function error: the sentence is last" "$(printf '%s\n' "$ERR" | tail -n 1)" \
  "^slctl: The function returned an error \(Unhandled\): TypeError: Cannot read properties of undefined \(reading 'id'\)"

run "$SLCTL" invoke "$SLOW" --no-tail
expect_rc "a function that times out" 3
expect_match "timeout: the error document" "$OUT" '"errorType":"Sandbox.Timedout"'
expect_match "timeout: the sentence" "$ERR" "Task timed out after 3.00 seconds"
run "$SLCTL" invoke "$SLOW"
expect_match "timeout: the summary shows the full timeout" "$ERR" "Duration 3000\.0 ms, billed 3000 ms, memory [0-9]+ of 1024 MB"

# --- async and dry run ------------------------------------------------------------------------
clear_log
run "$SLCTL" invoke "$FN" --async
expect_rc "--async" 0
expect_eq "--async: nothing on stdout" "$OUT" ""
expect_eq "--async: one line" "$ERR" "Accepted (202): the event was queued for the function."
run "$SLCTL" invoke "$FN" --dry-run
expect_rc "--dry-run" 0
expect_eq "--dry-run: one line" "$ERR" "Permission check passed (204); the function was not run."
expect_eq "--async and --dry-run: one Invoke each" "$(requests Invoke)" "2"
run "$SLCTL" invoke "$FN" --async --dry-run
expect_rc "--async with --dry-run" 2

# --- a function that does not exist: nothing invoked ----------------------------------------
clear_log
run "$SLCTL" invoke no-such-function
expect_rc "unknown function" 4
expect_match "unknown function: sentence" "$ERR" '^slctl: The function "no-such-function" was not found in us-east-1\.'
expect_lines "unknown function: one sentence" "$ERR" 1
expect_eq "unknown function: no Invoke sent" "$(requests Invoke)" "0"
run "$SLCTL" --region eu-west-1 invoke "$FN"
expect_rc "function in another region" 4
expect_match "another region: names it" "$ERR" "was not found in eu-west-1\."

# --- payload checks: nothing is sent -------------------------------------------------------------
printf '{\n  "pathParameters": {\n    "id": "u-123",\n  }\n}\n' >"$T/bad.json"
clear_log
run "$SLCTL" invoke "$FN" --event-file "$T/bad.json"
expect_rc "event file that is not JSON" 2
expect_match "not JSON: file, line and column" "$ERR" "^slctl: $T/bad.json: not valid JSON at line 4, column [0-9]+; nothing was sent\.$"
expect_eq "not JSON: nothing sent at all" "$(requests)" "0"
run_in 'hello' "$SLCTL" invoke "$FN" -
expect_rc "stdin that is not JSON" 2
expect_match "stdin not JSON: names standard input" "$ERR" "^slctl: standard input: not valid JSON at line 1, column 1"
expect_eq "stdin not JSON: no Invoke" "$(requests Invoke)" "0"

python3 -c 'import sys; sys.stdout.write("[" + "1," * 3200000 + "1]")' >"$T/big.json"
run "$SLCTL" invoke "$FN" --event-file "$T/big.json"
expect_rc "payload over 6 MB" 2
expect_eq "over 6 MB: sentence" "$ERR" "slctl: $T/big.json is larger than 6291456 bytes, the most a synchronous invocation takes; nothing was sent."
python3 -c 'import sys; sys.stdout.write("[" + "1," * 600000 + "1]")' >"$T/mid.json"
run "$SLCTL" invoke "$FN" --event-file "$T/mid.json" --async
expect_rc "async payload over 1 MB" 2
expect_eq "async over 1 MB: sentence" "$ERR" "slctl: $T/mid.json is larger than 1048576 bytes, the most an asynchronous (Event) invocation takes; nothing was sent."
expect_eq "oversized payloads: nothing sent" "$(requests)" "0"
run "$SLCTL" invoke "$FN" --event-file "$T/missing.json"
expect_rc "missing event file" 2
run "$SLCTL" invoke "$FN" --event x --event-file "$T/u42.json"
expect_rc "two payloads" 2
run "$SLCTL" invoke
expect_rc "no function" 2
run "$SLCTL" invoke "$FN" --bogus
expect_rc "unknown option" 2
expect_eq "usage errors: nothing sent" "$(requests)" "0"

# --- read-only --------------------------------------------------------------------------------
cfg="$XDG_CONFIG_HOME/slctl/config"
clear_log
run "$SLCTL" --readonly invoke "$FN"
expect_rc "--readonly" 1
expect_eq "--readonly: sentence" "$ERR" "slctl: Refusing to invoke: profile \"default\" is read-only (remove --readonly or readonly = true in $cfg)."
run "$SLCTL" invoke "$FN" --readonly --async
expect_rc "--readonly after the command" 1
expect_eq "--readonly: nothing sent" "$(requests)" "0"

mkdir -p "$XDG_CONFIG_HOME/slctl"
cat >>"$AWS_CONFIG_FILE" <<EOF
[profile prod]
region = us-east-1
[profile dev]
region = us-east-1
EOF
cat >>"$AWS_SHARED_CREDENTIALS_FILE" <<EOF
[prod]
aws_access_key_id = $EMU_KEY
aws_secret_access_key = $EMU_SECRET
[dev]
aws_access_key_id = $EMU_KEY
aws_secret_access_key = $EMU_SECRET
EOF
printf '[profile prod]\nreadonly = true\nproduction = true\n' >"$cfg"
run "$SLCTL" --profile prod invoke "$FN"
expect_rc "readonly = true for --profile prod" 1
expect_eq "readonly profile: sentence" "$ERR" "slctl: Refusing to invoke: profile \"prod\" is read-only (remove --readonly or readonly = true in $cfg)."
run env AWS_PROFILE=prod "$SLCTL" invoke "$FN" --async
expect_rc "readonly = true for AWS_PROFILE=prod" 1
printf '[default]\nprofile = prod\n[profile prod]\nreadonly = true\n' >"$cfg"
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$SLCTL" invoke "$FN"
expect_rc "readonly = true for the profile from [default]" 1
expect_match "[default] profile: named" "$ERR" 'profile "prod" is read-only'
expect_eq "read-only profiles: nothing sent" "$(requests)" "0"
run_in '{"pathParameters":{"id":"u-123"}}' env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$SLCTL" --profile dev invoke "$FN" - --no-tail
expect_rc "another profile is not read-only" 0
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$SLCTL" invoke "$FN" --dry-run
expect_rc "a dry run (runs nothing) is allowed on a read-only profile" 0
rm -f "$cfg"

# --- never invoked twice ------------------------------------------------------------------------
# 429 proves the request was not run: one retry may follow and then succeed.
clear_log
emu_ctl POST faults '{"type": "throttle", "service": "lambda", "operation": "Invoke", "count": 1, "retry_after": 0}' >/dev/null
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" - --no-tail
expect_rc "throttled once, then answered" 0
expect_match "throttled once: the answer" "$OUT" 'Ada Lovelace'
expect_eq "throttled once: two Invoke requests, one of them run" "$(requests Invoke)" "2"
faults_clear

clear_log
emu_ctl POST faults '{"type": "throttle", "service": "lambda", "operation": "Invoke", "count": 10, "retry_after": 0}' >/dev/null
run "$SLCTL" invoke "$FN" --no-tail
expect_rc "throttled every time" 1
expect_match "throttled: sentence" "$ERR" "TooManyRequestsException"
expect_lines "throttled: one sentence" "$ERR" 1
expect_eq "throttled: at most the 3 attempts of standard mode" "$(requests Invoke)" "3"
faults_clear

clear_log
emu_ctl POST faults '{"type": "error", "status": 503, "service": "lambda", "operation": "Invoke", "count": 5}' >/dev/null
run "$SLCTL" invoke "$FN" --no-tail
expect_rc "503 on Invoke" 1
expect_match "503: says it was not retried" "$ERR" "^slctl: The invocation was not retried \(the function may have run\): .*ServiceUnavailable"
expect_lines "503: one line" "$ERR" 1
expect_eq "503: exactly one Invoke" "$(requests Invoke)" "1"
expect_eq "503: GetFunction was not affected" "$(requests GetFunction)" "1"
faults_clear

clear_log
emu_ctl POST faults '{"type": "error", "status": 500, "phase": "after", "service": "lambda", "operation": "Invoke", "count": 5}' >/dev/null
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" - --no-tail
expect_rc "500 after the function ran" 1
expect_eq "500 after: exactly one Invoke" "$(requests Invoke)" "1"
faults_clear

clear_log
emu_ctl POST faults '{"type": "reset", "service": "lambda", "operation": "Invoke", "count": 5}' >/dev/null
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" - --no-tail
expect_rc "connection reset after sending" 1
expect_eq "reset: nothing on stdout" "$OUT" ""
expect_match "reset: says it may have run" "$ERR" "may have run"
expect_eq "reset: exactly one Invoke" "$(requests Invoke)" "1"
faults_clear

clear_log
emu_ctl POST faults '{"type": "truncate", "service": "lambda", "operation": "Invoke", "count": 5}' >/dev/null
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" - --no-tail
expect_rc "answer cut short" 1
expect_eq "cut short: exactly one Invoke" "$(requests Invoke)" "1"
faults_clear

# GetFunction may be retried (it changes nothing); Invoke still goes once.
clear_log
emu_ctl POST faults '{"type": "error", "status": 503, "service": "lambda", "operation": "GetFunction", "count": 1}' >/dev/null
run_in '{"pathParameters":{"id":"u-123"}}' "$SLCTL" invoke "$FN" - --no-tail
expect_rc "GetFunction retried after a 503" 0
expect_eq "GetFunction retried: 2 GetFunction, 1 Invoke" "$(requests GetFunction) $(requests Invoke)" "2 1"
faults_clear

# --- Ctrl-C while waiting ---------------------------------------------------------------------------
clear_log
"$SLCTL" invoke "$SLOW" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
# (the emulator's control API waits while the function runs, so no polling here)
sleep 1
kill -INT $pid
wait $pid
RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
expect_rc "Ctrl-C while waiting" 130
expect_eq "Ctrl-C: sentence" "$ERR" "slctl: Interrupted: the invocation may still be running in AWS (it was not retried)."
expect_eq "Ctrl-C: nothing on stdout" "$OUT" ""
sleep 3.5
expect_eq "Ctrl-C: exactly one Invoke" "$(requests Invoke)" "1"

finish
