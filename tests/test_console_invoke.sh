#!/bin/sh
# The console's Invoke and Saved events views in a real terminal: slctl runs in tmux against the
# emulator's demo application and the checks read the screen as a person would. Invoking
# GetUser with a saved event (payload, REPORT figures), its log lines by request id, a function
# error in red, an edit that is not JSON (never sent: the emulator's request log shows no
# Invoke), saving a payload, stopping the wait, a production profile asking for the name,
# read-only mode, and renaming, copying and deleting saved events.
. "$(dirname "$0")/lib/harness.sh"

if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux is not installed: skipped"
  exit 77
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export XDG_STATE_HOME="$T/state" TERM=screen PS1='prompt$ '
# colours on: a function error must show in red
unset NO_COLOR TMUX
FN=users-api-GetUserFunction-4XJ2K9LQ7ZAB
. "$(dirname "$0")/lib/console.sh"
status_line() { screen | sed -n 39p; }
hint_bar() { screen | sed -n 40p; }

# back_to NAME TEXT: Esc until TEXT shows (the logs view's first Esc clears its search)
back_to() {
  _n=0
  while [ $_n -lt 3 ]; do
    keys Escape
    if wait_for "$2" 1; then ok "$1"; return; fi
    _n=$((_n + 1))
  done
  not_ok "$1: \"$2\" never showed" "$(screen)"
}
# invokes seen by the emulator (signed requests of the operation Invoke)
invokes() {
  emu_ctl GET "requests?service=lambda&operation=Invoke" |
    "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'
}

# The editor: each E copies the next prepared text into the file slctl hands over.
cat >"$T/editor.sh" <<EOF
#!/bin/sh
cp "$T/next-edit.json" "\$1"
EOF
chmod +x "$T/editor.sh"
export VISUAL="$T/editor.sh"

# A saved event, the way a person saves one.
printf '%s\n' '{"pathParameters":{"id":"u-123"}}' >"$T/u123.json"
run "$SLCTL" --endpoint-url "$EMU_URL" events save "$FN" get-u123 --from "$T/u123.json"
expect_rc "slctl events save" 0

# A SAM project around the current directory with an event of its own for GetUserFunction.
mkdir -p "$T/proj/events/GetUserFunction"
: >"$T/proj/template.yaml"
printf '%s\n' '{"pathParameters":{"id":"u-42"}}' >"$T/proj/events/GetUserFunction/from-project.json"

console_start 120 -c "$T/proj"
type_text "cd '$T/proj' && '$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT=\$?"
keys Enter
see "console starts" "UPDATE_ROLLBACK_COMPLETE"

# --- the function view offers i and e ---------------------------------------------------------
type_text ":fn"
keys Enter
see "functions view" "$FN"
keys /
type_text "getuser"
keys Enter
wait_for "1 of 5" 5
keys Enter
see "the function opens" "$FN > configuration"
expect_match "hint bar: i Invoke, e Events" "$(hint_bar)" ' i Invoke +e Events'

# --- i: choose a payload ------------------------------------------------------------------------
keys i
see "i opens the Invoke view" "$FN > configuration > invoke"
see "the saved event is listed" " get-u123 "
SCR=$(screen)
expect_match "the empty event" "$SCR" '^ \(empty\) +\{\}'
expect_match "the saved event, from slctl's store" "$SCR" '^ get-u123 +slctl'
expect_match "the project's event" "$SCR" '^ from-project +project'
expect_match "generated samples" "$SCR" '^ api-gateway-v1 +sample'
expect_match "the saved event is chosen first" "$SCR" '^ Payload: get-u123'
expect_match "its payload, pretty-printed" "$SCR" '^     "id": "u-123"'
expect_match "hint bar: E Edit, S Save" "$(hint_bar)" 'E Edit +S Save'
keys k
see "k moves to the previous payload" "Payload: from-project"
keys j
see "j moves back" "Payload: get-u123"

# --- Enter asks, y invokes; the result ---------------------------------------------------------
emu_ctl DELETE requests >/dev/null
keys Enter
see "a y/n question" "Invoke $FN with \"get-u123\"? (y/n)"
keys n Enter
see "n: nothing is invoked" "Nothing was invoked."
expect_eq "n sent nothing" "$(invokes)" 0
keys Enter
wait_for "(y/n)" 5
keys y Enter
see "the result opens" "invoke > result"
see "HTTP status" "Status 200   version \$LATEST   request id "
SCR=$(screen)
expect_match "REPORT figures" "$SCR" '^ Duration [0-9.]+ ms, billed [0-9]+ ms, memory [0-9]+ of 256 MB'
expect_match "the payload pretty-printed" "$SCR" '^   "statusCode": 200,'
expect_match "the user" "$SCR" 'Ada Lovelace'
expect_match "the log tail" "$SCR" '^ START RequestId: [0-9a-f-]+ Version: \$LATEST'
expect_match "the function's own log line" "$SCR" 'INFO fetching user u-123'
expect_eq "invoked once" "$(invokes)" 1
RID=$(screen | sed -n 's/.*request id \([0-9a-f-]*\).*/\1/p' | head -1)
expect_match "a request id" "$RID" '^[0-9a-f]{8}-'
expect_match "hint bar: l Logs" "$(hint_bar)" 'l Logs'

# --- l: the log lines of this invocation ----------------------------------------------------------
keys l
see "l opens the logs" "result > logs"
see "its lines" "fetching user u-123"
SCR=$(screen)
expect_match "filtered by the request id" "$(screen | sed -n 3p)" "filter .*$(printf %.8s "$RID")"
expect_match "the REPORT line of this request" "$SCR" "REPORT RequestId: $RID"
expect_eq "only lines of this request" \
  "$(screen | grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2} ' | grep -vc "$RID")" 0
expect_match "the request id is highlighted" "$(screen_sgr | grep -F "START RequestId")" \
  "\\[[0-9;]*4[23]m$RID"
back_to "Esc: back to the result" "Status 200"
keys Escape
see "Esc: back to choosing" "Payload: get-u123"

# --- a function error: red, with its type ---------------------------------------------------------
printf '%s\n' '{"pathParameters":{"id":"boom"}}' >"$T/next-edit.json"
keys E
see "E edits in \$VISUAL" "Payload: get-u123 (edited)"
see "the edit is shown" '"id": "boom"'
keys Enter
wait_for "(y/n)" 5
keys y Enter
see "the failed invocation" "The function returned an error (Unhandled): TypeError: Cannot read properties"
expect_match "the error in red" "$(screen_sgr | grep -F 'returned an error')" '\[[0-9;]*31m'
expect_match "the status says it failed (red)" "$(screen_sgr | grep -F 'Status 200')" '\[[0-9;]*31m'
expect_match "the error document" "$(screen)" '"errorType": "TypeError"'
keys Escape
see "back" "Payload: get-u123 (edited)"

# --- an edit that is not JSON is never sent -----------------------------------------------------
printf '{\n  "pathParameters": {"id": "u-7",}\n}\n' >"$T/next-edit.json"
emu_ctl DELETE requests >/dev/null
keys E
see "the status line names line and column" "not valid JSON at line 2, column"
expect_match "...as one sentence" "$(status_line)" \
  '^ The edited payload: not valid JSON at line 2, column [0-9]+; it is kept for E, and nothing is sent'
see "the reason stays with the payload" "The edited payload: not valid JSON"
keys Enter
see "Enter refuses" "nothing was sent (E edits it)."
expect_no_match "no question was asked" "$(screen)" '\(y/n\)'
keys i
see "i refuses too" "nothing was sent (E edits it)."
sleep 0.3
expect_eq "the emulator saw no Invoke" "$(invokes)" 0

# --- S saves the payload under a name -----------------------------------------------------------
printf '%s\n' '{"pathParameters":{"id":"u-42"}}' >"$T/next-edit.json"
keys E
see "a good edit" "The payload was changed (S saves it)."
keys S
see "S asks for a name" "Save the payload as: get-u123"
keys C-u
type_text "get-u42"
keys Enter
see "saved" "Saved the event \"get-u42\" in "
see "the new event is listed and chosen" "Payload: get-u42"
expect_match "...from slctl's store" "$(screen)" '^ get-u42 +slctl'
expect_eq "the file" "$(cat "$XDG_CONFIG_HOME/slctl/events/$FN/get-u42.json")" '{"pathParameters":{"id":"u-42"}}'

# --- Esc stops waiting; the invocation may still run ------------------------------------------------
emu_ctl POST faults '{"type":"slow","delay_ms":6000,"service":"lambda","operation":"Invoke","count":1}' >/dev/null
keys Enter
wait_for "(y/n)" 5
keys y Enter
see "waiting for the invocation" "Invoking users-api-GetUserFunction-4XJ2K9LQ7ZAB with \"get-u42\"... (Esc stops waiting)"
keys Escape
if wait_for "Stopped waiting: the invocation may still be running in AWS" 2; then
  ok "Esc stops waiting at once, and says the function may still run"
else
  not_ok "Esc did not stop waiting" "$(screen)"
fi
expect_no_match "no result" "$(screen | sed -n 2p)" 'result'
emu_ctl DELETE faults >/dev/null

# --- the saved events view ----------------------------------------------------------------------
keys Escape
see "back to the function" "$FN > configuration"
keys e
see "e opens the saved events" "$FN > configuration > saved events"
see "the events" "from-project"
SCR=$(screen)
expect_match "heading" "$SCR" '^ NAME. +SOURCE +SIZE +MODIFIED +PATH'
expect_match "a saved event: name, source, size, modified" "$SCR" '^ get-u123 +slctl +34 B +(just now|[0-9]+s ago)'
expect_match "the project's event" "$SCR" '^ from-project +project +33 B'
expect_match "hint bar: i n d D" "$(hint_bar)" 'i Invoke +n Rename +d Delete +D Copy'
keys g
# from-project, get-u123, get-u42 by name
keys Enter
see "Enter shows the event" "events > from-project"
expect_match "pretty-printed" "$(screen)" '^     "id": "u-42"'
keys Escape
see "back to the list" "configuration > saved events"
keys d
see "project events are not deleted" "belongs to the project"
expect_match "...in one sentence" "$(status_line)" \
  '^ The event "from-project" belongs to the project; slctl deletes only the events it saved \(D saves a copy\)\.'
test -f "$T/proj/events/GetUserFunction/from-project.json" && ok "the project file stays" || not_ok "the project file is gone"
keys n
see "nor renamed" "slctl renames only the events it saved"
# D: a copy of a project event goes to slctl's store
keys D
see "D asks for the copy's name" "Save a copy of \"from-project\" as: from-project-copy"
keys Enter
see "copied" "Saved a copy of \"from-project\" as \"from-project-copy\"."
expect_match "the copy is listed" "$(screen)" '^ from-project-copy +slctl'
test -f "$XDG_CONFIG_HOME/slctl/events/$FN/from-project-copy.json" && ok "the copy's file" || not_ok "no copy file"
# n renames the copy (selected after copying); R is the region picker everywhere
keys n
see "n asks for the new name" "Rename \"from-project-copy\" to: from-project-copy"
keys C-u
type_text "renamed"
keys Enter
see "renamed" "Renamed the event \"from-project-copy\" to \"renamed\"."
SCR=$(screen)
expect_match "the new name is listed" "$SCR" '^ renamed +slctl'
expect_no_match "the old one is gone" "$SCR" 'from-project-copy +slctl'
test -f "$XDG_CONFIG_HOME/slctl/events/$FN/renamed.json" && ok "renamed file" || not_ok "no renamed file"
test -f "$XDG_CONFIG_HOME/slctl/events/$FN/from-project-copy.json" && not_ok "old file left" || ok "old file gone"
# d deletes it after asking
keys d
see "d asks" "Delete the event \"renamed\"? (y/n)"
keys n Enter
see "n keeps it" "Nothing was deleted."
keys d
wait_for "(y/n)" 5
keys y Enter
see "deleted" "Deleted the event \"renamed\"."
wait_gone " renamed " 5
expect_no_match "gone from the list" "$(screen)" '^ renamed '
test -f "$XDG_CONFIG_HOME/slctl/events/$FN/renamed.json" && not_ok "file left" || ok "its file is gone"
# i: the Invoke view with the selected event chosen
keys /
type_text "u42"
keys Enter
wait_for "1 of" 5
keys i
see "i opens Invoke with the event chosen" "Payload: get-u42"
keys Escape
see "back to the events" "configuration > saved events"

# --- :events ------------------------------------------------------------------------------------
type_text ":stacks"
keys Enter
see "stacks" "UPDATE_ROLLBACK_COMPLETE"
type_text ":events"
keys Enter
see ":events without a function asks" "Saved events of which function?"
type_text "$FN"
keys Enter
see "...and opens them" "stacks > saved events"
see "...of that function" "get-u123"
keys Escape
type_text ":events $FN"
keys Enter
see ":events FUNCTION" "get-u123"
keys q
keys q
see "quit" "EXIT=0"

# --- a production profile: the name must be typed -------------------------------------------------
cat >>"$AWS_CONFIG_FILE" <<'EOF'
[profile prod]
region = us-east-1
EOF
cat >>"$AWS_SHARED_CREDENTIALS_FILE" <<EOF
[prod]
aws_access_key_id = $EMU_KEY
aws_secret_access_key = $EMU_SECRET
EOF
mkdir -p "$XDG_CONFIG_HOME/slctl"
cat >"$XDG_CONFIG_HOME/slctl/config" <<'EOF'
[profile prod]
production = true
EOF
emu_ctl DELETE requests >/dev/null
type_text "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY '$SLCTL' --profile prod --endpoint-url '$EMU_URL'; echo EXIT2=\$?"
keys Enter
see "console in the production profile" "UPDATE_ROLLBACK_COMPLETE"
type_text ":fn"
keys Enter
see "functions" "$FN"
keys /
type_text "getuser"
keys Enter
wait_for "1 of 5" 5
keys Enter
see "function" "$FN > configuration"
keys i
see "invoke" "Payload: get-u123"
keys Enter
see "the name is asked for" "\"prod\" is a production profile: type the function's name to invoke it:"
keys y Enter
see "y is not the name" "That is not the function's name; nothing was invoked."
expect_eq "nothing sent" "$(invokes)" 0
keys Enter
wait_for "production profile" 5
type_text "$FN"
keys Enter
see "the right name invokes" "Status 200"
expect_eq "invoked once" "$(invokes)" 1
keys q
keys q
keys q
keys q
see "quit" "EXIT2=0"
rm -f "$XDG_CONFIG_HOME/slctl/config"

# --- read-only: i is hidden and refused ---------------------------------------------------------
emu_ctl DELETE requests >/dev/null
type_text "'$SLCTL' --readonly --endpoint-url '$EMU_URL'; echo EXIT3=\$?"
keys Enter
see "read-only console" "READ-ONLY"
type_text ":fn"
keys Enter
see "functions" "$FN"
keys /
type_text "getuser"
keys Enter
wait_for "1 of 5" 5
keys Enter
see "function" "$FN > configuration"
expect_no_match "no i in the hint bar" "$(hint_bar)" 'Invoke'
expect_match "e still is" "$(hint_bar)" 'e Events'
keys i
see "i is refused in one sentence" "Read-only mode: slctl does not invoke functions or publish layers here"
expect_no_match "no Invoke view" "$(screen | sed -n 2p)" 'invoke'
keys e
see "saved events still open" "$FN > configuration > saved events"
expect_no_match "no i there either" "$(hint_bar)" 'Invoke'
keys i
see "...and i is refused there too" "Read-only mode:"
expect_eq "nothing invoked" "$(invokes)" 0
type_text ":q"
keys Enter
see "quit" "EXIT3=0"

finish_tmux
finish
