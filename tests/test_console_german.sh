#!/bin/sh
# slctl in German: po/de.po is compiled into a temporary locale tree (as `make install` would put
# it under a prefix) and slctl finds it through SLCTL_LOCALEDIR. The console under
# LANG=de_DE.UTF-8 LANGUAGE=de (tmux, against the emulator's demo application) shows German in
# the header, the breadcrumb, the column headings, the status line, the hint bar, the help and
# an error; the one-shots print German headings and error sentences, while --output json keeps
# AWS's field names; another locale, or a directory without the catalogue, stays English.
. "$(dirname "$0")/lib/harness.sh"

skip() {
  echo "$1: skipped"
  rm -rf "$T"
  exit 77
}
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
command -v msgfmt >/dev/null 2>&1 || skip "msgfmt (gettext) is not installed"
locale -a 2>/dev/null | grep -qiE '^de_DE\.utf-?8$' ||
  skip "the de_DE.UTF-8 locale is not generated (scripts/install-deps does it)"

# --- the catalogue, installed into a temporary prefix -----------------------------------------
mkdir -p "$T/locale/de/LC_MESSAGES"
if msgfmt -c -o "$T/locale/de/LC_MESSAGES/slctl.mo" "$SRC/po/de.po" 2>"$T/msgfmt.err"; then
  ok "po/de.po compiles (msgfmt -c)"
else
  not_ok "po/de.po does not compile" "$(cat "$T/msgfmt.err")"
  finish
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_REGION=us-east-1
export XDG_STATE_HOME="$T/state" TERM=screen PS1='prompt$ '
unset TMUX
# German as a person sets it: LANG and LANGUAGE, no LC_ALL (the harness's C.UTF-8 would win)
DE="env -u LC_ALL LANG=de_DE.UTF-8 LANGUAGE=de SLCTL_LOCALEDIR=$T/locale"

. "$(dirname "$0")/lib/console.sh"


console_start 120
type_text "$DE '$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT=\$?"
keys Enter

# --- the first screen: stacks -----------------------------------------------------------------
see "stacks view" "UPDATE_ROLLBACK_COMPLETE"
see "header: the account" "Konto $EMU_ACCOUNT"
expect_match "header in German" "$(screen | sed -n 1p)" \
  'slctl +Profil \(Umgebung\) +Region us-east-1 +Konto 123456789012 +user/demo'
expect_match "breadcrumb in German" "$(screen | sed -n 2p)" '^ Stacks *$'
expect_match "status line: row count in German" "$(screen | sed -n 39p)" '2 Zeilen *$'
HINTS=$(screen | sed -n 40p)
expect_match "hint bar in German" "$HINTS" '^\? Hilfe .*/ Filter .*q Beenden'
expect_no_match "hint bar: no English left" "$HINTS" 'Help|Quit|Refresh'

# --- :fn: column headings and the row count ---------------------------------------------------
type_text ":fn"
keys Enter
see "functions view" "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
see "five functions, in German" "5 Zeilen"
expect_match "breadcrumb: functions" "$(screen | sed -n 2p)" '^ Funktionen *$'
expect_match "column headings in German" "$(screen | sed -n 3p)" \
  'NAME.* +LAUFZEIT +ARCH +SPEICHER +TIMEOUT +GEÄNDERT +GRÖSSE'

# --- ? shows the help in German ---------------------------------------------------------------
keys '?'
see "help opens" "Die Tasten dieser Ansicht anzeigen"
HELP=$(screen)
expect_match "help: the ? line" "$HELP" '^ \?, F1 +Die Tasten dieser Ansicht anzeigen'
expect_match "help: moving" "$HELP" '^ j, Down +Nächste Zeile'
expect_no_match "help: no English left" "$HELP" 'Show the keys of this view|Next row'
keys Escape
wait_gone "Die Tasten dieser Ansicht anzeigen" 5
see "help closes" "5 Zeilen"

# --- an error in the status line --------------------------------------------------------------
type_text ":gibtsnicht"
keys Enter
see "an unknown command, in German" 'Es gibt keinen Befehl ":gibtsnicht" (Tab listet alle auf).'

keys q
see "q quits" "EXIT=0"
finish_tmux

# --- one-shots --------------------------------------------------------------------------------
run $DE "$SLCTL" --endpoint-url "$EMU_URL" functions
expect_rc "functions in German" 0
expect_match "functions: German headings" "$(printf '%s\n' "$OUT" | sed -n 1p)" \
  '^NAME +LAUFZEIT +ARCH +SPEICHER +TIMEOUT +GEÄNDERT +GRÖSSE'
expect_match "functions: the rows" "$OUT" '^users-api-GetUserFunction-4XJ2K9LQ7ZAB +nodejs20\.x'

run $DE "$SLCTL" --endpoint-url "$EMU_URL" function nope-fn
expect_rc "a missing function" 4
expect_eq "a missing function: one German sentence" "$ERR" \
  'slctl: Die Funktion "nope-fn" wurde in us-east-1 nicht gefunden.'

run $DE "$SLCTL" --bogus
expect_rc "an unknown option" 2
expect_eq "an unknown option: all of it in German" "$ERR" \
  'slctl: unbekannte Option "--bogus" (siehe "slctl help")'

run $DE "$SLCTL" --endpoint-url "$EMU_URL" functions --output json
expect_rc "--output json in German" 0
JSON_DE=$OUT
expect_match "json: AWS field names" "$JSON_DE" '"FunctionName": "users-api-GetUserFunction-4XJ2K9LQ7ZAB"'
expect_no_match "json: no German in it" "$JSON_DE" 'LAUFZEIT|SPEICHER|Funktion[^N]'
if printf '%s' "$JSON_DE" | "$PYTHON3" -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null; then
  ok "json: parses"
else
  not_ok "json: does not parse" "$JSON_DE"
fi
run "$SLCTL" --endpoint-url "$EMU_URL" functions --output json
expect_eq "json: the same as in English" "$JSON_DE" "$OUT"

# --- English where German is not asked for, or not found --------------------------------------
run env SLCTL_LOCALEDIR="$T/locale" "$SLCTL" --endpoint-url "$EMU_URL" functions
expect_match "C.UTF-8 with the catalogue: English" "$(printf '%s\n' "$OUT" | sed -n 1p)" \
  '^NAME +RUNTIME +ARCH +MEMORY'
run env -u LC_ALL LANG=de_DE.UTF-8 LANGUAGE=de SLCTL_LOCALEDIR="$T/nowhere" \
  "$SLCTL" --endpoint-url "$EMU_URL" function nope-fn
expect_eq "SLCTL_LOCALEDIR without the catalogue: English" "$ERR" \
  'slctl: The function "nope-fn" was not found in us-east-1.'

finish
