#!/bin/sh
# Fidelity of the emulator's CloudWatch Logs, proven with Debian's AWS CLI v2
# (/usr/bin/aws, 2.9.x; not whatever `aws` is first on PATH): describe and
# filter paging through empty pages, filter patterns, GetLogEvents tokens,
# put/filter round trips, errors, `aws logs tail`, throttling retries.
#
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".
. "$(dirname "$0")/lib/harness.sh"

AWS=/usr/bin/aws
if [ ! -x "$AWS" ]; then
  rm -rf "$T"
  echo "SKIP: $AWS not found (Debian package awscli)"
  exit 77
fi

emu_start --demo
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_EC2_METADATA_DISABLED=true
export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3

# logs ARGS...: the CLI against the emulator
logs() {
  env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_DEFAULT_REGION=us-east-1 \
    "$AWS" --endpoint-url "$EMU_URL" --output json logs "$@"
}
# jeval PYEXPR: evaluates PYEXPR with d = the JSON document on stdin
jeval() {
  "$PYTHON3" -c "import json,sys; d=json.load(sys.stdin); print($1)"
}
# nreq OP: number of requests of that operation in the request log
nreq() {
  emu_ctl GET "requests?service=logs&operation=$1" | jeval 'len(d["requests"])'
}
# demo_count GROUP NEEDLE [SINCE_MINUTES]: demo events containing NEEDLE,
# counted from demo_logs.generate() (plain substring, not the matcher)
demo_count() {
  PYTHONPATH="$SRC/tests/emulator" "$PYTHON3" - "$SEEDED" "$@" <<'EOF'
import sys
from slemu import demo_logs
seeded, group, needle = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lo = seeded - int(sys.argv[4]) * 60000 if len(sys.argv) > 4 else None
data = demo_logs.generate(seeded)[group]
print(sum(1 for evs in data["streams"].values() for ts, msg, _ in evs
          if (lo is None or ts >= lo) and needle in msg))
EOF
}

SEEDED=$(emu_ctl GET logs/demo | jeval 'd["seeded_ms"]')
GET_USER=/aws/lambda/users-api-GetUserFunction-4XJ2K9LQ7ZAB
SLOW=/aws/lambda/users-api-SlowReportFunction-7TQ1ZP3NNB4E

# --- describe-log-groups ------------------------------------------------------------------------
run logs describe-log-groups
expect_rc "describe-log-groups" 0
expect_eq "demo log groups, ASCII-sorted" "$(printf '%s' "$OUT" | jeval '"\n".join(g["logGroupName"] for g in d["logGroups"])')" \
"/aws/apigateway/users-api-access-logs
/aws/lambda/orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD
/aws/lambda/users-api-CreateUserFunction-9PL2MX0WQ1RT
/aws/lambda/users-api-GetUserFunction-4XJ2K9LQ7ZAB
/aws/lambda/users-api-ListUsersFunction-2HD8RT5KXV0C
/aws/lambda/users-api-SlowReportFunction-7TQ1ZP3NNB4E"
expect_match "arn ends with :*" "$OUT" "\"arn\": \"arn:aws:logs:us-east-1:$EMU_ACCOUNT:log-group:$GET_USER:\\*\""
expect_match "retentionInDays and storedBytes" "$OUT" '"retentionInDays": 30,'

run logs describe-log-groups --log-group-name-prefix /aws/lambda/users-api --query 'length(logGroups)'
expect_eq "prefix" "$OUT" "4"

names=$("$PYTHON3" -c 'import json; print(json.dumps({"names": ["/paging/g%03d" % i for i in range(120)]}))')
emu_ctl POST logs/groups "$names" >/dev/null
emu_ctl DELETE requests >/dev/null
run logs describe-log-groups --log-group-name-prefix /paging/ --query 'logGroups[].logGroupName' --output text
expect_rc "auto-paging over 120 groups" 0
expect_eq "120 groups, in order" "$(printf '%s' "$OUT" | tr '\t' '\n')" "$(seq -f '/paging/g%03g' 0 119)"
expect_eq "3 pages of at most 50" "$(nreq DescribeLogGroups)" "3"
run logs describe-log-groups --log-group-name-prefix /paging/ --page-size 7 --max-items 20 --query 'length(logGroups)'
expect_eq "--page-size / --max-items" "$OUT" "20"

# --- describe-log-streams -----------------------------------------------------------------------
run logs describe-log-streams --log-group-name "$GET_USER" --order-by LastEventTime --descending \
  --query 'logStreams[].lastEventTimestamp' --output text
expect_rc "describe-log-streams --order-by LastEventTime --descending" 0
got=$(printf '%s' "$OUT" | tr '\t' '\n')
expect_eq "newest stream first" "$got" "$(printf '%s\n' "$got" | sort -rn)"
expect_eq "every demo stream" "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" \
  "$(emu_ctl GET logs/demo | jeval "d['groups']['$GET_USER']['streams']")"
run logs describe-log-streams --log-group-name "$GET_USER" --order-by LastEventTime --descending --max-items 1 \
  --query 'logStreams[0].logStreamName' --output text
expect_match "Lambda stream names" "$OUT" '^[0-9]{4}/[0-9]{2}/[0-9]{2}/\[\$LATEST\][0-9a-f]{32}$'
run logs describe-log-streams --log-group-name "$GET_USER" --order-by LastEventTime --log-stream-name-prefix 2
expect_rc "prefix with LastEventTime" 254
expect_match "... is InvalidParameterException" "$ERR" "InvalidParameterException"

# --- filter-log-events: paging through empty pages ----------------------------------------------
# 30000 events, 10 streams, 10 ms apart; NEEDLE in events 12000 and 25000 only.  One call scans
# 10000 events: page 1 is empty but has a nextToken.
gen=$(emu_ctl POST logs/events '{"group":"/bulk","count":30000,"stream_count":10,"start_ms":1714550400000,"interval_ms":10,"mark_every":13000,"mark_offset":12000}')
expect_eq "bulk generator" "$(printf '%s' "$gen" | jeval 'd["appended"], d["marked"]')" "30000 2"
run logs filter-log-events --log-group-name /bulk --filter-pattern NEEDLE --no-paginate
expect_eq "first page is empty ..." "$(printf '%s' "$OUT" | jeval 'len(d["events"])')" "0"
expect_eq "... and has a nextToken" "$(printf '%s' "$OUT" | jeval 'bool(d.get("nextToken"))')" "True"
emu_ctl DELETE requests >/dev/null
run logs filter-log-events --log-group-name /bulk --filter-pattern NEEDLE --query 'events[].message' --output text
expect_rc "auto-paging filter-log-events" 0
expect_eq "exact matches across empty pages" "$(printf '%s' "$OUT" | tr '\t' '\n')" \
"bulk event 12000 stream=0 level=INFO NEEDLE
bulk event 25000 stream=0 level=INFO NEEDLE"
expect_eq "3 FilterLogEvents calls" "$(nreq FilterLogEvents)" "3"

emu_ctl POST logs/config '{"scan_budget": 2000}' >/dev/null
gen=$(emu_ctl POST logs/events '{"group":"/bulk2","count":30000,"stream_count":10,"start_ms":1714550400000,"interval_ms":10,"mark_every":3100,"mark_offset":3000}')
emu_ctl DELETE requests >/dev/null
run logs filter-log-events --log-group-name /bulk2 --filter-pattern NEEDLE --query 'length(events)'
expect_eq "many empty pages: count" "$OUT" "$(printf '%s' "$gen" | jeval 'd["marked"]')"
expect_eq "many empty pages: 15 calls" "$(nreq FilterLogEvents)" "15"
emu_ctl POST logs/config '{"scan_budget": 10000}' >/dev/null

run logs filter-log-events --log-group-name /bulk --start-time 1714550410000 --end-time 1714550420000 \
  --query '[length(events), events[0].timestamp, events[-1].timestamp]' --output text
expect_eq "--start-time/--end-time (both inclusive)" "$OUT" "$(printf '1001\t1714550410000\t1714550420000')"
run logs filter-log-events --log-group-name /bulk --log-stream-names stream-003 stream-007 \
  --filter-pattern '"level=ERROR"' --query 'length(events)'
expect_eq "--log-stream-names and a quoted term" "$OUT" \
  "$("$PYTHON3" -c 'print(sum(1 for i in range(30000) if i % 100 == 99 and i % 10 in (3, 7)))')"
run logs filter-log-events --log-group-name /bulk --log-stream-name-prefix stream-00 \
  --filter-pattern '?level=ERROR ?NEEDLE -stream=9' --query 'length(events)'
expect_eq "?OR and -exclusion terms" "$OUT" \
  "$("$PYTHON3" -c 'print(sum(1 for i in range(30000) if (i % 100 == 99 or i in (12000, 25000)) and i % 10 != 9))')"

emu_ctl POST logs/events '{"group":"/json","count":5000,"stream_count":4,"start_ms":1714550400000,"json":true}' >/dev/null
run logs filter-log-events --log-group-name /json --filter-pattern '{ $.latencyMs > 400 }' --query 'length(events)'
expect_eq "JSON pattern: number" "$OUT" "$("$PYTHON3" -c 'print(sum(1 for i in range(5000) if (i * 37) % 500 > 400))')"
run logs filter-log-events --log-group-name /json --filter-pattern '{ ($.level = "error") && $.stream = 3 }' --query 'length(events)'
expect_eq "JSON pattern: string && number" "$OUT" "$("$PYTHON3" -c 'print(sum(1 for i in range(5000) if i % 100 == 99 and i % 4 == 3))')"

# --- the demo data through filters --------------------------------------------------------------
run logs filter-log-events --log-group-name "$SLOW" --filter-pattern '"Task timed out"' --query 'length(events)'
expect_eq "demo: Task timed out (SlowReport)" "$OUT" "$(demo_count "$SLOW" "Task timed out after 3.00 seconds")"
run logs filter-log-events --log-group-name "$GET_USER" --filter-pattern '{ $.level = "error" }' \
  --start-time $((SEEDED - 30 * 60000)) --query 'length(events)'
expect_eq "demo: JSON errors of GetUser, last 30 min" "$OUT" "$(demo_count "$GET_USER" '"level":"error"' 30)"
expect_match "demo: errors concentrated in the last 30 min" "$OUT" '^[0-9]{2,}$'
run logs filter-log-events --log-group-name "$GET_USER" --filter-pattern '{ $.level = "error" }' \
  --end-time $((SEEDED - 30 * 60000)) --query 'length(events)'
expect_eq "demo: ... and few before" "$OUT" "3"

# --- get-log-events -----------------------------------------------------------------------------
ev=$("$PYTHON3" -c 'import json; print(json.dumps({"group": "/get", "stream": "s", "events": [[1714550400000 + i, "m%d" % i] for i in range(25)]}))')
emu_ctl POST logs/events "$ev" >/dev/null
run logs get-log-events --log-group-name /get --log-stream-name s --limit 10
expect_eq "get-log-events: newest by default" "$(printf '%s' "$OUT" | jeval '" ".join(e["message"] for e in d["events"])')" \
  "m15 m16 m17 m18 m19 m20 m21 m22 m23 m24"
expect_match "forward token format" "$OUT" '"nextForwardToken": "f/[0-9]{56}/s"'
got=""
token=""
calls=0
while [ $calls -lt 10 ]; do
  calls=$((calls + 1))
  run logs get-log-events --log-group-name /get --log-stream-name s --limit 10 --start-from-head ${token:+--next-token "$token"}
  got="$got$(printf '%s' "$OUT" | jeval '"".join(e["message"] + " " for e in d["events"])')"
  next=$(printf '%s' "$OUT" | jeval 'd["nextForwardToken"]')
  [ "$next" = "$token" ] && break
  token=$next
done
expect_eq "--start-from-head and forward tokens to the end" "$got" "$(seq -f 'm%g' 0 24 | tr '\n' ' ')"
expect_eq "end of stream: the token comes back unchanged (4 calls)" "$calls" "4"
run logs get-log-events --log-group-name /get --log-stream-name s --next-token "$token" --start-from-head
expect_eq "same token at the end" "$(printf '%s' "$OUT" | jeval 'len(d["events"]), d["nextForwardToken"]')" "0 $token"
back=$(printf '%s' "$OUT" | jeval 'd["nextBackwardToken"]')
run logs get-log-events --log-group-name /get --log-stream-name s --limit 3 --next-token "$back"
expect_eq "backward token" "$(printf '%s' "$OUT" | jeval '" ".join(e["message"] for e in d["events"])')" "m22 m23 m24"
run logs get-log-events --log-group-name /get --log-stream-name s --next-token garbage
expect_rc "garbage token" 254
expect_match "... is InvalidParameterException" "$ERR" "InvalidParameterException.*The specified nextToken is invalid."

# --- create, put, filter: byte-exact round trip -------------------------------------------------
run logs create-log-group --log-group-name /roundtrip/app
expect_rc "create-log-group" 0
run logs create-log-group --log-group-name /roundtrip/app
expect_match "create twice: ResourceAlreadyExistsException" "$ERR" "ResourceAlreadyExistsException"
run logs create-log-stream --log-group-name /roundtrip/app --log-stream-name "2024/05/01/[\$LATEST]abc"
expect_rc "create-log-stream" 0
NOW=$("$PYTHON3" -c 'import time; print(int(time.time() * 1000))')
"$PYTHON3" - "$T/events.json" "$NOW" <<'EOF'
import json, sys
msgs = ["Grüße aus München: 山田太郎 🚀 ✅",
        "tab\there \"quoted\" back\\slash {json: [1,2]} %d %s",
        "\x1b[31mred\x1b[0m \x1b]0;title\x07 bare\rCR",
        "x" * 20000]
now = int(sys.argv[2])
json.dump([{"timestamp": now - 1000 + i, "message": m} for i, m in enumerate(msgs)],
          open(sys.argv[1], "w"))
json.dump(msgs, open(sys.argv[1] + ".want", "w"))
EOF
run logs put-log-events --log-group-name /roundtrip/app --log-stream-name "2024/05/01/[\$LATEST]abc" \
  --log-events "file://$T/events.json"
expect_rc "put-log-events" 0
expect_match "nextSequenceToken" "$OUT" '"nextSequenceToken": "[0-9]+"'
run logs filter-log-events --log-group-name /roundtrip/app
printf '%s' "$OUT" >"$T/got.json"
expect_eq "filter returns the messages byte-exact" "$("$PYTHON3" -c '
import json, sys
got = [e["message"] for e in json.load(open(sys.argv[1]))["events"]]
want = json.load(open(sys.argv[2]))
print("same" if [g.encode("utf-8") for g in got] == [w.encode("utf-8") for w in want] else "differ: %r" % got[:3])
' "$T/got.json" "$T/events.json.want")" "same"
run logs filter-log-events --log-group-name /roundtrip/app --filter-pattern '山田太郎' --query 'length(events)'
expect_eq "unicode filter term" "$OUT" "1"
run logs put-retention-policy --log-group-name /roundtrip/app --retention-in-days 14
expect_rc "put-retention-policy" 0
run logs describe-log-groups --log-group-name-prefix /roundtrip/ --query 'logGroups[0].retentionInDays'
expect_eq "retention shows" "$OUT" "14"

# --- errors -------------------------------------------------------------------------------------
run logs filter-log-events --log-group-name /no/such/group
expect_rc "unknown group" 254
expect_match "ResourceNotFoundException" "$ERR" \
  'An error occurred \(ResourceNotFoundException\) when calling the FilterLogEvents operation: The specified log group does not exist\.'
run logs get-log-events --log-group-name "$GET_USER" --log-stream-name nope
expect_match "unknown stream" "$ERR" 'ResourceNotFoundException.*The specified log stream does not exist\.'

# --- aws logs tail ------------------------------------------------------------------------------
run logs tail "$GET_USER" --since 1h
expect_rc "logs tail --since 1h" 0
expect_match "tail: START lines" "$OUT" '^[0-9-]{10}T[0-9:.]+\+00:00 [0-9]{4}/[0-9]{2}/[0-9]{2}/\[\$LATEST\][0-9a-f]{32} START RequestId: [0-9a-f-]{36} Version: \$LATEST$'
expect_match "tail: REPORT lines" "$OUT" 'REPORT RequestId: [0-9a-f-]{36}	Duration: [0-9.]+ ms	Billed Duration: [0-9]+ ms	Memory Size: 256 MB	Max Memory Used: [0-9]+ MB'
expect_match "tail: the TypeError stack trace" "$OUT" "ERROR	TypeError: Cannot read properties of undefined \\(reading 'id'\\)"
expect_match "tail: stack frames on their own lines" "$OUT" '^    at Runtime.handler \(file:///var/task/get-user.mjs:31:18\)$'
expect_eq "tail: one line per START of the last hour" "$(printf '%s\n' "$OUT" | grep -c ' START RequestId: ')" \
  "$(demo_count "$GET_USER" "START RequestId: " 60)"
run logs tail "$SLOW" --since 30m --filter-pattern '"Task timed out"' --format short
expect_match "tail --filter-pattern --format short" "$OUT" '^[0-9-]{10}T[0-9:]{8} [0-9-]{10}T[0-9:.]+Z [0-9a-f-]{36} Task timed out after 3.00 seconds$'

# --- throttling ---------------------------------------------------------------------------------
emu_ctl DELETE requests >/dev/null
emu_ctl POST faults '{"type":"throttle","service":"logs","operation":"DescribeLogGroups","count":2}' >/dev/null
run logs describe-log-groups --log-group-name-prefix /roundtrip/ --query 'length(logGroups)'
expect_rc "throttled twice, then the CLI's retry succeeds" 0
expect_eq "... with the answer" "$OUT" "1"
expect_eq "... after 3 attempts" "$(emu_ctl GET 'requests?operation=DescribeLogGroups' | jeval '[r["error"] for r in d["requests"]]')" \
  "['ThrottlingException', 'ThrottlingException', None]"
emu_ctl POST faults '{"type":"throttle","service":"logs","operation":"FilterLogEvents","count":1}' >/dev/null
run env AWS_MAX_ATTEMPTS=1 sh -c 'env AWS_ACCESS_KEY_ID=$0 AWS_SECRET_ACCESS_KEY=$1 AWS_DEFAULT_REGION=us-east-1 "$2" --endpoint-url "$3" logs filter-log-events --log-group-name /get' \
  "$EMU_KEY" "$EMU_SECRET" "$AWS" "$EMU_URL"
expect_rc "no retries left" 254
expect_match "ThrottlingException: Rate exceeded" "$ERR" 'ThrottlingException.*Rate exceeded'

# --- reset clears everything ---------------------------------------------------------------------
emu_ctl POST reset '{"demo": false}' >/dev/null
run logs describe-log-groups --query 'length(logGroups)'
expect_eq "reset without demo: no log groups" "$OUT" "0"

finish
