#!/bin/sh
# slctl events: the saved-event store (save, list, show, edit, rm), a SAM project's events/
# folder, sample events (generate), invoke --event with a saved event, and slctl's own config
# file when it is malformed.
. "$(dirname "$0")/lib/harness.sh"

FN=users-api-GetUserFunction-4XJ2K9LQ7ZAB
STORE="$XDG_CONFIG_HOME/slctl/events"
mkdir -p "$T/work" "$T/tmp"
export TMPDIR="$T/tmp" # edit keeps a refused edit there
cd "$T/work" || exit 99

# run_in INPUT CMD...: like run, with INPUT on standard input.
run_in() {
  input=$1; shift
  printf '%s' "$input" | "$@" >"$T/out" 2>"$T/err"
  RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}

# --- an empty store ------------------------------------------------------------------------
run "$SLCTL" events list
expect_rc "list, nothing saved" 0
expect_eq "list, nothing saved: no table" "$OUT" ""
expect_eq "list, nothing saved: says so" "$ERR" "There are no saved events."
run "$SLCTL" events list --output json
expect_eq "list json, nothing saved" "$OUT" '{
  "Events": []
}'

# --- save ---------------------------------------------------------------------------------
run_in '{"pathParameters": {"id": "u-123"}}' "$SLCTL" events save "$FN" get-user
expect_rc "save from stdin" 0
expect_eq "save: where it went" "$ERR" "Saved the event \"get-user\" in $STORE/$FN/get-user.json."
expect_eq "save: content as given" "$(cat "$STORE/$FN/get-user.json")" '{"pathParameters": {"id": "u-123"}}'
expect_eq "save: private file" "$(stat -c %a "$STORE/$FN/get-user.json")" "600"
expect_eq "save: no temporary file left" "$(ls -A "$STORE/$FN")" "get-user.json"

run_in '{"x": 1}' "$SLCTL" events save "$FN" get-user
expect_rc "save over an existing event" 2
expect_eq "save over: asks for --force" "$ERR" \
  "slctl: The event \"get-user\" already exists ($STORE/$FN/get-user.json); add --force to replace it."
expect_eq "save over: unchanged" "$(cat "$STORE/$FN/get-user.json")" '{"pathParameters": {"id": "u-123"}}'

printf '{"pathParameters": {"id": "boom"}}\n' >"$T/boom.json"
run "$SLCTL" events save "arn:aws:lambda:us-east-1:$EMU_ACCOUNT:function:$FN:live" boom --from "$T/boom.json"
expect_rc "save --from FILE with an ARN and qualifier" 0
expect_eq "save by ARN: stored under the function name" "$(cat "$STORE/$FN/boom.json")" '{"pathParameters": {"id": "boom"}}'

printf '{"a": 1}' >"$T/a.json"
run "$SLCTL" events save other-fn a --from "$T/a.json"
expect_rc "save for a second function" 0

# invalid JSON: refused with line and column, never stored
run_in '{
  "id": "u-1",
  "name": nope
}' "$SLCTL" events save "$FN" broken
expect_rc "save invalid JSON" 2
expect_match "save invalid JSON: line and column" "$ERR" '^slctl: standard input: not valid JSON at line 3, column [0-9]+'
expect_lines "save invalid JSON: one sentence" "$ERR" 1
expect_eq "save invalid JSON: nothing stored" "$(ls "$STORE/$FN")" "boom.json
get-user.json"

run_in '{"x": 1}' "$SLCTL" events save "$FN" get-user --force --from -
expect_rc "save --force --from -" 0
expect_eq "save --force: replaced" "$(cat "$STORE/$FN/get-user.json")" '{"x": 1}'
printf '{"pathParameters": {"id": "u-123"}}' | "$SLCTL" events save "$FN" get-user --force 2>/dev/null

run "$SLCTL" events save "$FN" x --from "$T/missing.json"
expect_rc "save --from a missing file" 2
expect_match "save --from missing: names it" "$ERR" "missing.json"

# names
run_in '{}' "$SLCTL" events save "$FN" a/b
expect_rc "name with /" 2
expect_eq "name with /: sentence" "$ERR" 'slctl: The event name "a/b" cannot contain "/".'
run_in '{}' "$SLCTL" events save "$FN" .hidden
expect_rc "name with a leading dot" 2
expect_eq "leading dot: sentence" "$ERR" 'slctl: The event name ".hidden" cannot start with ".".'
long=$(printf '%0101d' 0)
run_in '{}' "$SLCTL" events save "$FN" "$long"
expect_rc "name of 101 characters" 2
expect_eq "101 characters: sentence" "$ERR" 'slctl: The event name is 101 characters long; the most is 100.'
run_in '{}' "$SLCTL" events save "$FN" "$(printf '%0100d' 0)"
expect_rc "name of 100 characters" 0
"$SLCTL" events rm "$FN" "$(printf '%0100d' 0)" 2>/dev/null
run_in '{}' "$SLCTL" events save ../up x
expect_rc "function with /" 2
expect_eq "bad names: nothing else stored" "$(ls "$STORE" | tr '\n' ' ')" "other-fn $FN "
run "$SLCTL" events save "$FN"
expect_rc "save without a name" 2

# --- list and show -------------------------------------------------------------------------
# Wide enough for the paths: the table is cut to the terminal width.
export COLUMNS=400
run "$SLCTL" events list
expect_rc "list" 0
expect_eq "list: table" "$OUT" "Function                                Name      Source  Path
other-fn                                a         saved   $STORE/other-fn/a.json
$FN  boom      saved   $STORE/$FN/boom.json
$FN  get-user  saved   $STORE/$FN/get-user.json"
run "$SLCTL" events list "$FN" --output text
expect_eq "list FUNCTION, text" "$OUT" "$(printf '%s\t%s\t%s\t%s\n%s\t%s\t%s\t%s' \
  "$FN" boom saved "$STORE/$FN/boom.json" "$FN" get-user saved "$STORE/$FN/get-user.json")"
run "$SLCTL" --output json events list other-fn
expect_eq "list FUNCTION, json" "$OUT" "{
  \"Events\": [{
      \"Function\": \"other-fn\",
      \"Name\": \"a\",
      \"Source\": \"saved\",
      \"Path\": \"$STORE/other-fn/a.json\"
    }]
}"
run "$SLCTL" events list nobody
expect_eq "list of a function without events" "$ERR" "There are no saved events for nobody."

run "$SLCTL" events show "$FN" get-user
expect_rc "show" 0
expect_eq "show: the event as stored" "$OUT" '{"pathParameters": {"id": "u-123"}}'
run "$SLCTL" events show "$FN:live" boom
expect_eq "show with a qualifier" "$OUT" '{"pathParameters": {"id": "boom"}}'
run "$SLCTL" events show "$FN" nope
expect_rc "show unknown" 4
expect_eq "show unknown: sentence" "$ERR" "slctl: There is no saved event \"nope\" for $FN."

# --- edit -----------------------------------------------------------------------------------
# The "editor" writes $T/next into the file it is given.
cat >"$T/editor.sh" <<EOF
#!/bin/sh
echo "\$1" >"$T/edited-path"
cat "$T/next" >"\$1"
EOF
chmod +x "$T/editor.sh"
printf '{\n  "pathParameters": {"id": "u-999"}\n}\n' >"$T/next"
run env VISUAL="$T/editor.sh" "$SLCTL" events edit "$FN" get-user
expect_rc "edit, valid" 0
expect_eq "edit, valid: saved" "$(cat "$STORE/$FN/get-user.json")" "$(cat "$T/next")"
expect_eq "edit, valid: says where" "$ERR" "Saved the event \"get-user\" in $STORE/$FN/get-user.json."
expect_match "edit: the editor got a .json file" "$(cat "$T/edited-path")" "/get-user\.json$"
expect_eq "edit: the temporary copy is gone" "$(ls -d "$(dirname "$(cat "$T/edited-path")")" 2>/dev/null)" ""

printf '{\n  "pathParameters": {"id": \n}\n' >"$T/next"
run env VISUAL="$T/editor.sh" EDITOR=/bin/false "$SLCTL" events edit "$FN" get-user
expect_rc "edit, invalid" 2
expect_match "edit, invalid: line and column" "$ERR" "^slctl: Not saved: .*get-user\.json: not valid JSON at line 3, column [0-9]+; $STORE/$FN/get-user.json is unchanged and your edit is kept in .*get-user\.json\.$"
expect_lines "edit, invalid: one sentence" "$ERR" 1
expect_eq "edit, invalid: the old file is kept" "$(cat "$STORE/$FN/get-user.json")" '{
  "pathParameters": {"id": "u-999"}
}'
expect_eq "edit, invalid: the edit is kept" "$(cat "$(cat "$T/edited-path")")" "$(cat "$T/next")"

# EDITOR when VISUAL is not set; a new event starts from {}
printf '{"detail": {}}\n' >"$T/next"
run env -u VISUAL EDITOR="$T/editor.sh" "$SLCTL" events edit "$FN" created
expect_rc "edit a new event with EDITOR" 0
expect_eq "edit new: stored" "$(cat "$STORE/$FN/created.json")" '{"detail": {}}'

cat >"$T/noop.sh" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$T/noop.sh"
run env VISUAL="$T/noop.sh" "$SLCTL" events edit "$FN" created
expect_rc "edit without changes" 0
expect_match "edit without changes: says so" "$ERR" "^No changes"

run env VISUAL=false "$SLCTL" events edit "$FN" created
expect_rc "editor fails" 1
expect_eq "editor fails: sentence" "$ERR" 'slctl: The editor "false" exited with status 1; nothing was saved.'
expect_eq "editor fails: unchanged" "$(cat "$STORE/$FN/created.json")" '{"detail": {}}'

printf '\n' >"$T/next"
run env VISUAL="$T/editor.sh" "$SLCTL" events edit "$FN" created
expect_rc "edit to empty" 2
expect_eq "edit to empty: unchanged" "$(cat "$STORE/$FN/created.json")" '{"detail": {}}'

run env VISUAL="$T/editor.sh" "$SLCTL" events edit "$FN" ../x
expect_rc "edit with a bad name" 2

printf '{"pathParameters": {"id": "u-123"}}' | "$SLCTL" events save "$FN" get-user --force 2>/dev/null

# --- rm -----------------------------------------------------------------------------------
run "$SLCTL" events rm "$FN" created
expect_rc "rm" 0
expect_eq "rm: sentence" "$ERR" 'Removed the event "created".'
expect_eq "rm: file gone" "$(ls "$STORE/$FN")" "boom.json
get-user.json"
run "$SLCTL" events rm "$FN" created
expect_rc "rm again" 4
expect_eq "rm again: sentence" "$ERR" "slctl: There is no saved event \"created\" for $FN."
run "$SLCTL" events rm other-fn a
expect_eq "rm the last event of a function removes its folder" "$(ls "$STORE")" "$FN"

# --- a SAM project's events/ folder ---------------------------------------------------------
P="$T/work/users-api"
mkdir -p "$P/src/handlers" "$P/events/GetUserFunction" "$P/events/OtherFunction"
printf 'Transform: AWS::Serverless-2016-10-31\n' >"$P/template.yaml"
printf '{"shared": true}\n' >"$P/events/event.json"
printf '{"pathParameters": {"id": "u-123"}}\n' >"$P/events/GetUserFunction/sam-get.json"
printf '{}\n' >"$P/events/OtherFunction/other.json"
cd "$P/src/handlers" || exit 99
run "$SLCTL" events list "$FN"
expect_rc "project: list" 0
row() { printf '%-38s  %-8s  %-7s  %s\n' "$@"; }
expect_eq "project: listed with its source" "$OUT" "$(row Function Name Source Path
row - event project "$P/events/event.json"
row GetUserFunction sam-get project "$P/events/GetUserFunction/sam-get.json"
row "$FN" boom saved "$STORE/$FN/boom.json"
row "$FN" get-user saved "$STORE/$FN/get-user.json")"
run "$SLCTL" events show "$FN" sam-get
expect_eq "project: show" "$OUT" '{"pathParameters": {"id": "u-123"}}'
run "$SLCTL" events rm "$FN" sam-get
expect_rc "project: rm refused" 2
expect_eq "project: rm sentence" "$ERR" "slctl: The event \"sam-get\" belongs to the project ($P/events/GetUserFunction/sam-get.json); slctl removes only the events it saved."
expect_eq "project: file kept" "$(cat "$P/events/GetUserFunction/sam-get.json")" '{"pathParameters": {"id": "u-123"}}'
printf '{"pathParameters": {"id": "u-124"}}\n' >"$T/next"
run env VISUAL="$T/editor.sh" "$SLCTL" events edit "$FN" sam-get
expect_rc "project: edit in place" 0
expect_eq "project: edited file" "$(cat "$P/events/GetUserFunction/sam-get.json")" '{"pathParameters": {"id": "u-124"}}'
printf '{"pathParameters": {"id": "u-123"}}\n' >"$P/events/GetUserFunction/sam-get.json"
cd "$T/work" || exit 99

# --- generate -------------------------------------------------------------------------------
for type in api-gateway-v1 api-gateway-v2 apigw http-api sqs s3 sns eventbridge schedule; do
  run "$SLCTL" events generate $type
  expect_rc "generate $type" 0
  if printf '%s' "$OUT" | python3 -m json.tool >/dev/null 2>&1; then ok "generate $type: valid JSON"
  else not_ok "generate $type: valid JSON" "$OUT"; fi
done
j() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run "$SLCTL" events generate api-gateway-v1 --path /users/u-123 --method GET --path-param id=u-123
expect_eq "apigw v1: method, resource, path parameter" "$(j 'd["httpMethod"], d["resource"], d["pathParameters"]["id"], d["body"]')" "GET /users/{id} u-123 None"
run "$SLCTL" events generate apigw --path /orders --method POST --body '{"qty": 2}' --query a=1
expect_eq "apigw v2: route, body, query" "$(j 'd["routeKey"], d["body"], d["rawQueryString"], d["version"]')" 'POST /orders {"qty": 2} a=1 2.0'
run "$SLCTL" events generate s3 --bucket uploads --key "in/a b.csv"
expect_eq "s3: bucket and encoded key" "$(j 'd["Records"][0]["s3"]["bucket"]["name"], d["Records"][0]["s3"]["object"]["key"]')" "uploads in/a+b.csv"
run "$SLCTL" events generate sqs --body 'hello "queue"'
expect_eq "sqs: body and md5" "$(j 'd["Records"][0]["body"], d["Records"][0]["md5OfBody"]')" "hello \"queue\" $(printf 'hello "queue"' | md5sum | cut -d' ' -f1)"
run "$SLCTL" events generate sns --body 'ping'
expect_eq "sns: message" "$(j 'd["Records"][0]["Sns"]["Message"]')" "ping"
run "$SLCTL" --region eu-west-1 events generate schedule --rule nightly
expect_eq "schedule: rule ARN in the region" "$(j 'd["resources"][0], d["detail-type"]')" "arn:aws:events:eu-west-1:123456789012:rule/nightly Scheduled Event"
run "$SLCTL" events generate eventbridge --detail '{"n": 1}' --source my.app
expect_eq "eventbridge: detail and source" "$(j 'd["detail"]["n"], d["source"]')" "1 my.app"
run "$SLCTL" events generate eventbridge --detail '{"n": }'
expect_rc "eventbridge: bad --detail" 2
expect_match "bad --detail: sentence" "$ERR" '^slctl: --detail is not valid JSON at line 1, column [0-9]+\.$'
run "$SLCTL" events generate kinesis
expect_rc "generate an unknown type" 2
expect_match "unknown type: lists the known ones" "$ERR" "api-gateway-v1.*schedule"
run "$SLCTL" events generate sqs --bogus
expect_rc "generate with an unknown option" 2
run "$SLCTL" events generate apigw --query novalue
expect_rc "generate --query without =" 2
run "$SLCTL" events frobnicate
expect_rc "unknown subcommand" 2
run "$SLCTL" events
expect_rc "no subcommand" 2

# --- slctl's config file ---------------------------------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/slctl"
printf '[default]\nlog_buffer_lines = 500\n[profile prod]\nread-only = true\n' >"$XDG_CONFIG_HOME/slctl/config"
run "$SLCTL" events show "$FN" get-user
expect_rc "malformed config: not fatal" 0
expect_eq "malformed config: one warning with file and line" "$ERR" \
  "slctl: warning: $XDG_CONFIG_HOME/slctl/config:4: unknown setting \"read-only\" in [profile prod]; the default settings are used."
expect_eq "malformed config: the command still works" "$OUT" '{"pathParameters": {"id": "u-123"}}'
rm -f "$XDG_CONFIG_HOME/slctl/config"

# --- invoke --event with saved and project events (needs the emulator's Lambda) ----------------
emu_start --demo
if emu_ctl GET health | grep -q '"lambda"'; then
  export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
  run "$SLCTL" --endpoint-url "$EMU_URL" invoke "$FN" --event get-user --no-tail
  expect_rc "invoke --event (saved)" 0
  expect_match "invoke --event: the function saw the event" "$OUT" '"statusCode": ?200'
  expect_match "invoke --event: the user" "$OUT" 'u-123'
  run "$SLCTL" --endpoint-url "$EMU_URL" invoke "$FN" --event boom --no-tail
  expect_rc "invoke --event boom" 3
  cd "$P" || exit 99
  run "$SLCTL" --endpoint-url "$EMU_URL" invoke "$FN" --event sam-get --no-tail
  expect_rc "invoke --event from the project folder" 0
  expect_match "project event: the user" "$OUT" 'u-123'
  cd "$T/work" || exit 99
  run "$SLCTL" --endpoint-url "$EMU_URL" invoke "$FN" --event nope
  expect_rc "invoke --event unknown" 2
  expect_eq "invoke --event unknown: sentence" "$ERR" "slctl: There is no saved event \"nope\" for $FN."
  expect_eq "invoke --event unknown: nothing sent" "$(emu_ctl GET 'requests?operation=Invoke' | python3 -c 'import json,sys; print(len([r for r in json.load(sys.stdin)["requests"] if "nope" in r["path"]]))')" "0"
else
  echo "# the emulator has no Lambda service yet: invoke --event skipped"
fi

# --- round trip end: rm -------------------------------------------------------------------------
run "$SLCTL" events rm "$FN" get-user
expect_rc "rm get-user" 0
run "$SLCTL" events rm "$FN" boom
run "$SLCTL" events list
expect_eq "everything removed" "$ERR" "There are no saved events."
expect_eq "store folder emptied" "$(ls "$STORE")" ""

finish
