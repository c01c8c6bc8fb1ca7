#!/bin/sh
# The console's logs view in a real terminal: slctl runs in tmux against the emulator's demo
# application and the checks read the screen as a person would (capture-pane): following a
# function's logs, new events showing up once, pause, search with highlights and n/N,
# timestamps, wrapping, JSON, a server-side filter, saving, untrusted text made visible, a
# stack's functions interleaved with labels, an alarm's window, and throttling while
# following.
. "$(dirname "$0")/lib/harness.sh"

if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux is not installed: skipped"
  exit 77
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export XDG_STATE_HOME="$T/state" TERM=screen PS1='prompt$ ' TZ=UTC
unset TMUX
. "$(dirname "$0")/lib/console.sh"

# count_on_screen TEXT: lines of the screen holding TEXT
count_on_screen() { screen | grep -cF -- "$1"; }
# body: the rows of the lines (between the title row and the status line)
body() { screen | sed -n '4,38p'; }
# expect_narrow NAME TEXT COLUMNS: no line of TEXT is wider on screen (display columns)
expect_narrow() {
  _w=$(printf '%s\n' "$2" | wc -L)
  if [ "$_w" -le "$3" ]; then ok "$1"; else not_ok "$1: $_w columns" "$2"; fi
}

GET_USER=users-api-GetUserFunction-4XJ2K9LQ7ZAB
GET_USER_GROUP=/aws/lambda/$GET_USER
LIST_USERS=users-api-ListUsersFunction-2HD8RT5KXV0C

# inject STREAM JSON-EVENTS: appends events ([[ms, "message"], ...]) to GetUser's group
inject() {
  emu_ctl POST logs/events "{\"group\": \"$GET_USER_GROUP\", \"stream\": \"$1\", \"events\": $2}" \
    >/dev/null || { echo "Bail out! could not inject events"; finish_tmux; exit 99; }
}
now_ms() { echo $(($(date +%s) * 1000)); }

console_start 120
type_text "'$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT=\$?"
keys Enter
see "the console starts" "UPDATE_ROLLBACK_COMPLETE"

# --- :logs FUNCTION follows its group -----------------------------------------------------------
type_text ":logs $GET_USER"
keys Enter
see ":logs shows START lines" "START RequestId:"
see "...and REPORT lines" "REPORT RequestId:"
expect_match "breadcrumb" "$(screen | sed -n 2p)" '^ logs *$'
expect_match "title: what and the window" "$(screen | sed -n 3p)" \
  "^ $GET_USER +last 10 min, following"
expect_match "local times first" "$(screen | sed -n 4p)" '^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] '
expect_match "the line count" "$(screen | sed -n 39p)" '[0-9]+ lines *$'
expect_match "hint bar from the key map" "$(screen | sed -n 40p)" \
  '^\? Help +Esc Back +: Command +r Refresh +q Quit +Space Pause +/ Search +f Filter +t Time +w Wrap +j JSON +s Save'
expect_match "the newest line at the bottom" "$(screen | sed -n 38p)" \
  '^[0-9:]{8} (REPORT|END|START|20[0-9-]{8}T|\{|    at )'

# --- new events appear once -----------------------------------------------------------------------
N=$(now_ms)
inject test-1 "[[$N, \"SLCTLMARK one: hello from the test\\n\"], [$((N + 1)), \"SLCTLMARK two ERROR injected\\n\"]]"
see "an injected event shows up" "SLCTLMARK one: hello from the test" 15
see "...and the next one" "SLCTLMARK two ERROR injected" 5
sleep 5 # two more polls
expect_eq "shown once" "$(count_on_screen 'SLCTLMARK one')" 1
expect_eq "...the other one too" "$(count_on_screen 'SLCTLMARK two')" 1
expect_match "...at the bottom" "$(screen | sed -n 37,38p)" 'SLCTLMARK two ERROR injected'

# --- space pauses: lines keep arriving but the screen stays put ---------------------------------
keys Space
see "space: PAUSED" "PAUSED"
BEFORE=$(body)
N=$(now_ms)
inject test-1 "[[$N, \"SLCTLMARK three while paused\\n\"]]"
if wait_for ", 1 new" 15; then ok "paused: the new line is counted"; else not_ok "paused: no count" "$(screen)"; fi
expect_eq "paused: the screen stays put" "$(body)" "$BEFORE"
expect_eq "paused: the new line is not drawn" "$(count_on_screen 'SLCTLMARK three')" 0
keys Space
see "space again: the new line" "SLCTLMARK three while paused" 5
gone "...PAUSED goes" "PAUSED" 5
expect_eq "...once" "$(count_on_screen 'SLCTLMARK three')" 1

# --- / searches and highlights, every line stays; n/N move between hits ----------------------
ROWS_BEFORE=$(body | grep -c .)
keys /
type_text "slctlmark"
see "the search prompt" "/slctlmark"
keys Enter
see "the search in the title" 'search "slctlmark"'
expect_eq "nothing is hidden" "$(body | grep -c .)" "$ROWS_BEFORE"
expect_match "hits highlighted (reverse video without colours)" "$(screen_sgr)" \
  "$(printf '\033')\\[[0-9;]*7m(\\$(printf '\033')\\[[0-9;]*m)*SLCTLMARK"
expect_eq "every hit highlighted" \
  "$(screen_sgr | grep -F 'SLCTLMARK' | grep -c "$(printf '\033')\[[0-9;]*7m")" 3
keys n
keys n
sleep 0.3
# the current hit stands out (bold as well, without colours)
expect_match "n: the next hit is the current one" "$(screen_sgr | grep -F 'while paused')" \
  "$(printf '\033')\\[1[;m]"
expect_no_match "...the others are not" "$(screen_sgr | grep -F 'hello from the test')" \
  "$(printf '\033')\\[1[;m]"
keys n
see "n after the last hit says so" 'No hit of "slctlmark" after this one.' 5
keys /
keys C-u
type_text "fetching user"
keys Enter
wait_for 'search "fetching user"' 5
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do keys N; done
see "N goes back: the screen leaves the newest line" "G: back to the newest line" 5
expect_no_match "...up in the buffer" "$(screen)" 'SLCTLMARK three'
expect_match "...the current hit is on screen" "$(screen_sgr)" \
  "$(printf '\033')\\[[0-9;]*7m(\\$(printf '\033')\\[[0-9;]*m)*fetching user"
keys G
see "G: back to the newest line" "SLCTLMARK three while paused" 5
gone "...following again" "G: back to the newest line" 5
keys Escape
gone "Esc clears the search first" 'search "fetching user"' 5
expect_match "...and stays in the view" "$(screen | sed -n 2p)" '^ logs *$'

# --- t: local time, UTC, none ----------------------------------------------------------------
LAST=$(screen | grep -F 'SLCTLMARK three')
expect_match "local time" "$LAST" '^[0-9]{2}:[0-9]{2}:[0-9]{2} SLCTLMARK'
keys t
wait_for "Z SLCTLMARK three" 5
expect_match "t: UTC" "$(screen | grep -F 'SLCTLMARK three')" '^[0-9]{2}:[0-9]{2}:[0-9]{2}Z SLCTLMARK three'
keys t
wait_for "
SLCTLMARK three" 1
expect_match "t again: no times" "$(screen | grep -F 'SLCTLMARK three')" '^SLCTLMARK three while paused'
keys t
wait_for ":" 1
expect_match "t again: local time" "$(screen | grep -F 'SLCTLMARK three')" '^[0-9]{2}:[0-9]{2}:[0-9]{2} SLCTLMARK'

# --- w wraps a very long line ---------------------------------------------------------------
LONG="LONGLINE-BEGIN"
i=0
while [ $i -lt 40 ]; do LONG="$LONG word$i"; i=$((i + 1)); done
LONG="$LONG LONGLINE-END"
N=$(now_ms)
inject test-2 "[[$N, \"$LONG\\n\"]]"
see "a long line" "LONGLINE-BEGIN" 15
expect_eq "cut at the edge" "$(count_on_screen 'LONGLINE-END')" 0
expect_match "...with an ellipsis" "$(screen | grep -F LONGLINE-BEGIN)" '…$'
keys w
see "w: wrapped, the end shows" "LONGLINE-END" 5
expect_eq "...over several rows" "$(screen | grep -cE '^ +word[0-9]+ ')" "$(screen | grep -cE '^ +word[0-9]+ ')"
expect_match "...continuation rows indented" "$(screen)" '^         word[0-9]+ word'
expect_narrow "...nothing past column 120" "$(screen)" 120
keys w
gone "w again: cut" "LONGLINE-END" 5

# --- j pretty-prints JSON lines --------------------------------------------------------------
N=$(now_ms)
inject test-2 "[[$N, \"{\\\"slctlTest\\\":\\\"json-pretty\\\",\\\"n\\\":1}\\n\"]]"
see "a JSON line" '{"slctlTest":"json-pretty","n":1}' 15
keys j
see "j: pretty-printed" '"slctlTest": "json-pretty",' 5
expect_match "...one member a row" "$(screen)" '^ +"n": 1$'
keys j
see "j again: one line" '{"slctlTest":"json-pretty","n":1}' 5

# --- f sets a server-side filter pattern ------------------------------------------------------
keys f
see "the filter prompt" "Filter pattern (empty: every line):"
type_text "ERROR"
keys Enter
see "the filter in the title" 'filter "ERROR"'
see "the matching injected line" "SLCTLMARK two ERROR injected" 15
wait_gone "SLCTLMARK three" 5
expect_eq "only lines with ERROR" "$(body | grep -E '^[0-9:]{8} ' | grep -vc 'ERROR')" 0
expect_eq "no START lines" "$(count_on_screen 'START RequestId')" 0
keys f
keys C-u
keys Enter
gone "an empty pattern: every line again" 'filter "ERROR"'
see "...the other lines are back" "SLCTLMARK three while paused" 15

# --- s saves the buffer ----------------------------------------------------------------------
keys s
see "the save prompt offers a name" "Save the lines to: slctl-logs-$GET_USER-"
keys C-u
type_text "$T/saved.log"
keys Enter
see "one sentence with the path and the count" "lines to $T/saved.log." 5
SAVED_N=$(screen | sed -n 's/.*Saved \([0-9]*\) lines to .*/\1/p')
expect_match "the count" "$SAVED_N" '^[0-9]+$'
expect_eq "a line per event in the file" "$(grep -cvE '^    ' "$T/saved.log")" "$SAVED_N"
expect_match "the file: ISO times and the lines" "$(cat "$T/saved.log")" \
  '[0-9T:-]+\.[0-9]{3}(Z|[+-][0-9:]+) SLCTLMARK one: hello from the test'
expect_match "...START lines" "$(cat "$T/saved.log")" ' START RequestId: '
expect_match "...stack traces indented" "$(cat "$T/saved.log")" '^        at mapUser'
expect_eq "...no escape byte" "$(grep -c "$(printf '\033')" "$T/saved.log")" 0
keys s
keys C-u
type_text "$T/saved.log"
keys Enter
see "an existing file is not overwritten" "saved.log exists already; give another name." 5

# --- throttling and a dropped connection while following --------------------------------------
keys t # any key: the sentence about the file goes
keys t
keys t
emu_ctl POST faults '{"type":"throttle","service":"logs","operation":"FilterLogEvents","count":8}' >/dev/null
see "throttled: a notice while backing off" "trying again in" 20
N=$(now_ms)
inject test-3 "[[$N, \"SLCTLMARK four during throttling\\n\"]]"
see "the event from during throttling arrives" "SLCTLMARK four during throttling" 40
gone "the notice goes once reading works again" "trying again in" 10
emu_ctl POST faults '{"type":"reset","service":"logs","operation":"FilterLogEvents","count":4}' >/dev/null
N=$(now_ms)
inject test-3 "[[$N, \"SLCTLMARK five around a reset\\n\"]]"
see "the event around a dropped connection arrives" "SLCTLMARK five around a reset" 40
emu_ctl DELETE faults >/dev/null
sleep 4
expect_eq "...once" "$(count_on_screen 'SLCTLMARK five')" 1
expect_eq "...the one from throttling once" "$(count_on_screen 'SLCTLMARK four')" 1

# --- untrusted text: escape sequences are shown, never sent ----------------------------------
type_text ":logs $LIST_USERS"
keys Enter
see "ListUsers logs" "listing users limit=50"
keys 6
see "6: the last 24 hours" "last 24 h, following"
wait_gone "Reading the log lines" 15
keys /
type_text "display name: ^[[31mred"
keys Enter
see "a colour sequence shows as text" "display name: ^[[31mred^[[0m" 5
keys /
keys C-u
type_text "pwned-title"
keys Enter
see "an OSC title sequence shows as text" "display name: ^[]0;pwned-title^G" 5
keys /
keys C-u
type_text "^[[Hscreen"
keys Enter
see "a screen clear shows as text" "^[[2J^[[Hscreen cleared" 5
keys /
keys C-u
type_text "progress 10%^M"
keys Enter
see "a bare CR shows as ^M" "progress 10%^Mprogress 100%" 5
keys /
keys C-u
type_text "rtl override"
keys Enter
see "bidi overrides show as escapes" 'rtl override \u202Egnp.exe\u202C' 5
NASTY=$(screen)
expect_match "the header is intact" "$(printf '%s\n' "$NASTY" | sed -n 1p)" '^ slctl +profile'
expect_match "the breadcrumb is intact" "$(printf '%s\n' "$NASTY" | sed -n 2p)" '^ logs *$'
expect_match "the hint bar is intact" "$(printf '%s\n' "$NASTY" | sed -n 40p)" '^\? Help +Esc Back'
expect_eq "40 rows" "$(printf '%s\n' "$NASTY" | wc -l)" 40
expect_narrow "nothing past column 120" "$NASTY" 120
expect_no_match "the window title was not changed" "$(tm display -p -t console '#{pane_title}')" 'pwned'
expect_eq "no raw escape byte reached the screen" \
  "$(printf '%s\n' "$NASTY" | grep -c "$(printf '\033')")" 0
keys Escape

# --- from the stack view, l interleaves the functions with labels -----------------------------
type_text ":stacks"
keys Enter
see "stacks" "UPDATE_ROLLBACK_COMPLETE"
keys /
type_text "users-api"
keys Enter
keys Enter
see "the stack opens" "users-api > resources"
keys l
see "l: the logs of every function" "GetUserFunction, CreateUserFunction, ListUsersFunction" 15
expect_match "breadcrumb" "$(screen | sed -n 2p)" '^ stacks > users-api > resources > logs *$'
see "lines labelled GetUserFunction" "GetUserFunction    " 15
LABELS=$(body | sed -n 's/^[0-9:]\{8\} \([A-Za-z]*Function\) .*/\1/p' | sort -u | wc -l)
if [ "$LABELS" -ge 2 ]; then ok "several functions interleaved ($LABELS labels)"; else
  not_ok "several functions interleaved: $LABELS label(s)" "$(screen)"; fi
expect_match "labels padded to one column" "$(body)" \
  '^[0-9:]{8} (GetUserFunction   |ListUsersFunction |CreateUserFunction) [^ ]'

# --- from the alarms view, l opens the function's logs around the alarm -----------------------
type_text ":alarms"
keys Enter
see "alarms" "users-api-GetUser-Errors"
keys /
type_text "GetUser-Errors"
keys Enter
keys l
see "l: the function's logs" "$GET_USER " 15
expect_match "breadcrumb" "$(screen | sed -n 2p)" '^ alarms > logs *$'
TITLE=$(screen | sed -n 3p)
expect_match "a window, not following" "$TITLE" "^ $GET_USER +[0-9:]{8} - [0-9:]{8} *$"
wait_gone "Reading the log lines" 15
FROM=$(printf '%s\n' "$TITLE" | sed -n 's/.* \([0-9:]\{8\}\) - \([0-9:]\{8\}\).*/\1/p')
TO=$(printf '%s\n' "$TITLE" | sed -n 's/.* \([0-9:]\{8\}\) - \([0-9:]\{8\}\).*/\2/p')
OUTSIDE=$(body | sed -n 's/^\([0-9:]\{8\}\) .*/\1/p' |
  awk -v f="$FROM" -v t="$TO" 'f <= t && ($0 < f || $0 > t)' | wc -l)
expect_eq "every line from the window" "$OUTSIDE" 0
see "the failures around the alarm on screen" "ERROR TypeError: Cannot read properties" 5
sleep 3
expect_eq "no lines after the window (not following)" "$(count_on_screen 'SLCTLMARK')" 0

# --- q leaves the logs view, then quits ------------------------------------------------------
keys q
see "q goes back to the alarms" "users-api-GetUser-Errors" 5
expect_match "...the alarms view" "$(screen | sed -n 2p)" '^ alarms *$'
type_text ":q"
keys Enter
see "quits" "EXIT=0"

finish_tmux
finish
