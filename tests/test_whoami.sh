#!/bin/sh
# slctl whoami against the emulator through every credential source, and its failures.
. "$(dirname "$0")/lib/harness.sh"

emu_start
export AWS_REGION=us-east-1

# --- environment keys ---------------------------------------------------------------------
run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET \
  "$SLCTL" --endpoint-url "$EMU_URL" whoami --output json
expect_rc "env keys" 0
expect_eq "env keys: json" "$OUT" "{
  \"Account\": \"$EMU_ACCOUNT\",
  \"Arn\": \"arn:aws:iam::$EMU_ACCOUNT:user/demo\",
  \"UserId\": \"AIDALHMGAM5HFVJ4QXJN2\",
  \"Profile\": null,
  \"Region\": \"us-east-1\",
  \"CredentialSource\": \"env\"
}"
expect_eq "env keys: nothing on stderr" "$ERR" ""

run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET \
  "$SLCTL" --endpoint-url "$EMU_URL" --output text whoami
expect_eq "text output is one tab-separated line" "$OUT" \
  "$(printf '%s\t%s\t%s\t%s\t%s\t%s' $EMU_ACCOUNT "arn:aws:iam::$EMU_ACCOUNT:user/demo" AIDALHMGAM5HFVJ4QXJN2 None us-east-1 env)"

run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET \
  "$SLCTL" --endpoint-url "$EMU_URL" whoami
expect_eq "table output is key/value lines" "$OUT" "Account           $EMU_ACCOUNT
Arn               arn:aws:iam::$EMU_ACCOUNT:user/demo
UserId            AIDALHMGAM5HFVJ4QXJN2
Profile           -
Region            us-east-1
CredentialSource  env"

# --- AWS_ENDPOINT_URL instead of the flag --------------------------------------------------
run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_ENDPOINT_URL_STS="$EMU_URL" \
  "$SLCTL" whoami --output text
expect_rc "AWS_ENDPOINT_URL_STS" 0

# --- a static profile ----------------------------------------------------------------------
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<EOC
[base]
aws_access_key_id = $EMU_KEY
aws_secret_access_key = $EMU_SECRET
EOC
cat >"$AWS_CONFIG_FILE" <<EOC
[profile base]
region = eu-west-1
endpoint_url = $EMU_URL

[profile proc]
region = us-east-1
endpoint_url = $EMU_URL
credential_process = "$T/cred process.sh" --account "demo user"

[profile admin]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/mfa-admin
source_profile = base
mfa_serial = arn:aws:iam::$EMU_ACCOUNT:mfa/demo
role_session_name = oncall
region = us-east-1
endpoint_url = $EMU_URL

[profile partner]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/partner
source_profile = base
external_id = xyz-123
endpoint_url = $EMU_URL

[profile loop-a]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/ops
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::$EMU_ACCOUNT:role/ops
source_profile = loop-a

[profile nokeys]
region = us-east-1
EOC
run env -u AWS_REGION AWS_PROFILE=base "$SLCTL" whoami --output text
expect_rc "static profile through AWS_PROFILE" 0
expect_eq "static profile: region from the profile" "$(printf '%s' "$OUT" | cut -f4-6)" \
  "$(printf 'base\teu-west-1\tprofile')"

# Environment keys win over AWS_PROFILE but not over --profile (AWS CLI rule).
run env AWS_PROFILE=base AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET \
  "$SLCTL" whoami --output text
expect_match "env keys beat AWS_PROFILE" "$OUT" "	env$"
run env AWS_ACCESS_KEY_ID=AKIDWRONG AWS_SECRET_ACCESS_KEY=wrong "$SLCTL" --profile base whoami --output text
expect_match "--profile beats env keys" "$OUT" "	profile$"

# --- credential_process (run without a shell: the space in its path must survive) --------
cat >"$T/cred process.sh" <<EOC
#!/bin/sh
[ "\$1" = "--account" ] && [ "\$2" = "demo user" ] || { echo "bad args: \$*" >&2; exit 3; }
printf '{"Version": 1, "AccessKeyId": "$EMU_KEY", "SecretAccessKey": "$EMU_SECRET", "Expiration": "2099-01-01T00:00:00Z"}'
EOC
chmod +x "$T/cred process.sh"
run "$SLCTL" --profile proc whoami --output text
expect_rc "credential_process" 0
expect_match "credential_process: source" "$OUT" "	proc	us-east-1	process$"

# --- assume role with MFA: the code is read from the terminal, here standard input ------
run_stdin() { # INPUT CMD...
  input=$1; shift
  printf '%s\n' "$input" | setsid "$@" >"$T/out" 2>"$T/err"
  RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
run_stdin 123456 "$SLCTL" --profile admin whoami --output text
expect_rc "assume role with MFA" 0
expect_match "assume role: assumed-role ARN with the session name" "$OUT" \
  "arn:aws:sts::$EMU_ACCOUNT:assumed-role/mfa-admin/oncall	.*	assume-role$"
run_stdin 000000 "$SLCTL" --profile admin whoami
expect_rc "wrong MFA code" 1
expect_match "wrong MFA code: says so" "$ERR" "^slctl: Assuming role arn:aws:iam::$EMU_ACCOUNT:role/mfa-admin for profile \"admin\" failed: .*MultiFactor.*\(AccessDenied\)"
expect_lines "wrong MFA code: one sentence" "$ERR" 1
run "$SLCTL" --profile admin whoami
expect_rc "MFA without a terminal or input" 1
expect_match "MFA without input: says a code is needed" "$ERR" "MFA"

run "$SLCTL" --profile partner --region us-east-1 whoami --output text
expect_rc "assume role with external id" 0
expect_match "external id: partner role" "$OUT" "assumed-role/partner/"

# --- broken profiles ------------------------------------------------------------------------
run "$SLCTL" --profile loop-a --region us-east-1 whoami
expect_rc "source_profile cycle" 1
expect_match "cycle: names the loop" "$ERR" "loop-a.*loop-b|loop-b.*loop-a"
run "$SLCTL" --profile nokeys whoami
expect_rc "profile without keys" 1
expect_lines "profile without keys: one sentence" "$ERR" 1
run "$SLCTL" --profile missing whoami
expect_rc "unknown profile" 1
expect_match "unknown profile: named" "$ERR" '"missing"'

cp "$AWS_CONFIG_FILE" "$T/config.good"
printf '[profile base]\nregion = eu-west-1\nthis line is broken\n' >"$AWS_CONFIG_FILE"
run "$SLCTL" --profile base whoami
expect_rc "malformed config file" 1
expect_match "malformed config: file and line" "$ERR" "config:3"
cp "$T/config.good" "$AWS_CONFIG_FILE"

# --- failures that must be one clear sentence, never a crash -----------------------------
unset AWS_REGION
run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET "$SLCTL" --endpoint-url "$EMU_URL" whoami
expect_rc "no region" 1
expect_match "no region: says how to set one" "$ERR" "region"
export AWS_REGION=us-east-1

run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=not-the-secret "$SLCTL" --endpoint-url "$EMU_URL" whoami
expect_rc "wrong secret" 1
expect_match "wrong secret: the AWS code" "$ERR" "SignatureDoesNotMatch"
expect_lines "wrong secret: one sentence" "$ERR" 1
expect_no_match "wrong secret: the secret is not printed" "$ERR" "not-the-secret"

run env AWS_ACCESS_KEY_ID=ASIAEXPIREDTOKEN AWS_SECRET_ACCESS_KEY=x AWS_SESSION_TOKEN=stale-token \
  "$SLCTL" --endpoint-url "$EMU_URL" whoami
expect_rc "unknown session token" 1
expect_no_match "session token is not printed" "$ERR" "stale-token"

run "$SLCTL" --endpoint-url "$EMU_URL" whoami
expect_rc "no credentials" 1
expect_match "no credentials: says so" "$ERR" "credentials"

run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_MAX_ATTEMPTS=1 \
  "$SLCTL" --endpoint-url "http://127.0.0.1:9" whoami
expect_rc "endpoint down" 1
expect_match "endpoint down: could not connect" "$ERR" "Could not connect to 127.0.0.1:9"

run env AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_SESSION_TOKEN=tok-secret \
  "$SLCTL" --endpoint-url "$EMU_URL" --debug whoami
expect_match "--debug traces the request" "$ERR" "POST"
expect_match "--debug redacts the signature" "$ERR" "redacted"
expect_no_match "--debug never shows the token" "$ERR" "tok-secret"
expect_no_match "--debug never shows the secret" "$ERR" "$EMU_SECRET"

run "$SLCTL" whoami extra
expect_rc "usage error" 2

finish
