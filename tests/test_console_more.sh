#!/bin/sh
# More of the console in a real terminal (tmux, against the emulator's demo application):
# publishing a layer from a folder (path prompt with Tab completion, summary, the new ARN), a
# bad path, the read-only refusal; the profile and region pickers (P, R, :profile, :region),
# an MFA code asked in the console; an alarm's history; a function's aliases, versions and
# metrics tabs; the functions list's sparklines.
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

command_line() { type_text ":$1"; keys Enter; }

# Profiles for the pickers: "ops" assumes a role, "admin" a role that wants an MFA code.
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOC
[base]
aws_access_key_id = $EMU_KEY
aws_secret_access_key = $EMU_SECRET
EOC
cat >"$AWS_CONFIG_FILE" <<EOC
[profile base]
region = us-east-1
endpoint_url = $EMU_URL

[profile ops]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/ops
source_profile = base
role_session_name = oncall
region = us-east-1
endpoint_url = $EMU_URL

[profile admin]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/mfa-admin
source_profile = base
mfa_serial = arn:aws:iam::$EMU_ACCOUNT:mfa/demo
role_session_name = oncall
region = us-east-1
endpoint_url = $EMU_URL
EOC

# slctl's own config: ops is read-only
mkdir -p "$XDG_CONFIG_HOME/slctl"
printf '[profile ops]\nreadonly = true\n' >"$XDG_CONFIG_HOME/slctl/config"

# A layer's content: Node.js modules where Node.js looks for them, and a folder that is not.
mkdir -p "$T/src/layer-ok/nodejs/node_modules/left-pad" "$T/src/layer-flat" "$T/src/other"
echo 'module.exports = (s) => s;' >"$T/src/layer-ok/nodejs/node_modules/left-pad/index.js"
echo '{"name":"left-pad","version":"1.3.0"}' >"$T/src/layer-ok/nodejs/node_modules/left-pad/package.json"
echo 'module.exports = 1;' >"$T/src/layer-flat/index.js"

# A wide terminal, so the functions list has room for its sparklines (COLUMNS would pin the
# width curses starts with).
unset COLUMNS LINES
console_start 160
cd "$T/src" || exit 99
type_text "cd '$T/src'; '$SLCTL' --endpoint-url '$EMU_URL'; echo EXIT=\$?"
keys Enter
see "console up" "UPDATE_ROLLBACK_COMPLETE"

# --- publishing a layer ----------------------------------------------------------------------
command_line layers
see "layers view" "users-deps"
expect_match "p Publish on the hint bar" "$(screen | sed -n 40p)" ' p Publish'
keys p
see "p asks for the source" "Publish users-deps from"
type_text "lay"
keys Tab
see "Tab shows the candidates" "layer-flat/  layer-ok/"
expect_match "...and completes their common part" "$(screen | sed -n 39p)" 'Tab completes\): layer-$'
type_text "o"
keys Tab
see "Tab completes a folder" "Tab completes): layer-ok/"
keys Enter
see "the summary" "Publish a new version of the layer users-deps"
see "summary: latest version" "users-deps (latest version 3)"
SUMMARY=$(screen)
expect_match "summary: the source" "$SUMMARY" 'Source +layer-ok/ \(a folder, zipped\)'
expect_match "summary: the zip's size" "$SUMMARY" 'Zip +[0-9.]+ (B|KiB), [0-9]+ entries'
expect_match "summary: runtimes of the latest version" "$SUMMARY" 'Runtimes +nodejs20\.x'
expect_match "summary: architectures of the latest version" "$SUMMARY" 'Architectures +arm64'
expect_no_match "summary: no layout warning" "$SUMMARY" 'Warning'
expect_match "summary: asks" "$SUMMARY" 'y or Enter publishes this version'
expect_match "breadcrumb" "$(screen | sed -n 2p)" 'layers > users-deps > publish'
keys y
see "the new ARN in the status line" "Published arn:aws:lambda:us-east-1:$EMU_ACCOUNT:layer:users-deps:4"
see "the versions are shown" "users-deps > versions"
see_match "the new version is listed" '^ +4 +(just now|[0-9]+s ago) +nodejs20\.x +arm64'
run "$SLCTL" --endpoint-url "$EMU_URL" layer users-deps --output text
expect_match "the layer really has version 4" "$OUT" "$(printf '^VERSION\t4\t')"

# from the versions view: a folder whose layout does not fit Node.js
keys p
see "p among the versions" "Publish users-deps from"
type_text "layer-flat"
keys Enter
see "summary again" "users-deps (latest version 4)"
see "the layout warning" "Warning"
expect_match "the warning says where Node.js looks" "$(screen)" 'nodejs/node_modules'
keys Escape
see "Esc goes back to the versions" "users-deps > versions"
expect_no_match "nothing was published" "$(screen)" '^ +5 '

# a path that does not exist: one sentence, nothing else
keys p
see "p once more" "Publish users-deps from"
type_text "$T/no/such/folder"
keys Enter
see "a bad path is one sentence" "$T/no/such/folder does not exist."
expect_match "...in the status line" "$(screen | sed -n 39p)" "^ $T/no/such/folder does not exist\. "
expect_match "...back on the versions" "$(screen | sed -n 2p)" 'users-deps > versions *$'

# a zip above what Lambda takes directly: one sentence (no S3 from the console)
"$PYTHON3" -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    z.writestr("nodejs/node_modules/big/blob.bin", bytes(51 * 1024 * 1024))
' "$T/src/big.zip"
keys p
see "p for a big zip" "Publish users-deps from"
type_text "big.zip"
keys Enter
see "too big: one sentence" "too large to publish from the console"
expect_match "...naming the way through S3" "$(screen | sed -n 39p)" 'The zip is 51\.0 MiB, .*publish-layer --s3-bucket'
rm -f "$T/src/big.zip"

# a file that is not a zip
keys p
see "p for a file" "Publish users-deps from"
type_text "layer-ok/nodejs/node_modules/left-pad/index.js"
keys Enter
see "not a zip: one sentence" "is not a zip file"

# --- an alarm's history ---------------------------------------------------------------------
command_line alarms
see "alarms view" "users-api-GetUser-Errors"
keys /
type_text "GetUser-Errors"
keys Enter
wait_gone "SlowReport" 5
keys Enter
see "Enter opens the history" "users-api-GetUser-Errors > history"
see "history items" "StateUpdate"
HIST=$(screen)
expect_match "history: time, type, summary" "$HIST" \
  '^ [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} +StateUpdate +Alarm updated from OK to ALARM'
expect_match "history: newest first" "$(screen | sed -n 4p)" 'Alarm updated from OK to ALARM|Successfully executed'
expect_match "history: the detail line of the selected item" "$HIST" 'DETAIL: (ALARM: Threshold Crossed|Succeeded: arn)'
keys Escape
see "back to the alarms" "METRIC"

# --- a function's tabs -----------------------------------------------------------------------
command_line fn
see "functions view" "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
see "the functions list has its sparkline column" "LAST HOUR"
see_match "the functions list shows sparklines" '^ users-api-CreateUserFunction-9PL2MX0WQ1RT .* [▁▂▃▄▅▆▇█]{12}'
see_match "errors are marked" '^ users-api-GetUserFunction-4XJ2K9LQ7ZAB .* [▁▂▃▄▅▆▇█]{12} ✗[0-9]+'
keys /
type_text "GetUser"
keys Enter
wait_gone "CreateUser" 5
keys Enter
see "the function opens" "users-api-GetUserFunction-4XJ2K9LQ7ZAB > configuration"
expect_match "tabs" "$(screen | sed -n 3p)" '1 configuration +2 layers +3 aliases +4 versions +5 metrics'
keys 3
see "aliases tab" "users-api-GetUserFunction-4XJ2K9LQ7ZAB > aliases"
see_match "alias: name, version and weights" '^ live +3 +3: 90%, 4: 10% +Production traffic'
expect_match "alias: staging" "$(screen)" '^ staging +4 '
keys 4
see "versions tab" "users-api-GetUserFunction-4XJ2K9LQ7ZAB > versions"
see_match "versions: newest first" '^ +\$LATEST '
expect_match "versions: the published ones" "$(screen)" '^ +4 +'
keys 5
see "metrics tab" "users-api-GetUserFunction-4XJ2K9LQ7ZAB > metrics"
see_match "metrics: invocations as a sparkline" '^ Invocations +[▁▂▃▄▅▆▇█]{12} +[0-9.k]+ +[0-9.k]+ +[0-9.k]+'
METRICS=$(screen)
expect_match "metrics: errors" "$METRICS" '^ Errors +[▁▂▃▄▅▆▇█]{12} '
expect_match "metrics: throttles" "$METRICS" '^ Throttles +[▁▂▃▄▅▆▇█ ]{12} '
expect_match "metrics: p99 duration" "$METRICS" '^ Duration p99 +[▁▂▃▄▅▆▇█ ]{12} +[0-9.]+ m?s +[0-9.]+ m?s'
expect_match "metrics: per-5-minute values" "$METRICS" 'PER 5 MINUTES'
keys Escape
see "back to the functions" "LAST HOUR"
keys Escape

# --- the region picker ------------------------------------------------------------------------
keys R
see "R lists the regions" "US East (N. Virginia)"
expect_match "the region in use is marked" "$(screen)" '^ \* us-east-1 +US East \(N\. Virginia\)'
expect_match "breadcrumb" "$(screen | sed -n 2p)" 'functions > regions'
keys /
type_text "eu-west-1"
keys Enter
see "filtering the regions" "Europe (Ireland)"
keys Enter
see "the header shows the new region" "region eu-west-1"
see "the view reloads there: empty" "There are no Lambda functions in this region."
expect_match "...on the same first view" "$(screen | sed -n 2p)" '^ functions *$'
type_text ":region us-e"
keys Tab
see ":region completes over the regions" "us-east-1  us-east-2"
expect_match "...up to what they share" "$(screen | sed -n 39p)" ':region us-east-$'
type_text "1"
keys Enter
see ":region switches back" "region us-east-1"
see "the functions are back" "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
command_line "region moon-1"
see "a region that cannot be is one sentence" '"moon-1" is not an AWS region'

# --- the profile picker -----------------------------------------------------------------------
keys P
see "P lists the profiles" "PROFILE"
PROFILES=$(screen)
expect_match "profiles of the AWS files" "$PROFILES" '^   ops +us-east-1, role ops'
expect_match "...with what they need" "$PROFILES" '^   admin +us-east-1, role mfa-admin, MFA code'
keys /
type_text "ops"
keys Enter
wait_gone " admin " 5
keys Enter
see "the header shows the new profile" "profile ops"
see "...and its identity" "assumed-role/ops/oncall"
see "the view reloads as ops" "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
expect_match "ops is read-only (slctl's config)" "$(screen | sed -n 1p)" 'READ-ONLY *$'

# an MFA code, asked in the console's own prompt
type_text ":profile ad"
keys Tab
see ":profile completes over the profiles" ":profile admin"
keys Enter
see "the MFA code is asked in the console" "MFA code for arn:aws:iam::$EMU_ACCOUNT:mfa/demo"
expect_match "...on the status line" "$(screen | sed -n 39p)" 'MFA code for arn:aws:iam::123456789012:mfa/demo'
expect_match "...over the console (not the raw terminal)" "$(screen | sed -n 1p)" 'slctl +profile ops'
type_text "123456"
see "the code is masked" "(Esc cancels): ******"
expect_no_match "...never shown" "$(screen)" '123456$'
keys Enter
see "the MFA profile is used" "profile admin"
see "...with its identity" "assumed-role/mfa-admin/oncall"
see "...and the view reloads" "users-api-GetUserFunction-4XJ2K9LQ7ZAB"
expect_no_match "admin is not read-only" "$(screen | sed -n 1p)" 'READ-ONLY'

# a wrong code: one sentence, the session stays
command_line "profile ops"
see "back to ops" "assumed-role/ops/oncall"
command_line "profile admin"
see "asked again" "MFA code for"
type_text "000000"
keys Enter
see "a wrong code is one sentence" "failed"
expect_match "...and the session stays" "$(screen | sed -n 1p)" 'profile ops'
command_line "profile nosuch"
see "an unknown profile is one sentence" 'The profile "nosuch" was not found'

keys q
see "q quits" "EXIT=0"

# --- read-only ---------------------------------------------------------------------------------
type_text "'$SLCTL' --endpoint-url '$EMU_URL' --readonly; echo EXIT2=\$?"
keys Enter
see "read-only console" "READ-ONLY"
command_line layers
see "layers, read-only" "users-deps"
expect_no_match "no p Publish on the hint bar" "$(screen | sed -n 40p)" 'Publish'
keys p
see "p is refused" "Read-only mode"
expect_no_match "no prompt" "$(screen)" 'Publish users-deps from'
keys q
see "read-only console quits" "EXIT2=0"

finish_tmux
finish
