#!/bin/sh
# The console in a real terminal: slctl runs in tmux against the emulator's demo application
# and the checks read the screen as a person would (capture-pane): each view, filtering, help,
# drilling into a stack's events, resizing, a failure from an injected fault, cancelling a slow
# load, quitting with the terminal restored, --demo, and a crash signal.
. "$(dirname "$0")/lib/harness.sh"

if ! command -v tmux >/dev/null 2>&1; then
  echo "tmux is not installed: skipped"
  exit 77
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export XDG_STATE_HOME="$T/state" TERM=screen PS1='prompt$ '
unset TMUX
. "$(dirname "$0")/lib/console.sh"

# rows_matching ERE: how many screen lines match
rows_matching() { screen | grep -cE -- "$1"; }

console_start 120
type_text "'$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT=\$?"
keys Enter

# --- the first screen: stacks -----------------------------------------------------------------
see "stacks view" "UPDATE_ROLLBACK_COMPLETE"
expect_match "users-api is UPDATE_COMPLETE" "$(screen)" ' users-api +UPDATE_COMPLETE '
expect_match "orders-pipeline is UPDATE_ROLLBACK_COMPLETE" "$(screen)" \
  ' orders-pipeline +UPDATE_ROLLBACK_COMPLETE '
expect_no_match "deleted stacks are not listed" "$(screen)" 'legacy-cron'
see "header: account from STS" "account $EMU_ACCOUNT"
expect_match "header: profile, region, identity" "$(screen | sed -n 1p)" \
  'slctl +profile .* region us-east-1 +account 123456789012 +user/demo'
expect_match "breadcrumb" "$(screen | sed -n 2p)" '^ stacks *$'
expect_match "hint bar from the key map" "$(screen | sed -n 40p)" \
  '^\? Help +Enter Open +Esc Back +/ Filter +: Command +r Refresh +q Quit'
expect_match "row count" "$(screen | sed -n 39p)" '2 rows *$'

# --- :fn shows the five demo functions ---------------------------------------------------------
type_text ":fn"
see "command line shows what is typed" ":fn"
keys Enter
see "functions view" "orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD"
wait_for "5 rows" 5
expect_eq "five functions" "$(rows_matching '^ [A-Za-z-]+Function-[A-Z0-9]+ +(nodejs|python)')" 5
expect_match "function columns" "$(screen)" \
  'users-api-GetUserFunction-4XJ2K9LQ7ZAB +nodejs20\.x +arm64 +256 MB +10 s +2d ago +47\.1 KiB'
expect_match "breadcrumb follows" "$(screen | sed -n 2p)" '^ functions *$'

# --- / filters as you type -------------------------------------------------------------------
keys /
type_text "getuser"
see "filter prompt" "/getuser"
wait_gone "CreateUserFunction" 5
expect_eq "/getuser: one row" "$(rows_matching 'Function-[A-Z0-9]+ +nodejs')" 1
expect_match "/getuser: the right one" "$(screen)" 'users-api-GetUserFunction-4XJ2K9LQ7ZAB'
keys Enter
see "filter summary" "/getuser  1 of 5"
keys Escape
wait_for "CreateUserFunction" 5
expect_eq "Esc clears the filter" "$(rows_matching 'Function-[A-Z0-9]+ +(nodejs|python)')" 5
expect_no_match "no filter left" "$(screen | sed -n 39p)" '/getuser'
keys /
type_text '!GETUSER'
wait_gone "GetUserFunction" 5
expect_eq "/! inverts, any case" "$(rows_matching 'Function-[A-Z0-9]+ +(nodejs|python)')" 4
keys Escape
wait_for "GetUserFunction" 5

# --- sorting -------------------------------------------------------------------------------------
keys M
wait_for "MEMORY↑" 5
expect_match "Shift+M sorts by memory" "$(screen | sed -n 4p)" 'ProcessOrderFunction.* 128 MB'
keys M
wait_for "MEMORY↓" 5
expect_match "again reverses" "$(screen | sed -n 4p)" 'SlowReportFunction.* 1024 MB'
type_text ":sort name"
keys Enter
wait_for "NAME↑" 5
expect_match ":sort name" "$(screen | sed -n 4p)" '^ orders-pipeline-ProcessOrderFunction'

# --- ? shows the help of the view, from the key map ------------------------------------------
keys '?'
see "help opens" "Show the keys of this view"
HELP=$(screen)
expect_match "help: ? and F1" "$HELP" '^ \?, F1 +Show the keys of this view'
expect_match "help: moving" "$HELP" '^ j, Down +Next row'
expect_match "help: back" "$HELP" '^ Esc, Backspace +Go back; Esc first cancels a load, then clears the filter'
expect_match "help: filter" "$HELP" '^ / +Filter the rows as you type'
expect_match "help: the view's sort letters" "$HELP" '^ N, U, A, M, T, L, S +Sort by the column'
expect_match "help: refresh" "$HELP" '^ r, C-r +Load again'
expect_no_match "help: no tab keys in a view without tabs" "$HELP" 'Next tab'
expect_match "help: commands" "$HELP" ':functions \(fn lambda\)'
keys Escape
wait_gone "Show the keys of this view" 5
see "help closes" "GetUserFunction"

# --- a stack's events -------------------------------------------------------------------------
type_text ":stacks"
keys Enter
see "back to stacks" "UPDATE_ROLLBACK_COMPLETE"
keys Enter
see "Enter opens the stack" "orders-pipeline > resources"
see "resources tab" "ProcessOrderFunction"
keys 4
see "events tab" "orders-pipeline > events"
see "events are loaded" "UPDATE_FAILED"
expect_match "newest first" "$(screen | sed -n 5p)" 'orders-pipeline +UPDATE_ROLLBACK_COMPLETE'
expect_match "the failed update" "$(screen)" 'OrdersQueue +UPDATE_FAILED +Resource handler returned'
keys /
type_text "VisibilityTimeout"
keys Enter
see "the reason in full" "Invalid value for the parameter VisibilityTimeout"
expect_eq "one event matches" "$(rows_matching 'UPDATE_FAILED')" 1
keys Escape
wait_for "UPDATE_ROLLBACK_IN_PROGRESS" 5
keys 1
see "tabs: back to resources" "AWS::Lambda::Function"
keys Escape
see "Esc goes back" "DRIFTED"
expect_match "breadcrumb after back" "$(screen | sed -n 2p)" '^ stacks *$'

# --- resize -------------------------------------------------------------------------------------
tm resize-window -t console -x 80 -y 24
wait_for "rows" 5
sleep 0.3
SMALL=$(screen)
expect_lines "80x24: 24 lines" "$SMALL" 24
expect_eq "80x24: nothing past column 80" "$(printf '%s\n' "$SMALL" | awk 'length($0) > 80' | wc -l)" 0
expect_match "80x24: hint bar at the bottom" "$(printf '%s\n' "$SMALL" | sed -n 24p)" '^\? Help'
expect_match "80x24: rows redrawn" "$SMALL" ' orders-pipeline +UPDATE_ROLLBACK_COMPLETE'
expect_eq "80x24: one heading" "$(printf '%s\n' "$SMALL" | grep -c 'NAME.*STATUS')" 1
tm resize-window -t console -x 160 -y 40
wait_for "rows" 5
sleep 0.3
expect_match "160x40: wider header" "$(screen | sed -n 1p)" 'user/demo'
expect_match "160x40: hint bar at the bottom" "$(screen | sed -n 40p)" '^\? Help'
expect_eq "160x40: one heading" "$(screen | grep -c 'NAME.*STATUS')" 1
tm resize-window -t console -x 120 -y 40
sleep 0.3

# --- an injected fault: one sentence, the rows stay ------------------------------------------
emu_ctl POST faults '{"type":"error","status":403,"code":"AccessDenied","service":"cloudformation","operation":"ListStacks","count":1,"message":"User: arn:aws:iam::123456789012:user/demo is not authorized to perform: cloudformation:ListStacks"}' >/dev/null
keys r
see "the failure in the status line" "is not authorized to perform: cloudformation:ListStacks"
expect_match "...as one line" "$(screen | sed -n 39p)" '^ User: arn:aws:iam::123456789012:user/demo is not authorized'
expect_match "the last good rows stay" "$(screen)" ' users-api +UPDATE_COMPLETE '
expect_match "...all of them" "$(screen)" ' orders-pipeline +UPDATE_ROLLBACK_COMPLETE '
keys r
wait_gone "is not authorized" 5
expect_no_match "a good reload clears it" "$(screen)" 'not authorized'

# --- a slow load is cancelled with Esc, and Ctrl-C does not quit ------------------------------
emu_ctl POST faults '{"type":"slow","delay_ms":8000,"service":"lambda","operation":"ListFunctions","count":1}' >/dev/null
type_text ":fn"
keys Enter
see "progress while loading" "Loading"
keys Escape
if wait_for "Cancelled" 2; then ok "Esc cancels a slow load at once"; else not_ok "Esc did not cancel" "$(screen)"; fi
see "a cancelled first load says so" "Nothing was loaded; r loads again."
emu_ctl POST faults '{"type":"slow","delay_ms":8000,"service":"lambda","operation":"ListFunctions","count":1}' >/dev/null
keys r
see "loading again" "Loading"
keys C-c
if wait_for "Cancelled" 2; then ok "Ctrl-C cancels"; else not_ok "Ctrl-C did not cancel" "$(screen)"; fi
keys C-c
see "Ctrl-C never quits" "Nothing is loading"
emu_ctl DELETE faults >/dev/null
keys r
see "keys still work after cancelling" "GetUserFunction"

# --- q quits, the terminal is restored --------------------------------------------------------
keys q
see "q quits" "EXIT=0"
expect_match "the shell prompt is back" "$(screen | grep -v '^$' | tail -1)" '^prompt\$ *$'
expect_eq "the alternate screen is left" "$(tm display -p -t console '#{alternate_on}')" 0
expect_match "the command line is there again" "$(screen)" "--endpoint-url"
expect_match "history kept between runs" "$(cat "$XDG_STATE_HOME/slctl/history" 2>&1)" '^fn$'

# --- key bindings from slctl's config; the history comes back with Up ------------------------
mkdir -p "$XDG_CONFIG_HOME/slctl"
cat >"$XDG_CONFIG_HOME/slctl/config" <<'EOC'
[keys]
help = h F1
filter = Hyper-x

[colors]
bad = magenta bold
EOC
type_text "'$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT2=\$?"
keys Enter
see "second run" "UPDATE_ROLLBACK_COMPLETE"
see "a bad binding is one sentence" 'config:3: "Hyper-x" is not a key name (for "filter").'
expect_match "hint bar follows the config" "$(screen | sed -n 40p)" '^h Help '
keys '?'
sleep 0.3
expect_no_match "? is no longer help" "$(screen)" 'Show the keys of this view'
keys h
see "h is help now" "Show the keys of this view"
expect_match "help shows the configured keys" "$(screen)" '^ h, F1 +Show the keys of this view'
expect_match "the bad binding left the default" "$(screen)" '^ / +Filter the rows'
keys Escape
wait_gone "Show the keys of this view" 5
rm -f "$XDG_CONFIG_HOME/slctl/config"
keys :
keys Up
see "Up recalls the last command" ":fn"
keys Escape
type_text ":q"
keys Enter
see ":q quits" "EXIT2=0"

# --- a crash signal restores the terminal too -------------------------------------------------
type_text "'$SLCTL' --endpoint-url '$EMU_URL' --region us-east-1 --readonly; echo EXIT3=\$?"
keys Enter
see "third run" "UPDATE_ROLLBACK_COMPLETE"
expect_match "--readonly: said in the header" "$(screen | sed -n 1p)" 'READ-ONLY *$'
PID=$(pgrep -n -f -- "--endpoint-url $EMU_URL --region us-east-1 --readonly")
kill -TERM "$PID" 2>/dev/null
see "SIGTERM ends it" "EXIT3=143"
expect_eq "after SIGTERM the alternate screen is left" "$(tm display -p -t console '#{alternate_on}')" 0

# --- --demo starts and stops its own emulator -------------------------------------------------
mkdir -p "$T/demo-tmp"
type_text "TMPDIR='$T/demo-tmp' '$SLCTL' --demo; echo EXIT4=\$?"
keys Enter
see "--demo opens the console" "DEMO"
see "--demo shows the demo stacks" "UPDATE_ROLLBACK_COMPLETE"
expect_eq "--demo: its emulator runs" "$(pgrep -f "$T/demo-tmp" | wc -l)" 1
keys q
see "--demo quits" "EXIT4=0"
sleep 0.2
expect_eq "--demo: the emulator is stopped" "$(pgrep -f "$T/demo-tmp" | wc -l)" 0
expect_eq "--demo: its files are gone" "$(ls "$T/demo-tmp")" ""
type_text "TMPDIR='$T/demo-tmp' '$SLCTL' --demo --no-color; echo EXIT5=\$?"
keys Enter
see "--demo again" "UPDATE_ROLLBACK_COMPLETE"
kill -TERM "$(pgrep -n -f -- "$SLCTL --demo --no-color")" 2>/dev/null
see "--demo: SIGTERM ends it" "EXIT5=143"
sleep 0.2
expect_eq "--demo: SIGTERM stops the emulator too" "$(pgrep -f "$T/demo-tmp" | wc -l)" 0
expect_eq "--demo: ...and removes its files" "$(ls "$T/demo-tmp")" ""
expect_eq "--demo: the terminal is back" "$(tm display -p -t console '#{alternate_on}')" 0

# --- without a terminal ---------------------------------------------------------------------
run "$SLCTL" --endpoint-url "$EMU_URL"
expect_rc "no terminal" 2
expect_eq "no terminal: one sentence" "$ERR" \
  'slctl: the console needs a terminal; give a command instead (see "slctl help").'
run "$SLCTL" help
expect_rc "slctl help still works" 0
expect_match "slctl help" "$OUT" '^Usage: slctl'

finish_tmux
finish
