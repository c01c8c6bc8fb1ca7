#!/bin/bash
# Fidelity of the emulator's core and STS, proven with Debian's AWS CLI v2
# (/usr/bin/aws, 2.9.x): it must parse every answer the way it parses AWS.
#
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".

AWS=${SLEMU_AWS_CLI:-/usr/bin/aws}
PY=${PYTHON:-python3}
HERE=$(cd "$(dirname "$0")" && pwd)
EMU_DIR="$HERE/emulator"

if [ ! -x "$AWS" ]; then
    echo "SKIP: $AWS not found (Debian package awscli)"
    exit 77
fi
if ! command -v "$PY" >/dev/null 2>&1; then
    echo "SKIP: $PY not found"
    exit 77
fi

# run the interpreter itself, not a wrapper (pyenv shims fork), so that the
# pid we signal is the emulator's
PY=$("$PY" -c 'import sys; print(sys.executable)') || { echo "SKIP: python3 does not run"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/slemu-sts.XXXXXX")
EMU_PID=
cleanup() {
    if [ -n "$EMU_PID" ]; then
        kill -TERM "$EMU_PID" 2>/dev/null
        wait "$EMU_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

PASS=0
FAIL=0
ok()   { PASS=$((PASS + 1)); echo "ok   - $1"; }
nok()  { FAIL=$((FAIL + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /' | head -20; }

# --- start the emulator on a free port ------------------------------------
PYTHONPATH="$EMU_DIR" "$PY" -m slemu --port 0 --port-file "$TMP/port" \
    >"$TMP/emu.out" 2>"$TMP/emu.err" &
EMU_PID=$!
for _ in $(seq 1 100); do
    [ -s "$TMP/port" ] && break
    if ! kill -0 "$EMU_PID" 2>/dev/null; then break; fi
    sleep 0.1
done
if [ ! -s "$TMP/port" ]; then
    echo "FAIL - emulator did not start"; cat "$TMP/emu.err"
    echo "0 passed, 1 failed"; exit 1
fi
PORT=$(cat "$TMP/port")
EP="http://127.0.0.1:$PORT"
echo "# emulator on $EP (pid $EMU_PID)"

# --- a clean AWS CLI environment -------------------------------------------
for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
unset PYTHONPATH PYTHONHOME
export AWS_CONFIG_FILE="$TMP/config" AWS_SHARED_CREDENTIALS_FILE="$TMP/credentials"
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3
export AWS_EC2_METADATA_DISABLED=true HOME="$TMP"
cat >"$AWS_CONFIG_FILE" <<EOF
[default]
region = us-east-1
output = json

[profile wrongsecret]
region = us-east-1

[profile unknownkey]
region = us-east-1
EOF
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOF
[default]
aws_access_key_id = AKIDEMULATOR
aws_secret_access_key = emulator-secret-key

[wrongsecret]
aws_access_key_id = AKIDEMULATOR
aws_secret_access_key = not-the-secret

[unknownkey]
aws_access_key_id = AKIDNOBODYKNOWS0000
aws_secret_access_key = whatever
EOF

# run the CLI: stdout -> $TMP/out, stderr -> $TMP/err, returns its exit code
cli() { "$AWS" --endpoint-url "$EP" "$@" >"$TMP/out" 2>"$TMP/err"; }

# jget FILE EXPR: print a field of a JSON file (EXPR is python on `d`)
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }

# ctl METHOD PATH [JSON]: the emulator's control API, answer in $TMP/ctl
ctl() {
    "$PY" - "$EP" "$1" "$2" "${3:-}" >"$TMP/ctl" <<'EOF'
import sys, urllib.request
ep, method, path, body = sys.argv[1:5]
req = urllib.request.Request(ep + path, method=method,
                             data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stdout.write(e.read().decode()); sys.exit(1)
EOF
}

# expect_eq LABEL GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "got:  $2
want: $3"; fi; }

# expect_fail LABEL PATTERN...: last cli call failed and stderr has every pattern
expect_fail() {
    local label=$1 rc=$RC; shift
    if [ "$rc" -eq 0 ]; then nok "$label (exit 0)" "$(cat "$TMP/out")"; return; fi
    for pat in "$@"; do
        if ! grep -q -- "$pat" "$TMP/err"; then
            nok "$label (no '$pat' in stderr)" "$(cat "$TMP/err")"; return
        fi
    done
    ok "$label"
}

# log_statuses OP: statuses of that operation in the request log, comma-separated
log_statuses() {
    ctl GET "/__emulator/requests?service=sts&operation=$1" &&
    jget "$TMP/ctl" '",".join(str(e["status"]) for e in d["requests"])'
}

ACCT=123456789012

# --- 1. control API ---------------------------------------------------------
ctl GET /__emulator/health
expect_eq "health answers ok with sts loaded" \
    "$(jget "$TMP/ctl" 'd["status"] + " " + str("sts" in [s["signing_name"] for s in d["services"]])')" "ok True"
expect_eq "the emulator's pid is the one started" "$(jget "$TMP/ctl" 'd["pid"]')" "$EMU_PID"

# --- 2. GetCallerIdentity ----------------------------------------------------
cli sts get-caller-identity; RC=$?
expect_eq "get-caller-identity exits 0" "$RC" "0"
expect_eq "get-caller-identity Arn" "$(jget "$TMP/out" 'd["Arn"]')" "arn:aws:iam::$ACCT:user/demo"
expect_eq "get-caller-identity Account" "$(jget "$TMP/out" 'd["Account"]')" "$ACCT"
expect_eq "get-caller-identity UserId is AIDA..." \
    "$(jget "$TMP/out" 'd["UserId"].startswith("AIDA") and len(d["UserId"]) == 21')" "True"
ctl GET "/__emulator/requests?operation=GetCallerIdentity"
expect_eq "request log records key, verdict, status" \
    "$(jget "$TMP/ctl" '"%(access_key)s %(signature)s %(status)s %(service)s" % d["requests"][-1]')" \
    "AKIDEMULATOR valid 200 sts"

# --- 3. AssumeRole role/ops, then use the temporary credentials -------------
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" --role-session-name slctl-test; RC=$?
expect_eq "assume-role ops exits 0" "$RC" "0"
cp "$TMP/out" "$TMP/ops.json"
expect_eq "assume-role AssumedRoleUser.Arn" "$(jget "$TMP/ops.json" 'd["AssumedRoleUser"]["Arn"]')" \
    "arn:aws:sts::$ACCT:assumed-role/ops/slctl-test"
expect_eq "assume-role AssumedRoleId is AROA...:session" \
    "$(jget "$TMP/ops.json" 'd["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA") and d["AssumedRoleUser"]["AssumedRoleId"].endswith(":slctl-test")')" "True"
expect_eq "assume-role AccessKeyId is ASIA..." \
    "$(jget "$TMP/ops.json" 'd["Credentials"]["AccessKeyId"][:4]')" "ASIA"
expect_eq "assume-role Expiration about 1 h ahead" \
    "$(jget "$TMP/ops.json" '3500 < __import__("datetime").datetime.fromisoformat(d["Credentials"]["Expiration"]).timestamp() - __import__("time").time() <= 3600')" "True"
expect_eq "assume-role has SessionToken and SecretAccessKey" \
    "$(jget "$TMP/ops.json" 'len(d["Credentials"]["SessionToken"]) > 100 and len(d["Credentials"]["SecretAccessKey"]) == 40')" "True"

T_AK=$(jget "$TMP/ops.json" 'd["Credentials"]["AccessKeyId"]')
T_SK=$(jget "$TMP/ops.json" 'd["Credentials"]["SecretAccessKey"]')
T_ST=$(jget "$TMP/ops.json" 'd["Credentials"]["SessionToken"]')
as_temp() { AWS_ACCESS_KEY_ID=$T_AK AWS_SECRET_ACCESS_KEY=$T_SK AWS_SESSION_TOKEN=$1 cli "${@:2}"; }

as_temp "$T_ST" sts get-caller-identity; RC=$?
expect_eq "temporary credentials: get-caller-identity exits 0" "$RC" "0"
expect_eq "temporary credentials: assumed-role Arn" "$(jget "$TMP/out" 'd["Arn"]')" \
    "arn:aws:sts::$ACCT:assumed-role/ops/slctl-test"
expect_eq "temporary credentials: UserId is the AssumedRoleId" "$(jget "$TMP/out" 'd["UserId"]')" \
    "$(jget "$TMP/ops.json" 'd["AssumedRoleUser"]["AssumedRoleId"]')"

as_temp "${T_ST%?}X" sts get-caller-identity; RC=$?
expect_fail "tampered session token -> InvalidClientTokenId" InvalidClientTokenId "security token included in the request is invalid"

AWS_ACCESS_KEY_ID=$T_AK AWS_SECRET_ACCESS_KEY=$T_SK cli sts get-caller-identity; RC=$?
expect_fail "temporary key without its session token -> InvalidClientTokenId" InvalidClientTokenId

as_temp "$T_ST" sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" \
    --role-session-name chained --duration-seconds 7200; RC=$?
expect_fail "role chaining above 1 h -> ValidationError" ValidationError "role chaining"

as_temp "$T_ST" sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" \
    --role-session-name chained --duration-seconds 3600; RC=$?
expect_eq "role chaining within 1 h works" "$RC:$(jget "$TMP/out" 'd["AssumedRoleUser"]["Arn"]')" \
    "0:arn:aws:sts::$ACCT:assumed-role/ops/chained"

# --- 4. AssumeRole with MFA (role/mfa-admin) ----------------------------------
MFA="arn:aws:iam::$ACCT:mfa/demo"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/mfa-admin" --role-session-name mfa-ok \
    --serial-number "$MFA" --token-code 123456; RC=$?
expect_eq "mfa-admin with the right code" "$RC:$(jget "$TMP/out" 'd["AssumedRoleUser"]["Arn"]')" \
    "0:arn:aws:sts::$ACCT:assumed-role/mfa-admin/mfa-ok"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/mfa-admin" --role-session-name mfa-bad \
    --serial-number "$MFA" --token-code 654321; RC=$?
expect_fail "mfa-admin with a wrong code -> AccessDenied" AccessDenied "MultiFactorAuthentication failed"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/mfa-admin" --role-session-name mfa-none; RC=$?
expect_fail "mfa-admin without MFA -> AccessDenied" AccessDenied "MultiFactorAuthentication failed"

# --- 5. AssumeRole with ExternalId (role/partner) ----------------------------
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/partner" --role-session-name p1 \
    --external-id xyz-123; RC=$?
expect_eq "partner with the right external id" "$RC:$(jget "$TMP/out" 'd["AssumedRoleUser"]["Arn"]')" \
    "0:arn:aws:sts::$ACCT:assumed-role/partner/p1"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/partner" --role-session-name p2 \
    --external-id wrong-id; RC=$?
expect_fail "partner with a wrong external id -> AccessDenied" AccessDenied "not authorized to perform: sts:AssumeRole"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/partner" --role-session-name p3; RC=$?
expect_fail "partner without external id -> AccessDenied" AccessDenied

# --- 6. AssumeRole validation -----------------------------------------------
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" --role-session-name s12 \
    --duration-seconds 50000; RC=$?
expect_fail "DurationSeconds above 43200 -> ValidationError" ValidationError "durationSeconds"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" --role-session-name 'bad name!'; RC=$?
expect_fail "RoleSessionName with bad characters -> ValidationError" ValidationError "roleSessionName"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:user/not-a-role" --role-session-name s1; RC=$?
expect_fail "RoleArn that is not a role -> ValidationError" ValidationError "ARN is invalid"
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/nobody" --role-session-name s1; RC=$?
expect_fail "unknown role -> AccessDenied" AccessDenied
cli sts assume-role --role-arn "arn:aws:iam::$ACCT:role/ops" --role-session-name s1 \
    --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'; RC=$?
expect_eq "session policy gives PackedPolicySize" "$RC:$(jget "$TMP/out" '0 < d["PackedPolicySize"] <= 100')" "0:True"

# --- 7. other STS operations --------------------------------------------------
cli sts get-session-token --duration-seconds 900; RC=$?
expect_eq "get-session-token" "$RC:$(jget "$TMP/out" 'd["Credentials"]["AccessKeyId"][:4]')" "0:ASIA"
JWT="eyJhbGciOiJSUzI1NiJ9.$(printf '{"sub":"ci-runner","aud":"sts.amazonaws.com","iss":"https://token.example.com"}' \
    | base64 -w0 | tr '+/' '-_' | tr -d '=').c2ln"
cli sts assume-role-with-web-identity --role-arn "arn:aws:iam::$ACCT:role/ops" \
    --role-session-name web --web-identity-token "$JWT"; RC=$?
expect_eq "assume-role-with-web-identity (unsigned)" \
    "$RC:$(jget "$TMP/out" 'd["SubjectFromWebIdentityToken"] + " " + d["AssumedRoleUser"]["Arn"]')" \
    "0:ci-runner arn:aws:sts::$ACCT:assumed-role/ops/web"
ctl GET "/__emulator/requests?operation=AssumeRoleWithWebIdentity"
expect_eq "request log marks it unsigned" "$(jget "$TMP/ctl" 'd["requests"][-1]["signature"]')" "unsigned"

# --- 8. signature and key failures --------------------------------------------
cli --profile wrongsecret sts get-caller-identity; RC=$?
expect_fail "wrong secret key -> SignatureDoesNotMatch" SignatureDoesNotMatch
ctl GET "/__emulator/requests?operation=GetCallerIdentity"
expect_eq "request log shows the bad signature" \
    "$(jget "$TMP/ctl" '"%(signature)s %(status)s %(error)s" % d["requests"][-1]')" \
    "bad_signature 403 SignatureDoesNotMatch"
cli --profile unknownkey sts get-caller-identity; RC=$?
expect_fail "unknown access key -> InvalidClientTokenId" InvalidClientTokenId
ctl POST /__emulator/keys '{"access_key_id":"AKIDSECONDUSER000001","secret_access_key":"s3cr3t","account_id":"210987654321","user":"ci"}'
AWS_ACCESS_KEY_ID=AKIDSECONDUSER000001 AWS_SECRET_ACCESS_KEY=s3cr3t cli sts get-caller-identity; RC=$?
expect_eq "key added through the control API works" "$RC:$(jget "$TMP/out" 'd["Arn"]')" \
    "0:arn:aws:iam::210987654321:user/ci"
ctl POST /__emulator/keys '{"access_key_id":"ASIAEXPIREDKEY000001","secret_access_key":"s","session_token":"tok","expires_in":-60}'
AWS_ACCESS_KEY_ID=ASIAEXPIREDKEY000001 AWS_SECRET_ACCESS_KEY=s AWS_SESSION_TOKEN=tok cli sts get-caller-identity; RC=$?
expect_fail "expired temporary key -> ExpiredToken" ExpiredToken

# --- 9. faults -------------------------------------------------------------------
ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"throttle","service":"sts","operation":"GetCallerIdentity","count":2}'
cli sts get-caller-identity; RC=$?
expect_eq "throttled twice, the CLI retries and succeeds" "$RC" "0"
expect_eq "request log shows 3 attempts (400,400,200)" "$(log_statuses GetCallerIdentity)" "400,400,200"
ctl GET "/__emulator/requests?operation=GetCallerIdentity"
expect_eq "throttle answers are Throttling faults" \
    "$(jget "$TMP/ctl" '",".join("%s/%s" % (e["error"], e["fault"]) for e in d["requests"][:2])')" \
    "Throttling/throttle,Throttling/throttle"
ctl GET /__emulator/faults
expect_eq "a used-up fault is gone" "$(jget "$TMP/ctl" 'len(d["faults"])')" "0"

ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"throttle","service":"sts","count":5}'
cli sts get-caller-identity; RC=$?
expect_fail "throttled more than max attempts -> the CLI gives up with Throttling" Throttling "Rate exceeded"
expect_eq "max attempts (3) were made" "$(log_statuses GetCallerIdentity)" "400,400,400"
ctl DELETE /__emulator/faults

ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"error","status":503,"service":"sts","count":1}'
cli sts get-caller-identity; RC=$?
expect_eq "one 503, the CLI retries and succeeds" "$RC:$(log_statuses GetCallerIdentity)" "0:503,200"

ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"reset","service":"sts","count":1}'
cli sts get-caller-identity; RC=$?
expect_eq "connection reset mid-body, the CLI retries and succeeds" "$RC:$(log_statuses GetCallerIdentity)" "0:200,200"
ctl GET "/__emulator/requests?operation=GetCallerIdentity"
expect_eq "the reset is in the request log" "$(jget "$TMP/ctl" 'd["requests"][0]["fault"]')" "reset"

ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"truncate","service":"sts","count":1}'
cli sts get-caller-identity; RC=$?
# botocore (CLI 2.9) reads the short body without complaint and then fails
# to parse it; it does not retry
expect_fail "truncated body -> the CLI sees invalid XML" "invalid XML received"
expect_eq "the truncated answer was one attempt" "$(log_statuses GetCallerIdentity)" "200"

ctl DELETE /__emulator/requests
ctl POST /__emulator/faults '{"type":"slow","delay_ms":2500,"service":"sts","count":1}'
cli --cli-read-timeout 1 sts get-caller-identity; RC=$?
expect_eq "slow first byte, the CLI times out, retries and succeeds" "$RC:$(log_statuses GetCallerIdentity)" "0:200,200"

ctl POST /__emulator/faults '{"type":"clock","offset_seconds":3600}'
cli sts get-caller-identity; RC=$?
expect_fail "server clock 1 h ahead -> skew error" SignatureDoesNotMatch "Signature expired"
ctl DELETE /__emulator/faults
ctl POST /__emulator/faults '{"type":"clock","offset_seconds":-3600}'
cli sts get-caller-identity; RC=$?
expect_fail "server clock 1 h behind -> skew error" SignatureDoesNotMatch "Signature not yet current"
ctl DELETE /__emulator/faults
cli sts get-caller-identity; RC=$?
expect_eq "faults cleared, calls work again" "$RC" "0"

# --- 10. reset ---------------------------------------------------------------------
ctl POST /__emulator/reset
AWS_ACCESS_KEY_ID=AKIDSECONDUSER000001 AWS_SECRET_ACCESS_KEY=s3cr3t cli sts get-caller-identity; RC=$?
expect_fail "reset forgets keys added at run time" InvalidClientTokenId
as_temp "$T_ST" sts get-caller-identity; RC=$?
expect_fail "reset forgets issued temporary credentials" InvalidClientTokenId

# --- the emulator must have survived everything and print nothing on stdout ------
if kill -0 "$EMU_PID" 2>/dev/null; then ok "emulator still running"; else nok "emulator died" "$(cat "$TMP/emu.err")"; fi
kill -TERM "$EMU_PID"
for _ in $(seq 1 50); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$EMU_PID" 2>/dev/null; then nok "emulator stops on SIGTERM"; else ok "emulator stops on SIGTERM"; fi
wait "$EMU_PID" 2>/dev/null; EMU_RC=$?; EMU_PID=
expect_eq "emulator exit status after SIGTERM" "$EMU_RC" "0"
expect_eq "emulator printed nothing on stdout" "$(wc -c <"$TMP/emu.out" | tr -d ' ')" "0"
if grep -q Traceback "$TMP/emu.err"; then nok "no tracebacks on the emulator's stderr" "$(cat "$TMP/emu.err")"; else ok "no tracebacks on the emulator's stderr"; fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
