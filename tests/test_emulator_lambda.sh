#!/bin/bash
# Fidelity of the emulator's Lambda service, proven with Debian's AWS CLI v2
# (/usr/bin/aws, 2.9.x): list/get functions, versions, aliases, Invoke in all
# its modes, layers (list, get, publish from a zip and from S3), and the
# invocation's log lines read back through CloudWatch Logs.
#
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".

. "$(dirname "$0")/lib/harness.sh"

AWS=${SLEMU_AWS_CLI:-/usr/bin/aws}
if [ ! -x "$AWS" ]; then
  echo "SKIP: $AWS not found (Debian package awscli)"
  rm -rf "$T"
  exit 77
fi
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not found"; rm -rf "$T"; exit 77; }

export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=2
export AWS_EC2_METADATA_DISABLED=true
unset PYTHONPATH PYTHONHOME
printf '[default]\nregion = us-east-1\noutput = json\n' >"$AWS_CONFIG_FILE"

emu_start --demo
echo "# emulator on $EMU_URL (pid $EMU_PID)"

aws_() { "$AWS" --endpoint-url "$EMU_URL" "$@"; }
# json_get FILE-OR-TEXT EXPR: a Python expression over the parsed JSON `d`
jq_() { "$PYTHON3" -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }
last_request_id() {
  curl -s "$EMU_URL/__emulator/requests?operation=$1&limit=1" |
    "$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["requests"][-1]["request_id"])'
}

GET=users-api-GetUserFunction-4XJ2K9LQ7ZAB
SLOW=users-api-SlowReportFunction-7TQ1ZP3NNB4E

# --- functions: listing and pagination ---------------------------------------
run aws_ lambda list-functions --query 'Functions[].FunctionName' --output text
expect_rc "list-functions" 0
expect_eq "list-functions: the 5 demo functions" "$(printf '%s' "$OUT" | tr '\t' '\n' | grep -c .)" 5

run curl -s -f -X POST -H 'Content-Type: application/json' \
  --data '{"count":120,"prefix":"bench-fn-"}' "$EMU_URL/__emulator/lambda/functions"
expect_match "control: 120 functions created" "$OUT" '"created": 120'

curl -s -X DELETE "$EMU_URL/__emulator/requests" >/dev/null
run aws_ lambda list-functions --query 'Functions[].FunctionName' --output json
expect_rc "list-functions over several pages" 0
expect_eq "all 125 functions collected, no duplicates" \
  "$(jq_ "$OUT" 'len(set(d)), len(d)')" "(125, 125)"
pages=$(curl -s "$EMU_URL/__emulator/requests?operation=ListFunctions" |
  "$PYTHON3" -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(len(r), sum("Marker=" in e["path"] for e in r))')
expect_eq "3 pages of at most 50 (2 with a Marker)" "$pages" "3 2"

curl -s -X DELETE "$EMU_URL/__emulator/requests" >/dev/null
run aws_ lambda list-functions --page-size 500 --query 'length(Functions)'
expect_eq "MaxItems=500 is capped at 50 per page (still 125 in all)" "$OUT" 125
pages=$(curl -s "$EMU_URL/__emulator/requests?operation=ListFunctions" |
  "$PYTHON3" -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(len(r), all("MaxItems=500" in e["path"] for e in r))')
expect_eq "MaxItems=500 took 3 requests" "$pages" "3 True"

run aws_ lambda list-functions --max-items 30 --output json
expect_rc "list-functions --max-items 30" 0
first=$OUT
expect_eq "--max-items 30: 30 functions" "$(jq_ "$first" 'len(d["Functions"])')" 30
token=$(jq_ "$first" 'd.get("NextToken", "")')
expect_match "--max-items 30: a NextToken" "$token" '.'
run aws_ lambda list-functions --max-items 30 --starting-token "$token" --output json
expect_rc "list-functions --starting-token" 0
expect_eq "--starting-token: the next 30, no overlap" \
  "$("$PYTHON3" -c 'import json,sys; a=[f["FunctionName"] for f in json.loads(sys.argv[1])["Functions"]]; b=[f["FunctionName"] for f in json.loads(sys.argv[2])["Functions"]]; print(len(b), len(set(a) & set(b)), a[-1] < b[0])' "$first" "$OUT")" \
  "30 0 True"
expect_eq "list entries omit State/LastUpdateStatus" \
  "$(jq_ "$first" 'sum(("State" in f) + ("LastUpdateStatus" in f) for f in d["Functions"])')" 0

# --- GetFunction, versions, aliases ------------------------------------------
run aws_ lambda get-function --function-name "$GET" --output json
expect_rc "get-function" 0
gf=$OUT
expect_eq "get-function: State/LastUpdateStatus" \
  "$(jq_ "$gf" 'd["Configuration"]["State"] + "/" + d["Configuration"]["LastUpdateStatus"]')" "Active/Successful"
expect_eq "get-function: layer ARN" "$(jq_ "$gf" 'd["Configuration"]["Layers"][0]["Arn"]')" \
  "arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3"
expect_eq "get-function: environment" "$(jq_ "$gf" 'd["Configuration"]["Environment"]["Variables"]["LOG_LEVEL"]')" info
expect_eq "get-function: Code.RepositoryType" "$(jq_ "$gf" 'd["Code"]["RepositoryType"]')" S3
expect_eq "get-function: stack tag" "$(jq_ "$gf" 'd["Tags"]["aws:cloudformation:stack-name"]')" users-api
loc=$(jq_ "$gf" 'd["Code"]["Location"]')
curl -s -f -o "$T/code.zip" "$loc"
expect_eq "Code.Location downloads the package (CodeSize, CodeSha256)" \
  "$("$PYTHON3" -c 'import base64,hashlib,sys; b=open(sys.argv[1],"rb").read(); print(len(b), base64.b64encode(hashlib.sha256(b).digest()).decode())' "$T/code.zip")" \
  "$(jq_ "$gf" 'str(d["Configuration"]["CodeSize"]) + " " + d["Configuration"]["CodeSha256"]')"

run aws_ lambda get-function-configuration --function-name "$GET" --qualifier live --query '[Version,FunctionArn]' --output text
expect_match "get-function-configuration --qualifier live: version 3" "$OUT" "^3	arn:aws:lambda:us-east-1:123456789012:function:$GET:live$"

run aws_ lambda list-versions-by-function --function-name "$GET" --query 'Versions[].Version' --output text
expect_eq "list-versions-by-function" "$OUT" '$LATEST	1	2	3	4'

run aws_ lambda list-aliases --function-name "$GET" --output json
expect_rc "list-aliases" 0
expect_eq "list-aliases: live -> 3, 10% on 4" \
  "$(jq_ "$OUT" '[(a["Name"], a["FunctionVersion"], a.get("RoutingConfig", {}).get("AdditionalVersionWeights")) for a in d["Aliases"]]')" \
  "[('live', '3', {'4': 0.1}), ('staging', '4', None)]"

# --- Invoke --------------------------------------------------------------------
run aws_ lambda invoke --function-name "$GET" --cli-binary-format raw-in-base64-out \
  --payload '{"pathParameters":{"id":"u-123"}}' --log-type Tail "$T/out.json" --output json
expect_rc "invoke RequestResponse" 0
inv=$OUT
rid=$(last_request_id Invoke)
expect_eq "invoke: StatusCode 200, \$LATEST, no FunctionError" \
  "$(jq_ "$inv" 'str(d["StatusCode"]) + " " + d["ExecutedVersion"] + " " + str("FunctionError" in d)')" '200 $LATEST False'
expect_eq "invoke: the function's answer" \
  "$("$PYTHON3" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["statusCode"], json.loads(r["body"])["name"])' "$T/out.json")" \
  "200 Ada Lovelace"
tail_log=$(jq_ "$inv" '__import__("base64").b64decode(d["LogResult"]).decode()')
expect_match "LogResult: START with the request id" "$tail_log" "^START RequestId: $rid Version: \\\$LATEST"
expect_match "LogResult: the function's own line" "$tail_log" "	$rid	INFO	fetching user u-123"
expect_match "LogResult: END" "$tail_log" "^END RequestId: $rid$"
expect_match "LogResult: REPORT" "$tail_log" "^REPORT RequestId: $rid	Duration: [0-9.]+ ms	Billed Duration: [0-9]+ ms	Memory Size: 256 MB	Max Memory Used: [0-9]+ MB	"

run aws_ lambda invoke --function-name "$GET" --cli-binary-format raw-in-base64-out \
  --payload '{"pathParameters":{"id":"boom"}}' --log-type Tail "$T/out.json" --output json
expect_rc "invoke: function error is not a CLI error" 0
expect_eq "invoke: FunctionError Unhandled" "$(jq_ "$OUT" 'd.get("FunctionError")')" Unhandled
expect_match "invoke: error body" "$(cat "$T/out.json")" '"errorType":"TypeError","errorMessage":"Cannot read properties of undefined \(reading '"'"'id'"'"'\)"'
expect_match "invoke: stack trace logged" "$(jq_ "$OUT" '__import__("base64").b64decode(d["LogResult"]).decode()')" \
  'ERROR	Invoke Error 	\{"errorType":"TypeError".*"stack":\['

run aws_ lambda invoke --function-name "$GET:live" --cli-binary-format raw-in-base64-out \
  --payload '{"pathParameters":{"id":"u-42"}}' "$T/out.json" --query ExecutedVersion --output text
expect_eq "invoke an alias: executed version 3" "$OUT" 3

run aws_ lambda invoke --function-name "$GET" --invocation-type Event "$T/out.json" --query StatusCode
expect_eq "invoke Event: 202" "$OUT" 202
run aws_ lambda invoke --function-name "$GET" --invocation-type DryRun "$T/out.json" --query StatusCode
expect_eq "invoke DryRun: 204" "$OUT" 204

run aws_ lambda invoke --function-name "$GET" --cli-binary-format raw-in-base64-out --payload 'not json' "$T/out.json"
if [ "$RC" -eq 254 ] || [ "$RC" -eq 255 ]; then ok "invoke bad JSON: exit $RC"; else not_ok "invoke bad JSON: exit $RC" "$ERR"; fi
expect_match "invoke bad JSON: InvalidRequestContentException" "$ERR" \
  'InvalidRequestContentException.*Could not parse request body into json'

run aws_ lambda invoke --function-name no-such-function "$T/out.json"
expect_rc "invoke unknown function" 254
expect_match "invoke unknown function: ResourceNotFoundException" "$ERR" \
  'ResourceNotFoundException.*Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-function'
run aws_ lambda invoke --function-name "$GET" --qualifier 99 "$T/out.json"
expect_match "invoke unknown version: ResourceNotFoundException" "$ERR" "ResourceNotFoundException.*function:$GET:99"

run curl -s -f -X POST -H 'Content-Type: application/json' --data '{"timeout_cap_seconds":0.2}' \
  "$EMU_URL/__emulator/lambda/settings"
expect_match "control: timeout cap" "$OUT" '"timeout_cap_seconds": 0.2'
run aws_ lambda invoke --function-name "$SLOW" --log-type Tail "$T/out.json" --output json
expect_eq "invoke timeout: FunctionError Unhandled" "$(jq_ "$OUT" 'd.get("FunctionError")')" Unhandled
expect_match "invoke timeout: Sandbox.Timedout" "$(cat "$T/out.json")" \
  '"errorType":"Sandbox.Timedout","errorMessage":"RequestId: [0-9a-f-]+ Error: Task timed out after 3.00 seconds"'
expect_match "invoke timeout: REPORT says the full 3 s" \
  "$(jq_ "$OUT" '__import__("base64").b64decode(d["LogResult"]).decode()')" 'Duration: 3000.00 ms	Billed Duration: 3000 ms'

# --- layers --------------------------------------------------------------------
run aws_ lambda list-layers --query 'Layers[].[LayerName,LatestMatchingVersion.Version]' --output text
expect_eq "list-layers" "$OUT" "users-deps	3"
run aws_ lambda list-layers --compatible-runtime nodejs18.x --query 'Layers[0].LatestMatchingVersion.Version'
expect_eq "list-layers --compatible-runtime nodejs18.x: version 2" "$OUT" 2
run aws_ lambda list-layer-versions --layer-name users-deps --query 'LayerVersions[].Version' --output text
expect_eq "list-layer-versions: newest first" "$OUT" "3	2	1"
run aws_ lambda get-layer-version --layer-name users-deps --version-number 2 --output json
expect_rc "get-layer-version" 0
glv=$OUT
curl -s -f -o "$T/layer2.zip" "$(jq_ "$glv" 'd["Content"]["Location"]')"
expect_eq "get-layer-version: Content matches CodeSha256/CodeSize" \
  "$("$PYTHON3" -c 'import base64,hashlib,sys; b=open(sys.argv[1],"rb").read(); print(len(b), base64.b64encode(hashlib.sha256(b).digest()).decode())' "$T/layer2.zip")" \
  "$(jq_ "$glv" 'str(d["Content"]["CodeSize"]) + " " + d["Content"]["CodeSha256"]')"
expect_match "get-layer-version: the demo files" "$(cd "$T" && "$PYTHON3" -m zipfile -l layer2.zip)" 'nodejs/node_modules/pino/package.json'

mkdir -p "$T/layer/nodejs/node_modules/left-pad"
echo '{"name":"left-pad","version":"1.3.0"}' >"$T/layer/nodejs/node_modules/left-pad/package.json"
(cd "$T/layer" && "$PYTHON3" -m zipfile -c "$T/layer.zip" nodejs)
run aws_ lambda publish-layer-version --layer-name users-deps --zip-file "fileb://$T/layer.zip" \
  --compatible-runtimes nodejs20.x --compatible-architectures arm64 --description "left-pad" --output json
expect_rc "publish-layer-version --zip-file" 0
expect_eq "publish-layer-version: version 4" "$(jq_ "$OUT" 'd["Version"], d["LayerVersionArn"]')" \
  "(4, 'arn:aws:lambda:us-east-1:123456789012:layer:users-deps:4')"
expect_eq "publish-layer-version: CodeSha256" "$(jq_ "$OUT" 'd["Content"]["CodeSha256"]')" \
  "$("$PYTHON3" -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1],"rb").read()).digest()).decode())' "$T/layer.zip")"
expect_match "publish-layer-version: CreatedDate format" "$(jq_ "$OUT" 'd["CreatedDate"]')" \
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}\+0000$'
run aws_ lambda list-layer-versions --layer-name users-deps --query 'LayerVersions[].Version' --output text
expect_eq "list-layer-versions shows version 4 at once" "$OUT" "4	3	2	1"

# a zip whose central directory reads fine (the CLI's own check passes) but
# whose data is corrupt: Lambda cannot unzip it
"$PYTHON3" - "$T/layer.zip" "$T/corrupt.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED) as z:
    z.writestr("nodejs/data.txt", b"A" * 200)
b = bytearray(open(sys.argv[2], "rb").read())
i = b.find(b"A" * 200)
b[i + 50] = ord("B")
open(sys.argv[2], "wb").write(bytes(b))
PY
run aws_ lambda publish-layer-version --layer-name users-deps --zip-file "fileb://$T/corrupt.zip"
expect_rc "publish-layer-version corrupt zip" 254
expect_match "publish-layer-version corrupt zip: InvalidParameterValueException" "$ERR" \
  'InvalidParameterValueException.*Could not unzip uploaded file'

run aws_ s3api create-bucket --bucket layer-uploads
expect_rc "s3api create-bucket" 0
run aws_ s3api put-object --bucket layer-uploads --key layers/deps.zip --body "$T/layer.zip"
expect_rc "s3api put-object" 0
run aws_ s3 cp "$T/layer.zip" s3://layer-uploads/layers/deps-cp.zip
expect_rc "s3 cp" 0
run aws_ lambda publish-layer-version --layer-name users-deps --content S3Bucket=layer-uploads,S3Key=layers/deps.zip \
  --query Version
expect_eq "publish-layer-version from S3 (put-object): version 5" "$OUT" 5
run aws_ lambda publish-layer-version --layer-name users-deps --content S3Bucket=layer-uploads,S3Key=layers/deps-cp.zip \
  --query Version
expect_eq "publish-layer-version from S3 (s3 cp): version 6" "$OUT" 6
run aws_ lambda publish-layer-version --layer-name users-deps --content S3Bucket=layer-uploads,S3Key=layers/missing.zip
expect_match "publish-layer-version from a missing S3 key" "$ERR" 'InvalidParameterValueException.*NoSuchKey'
echo "not a zip" >"$T/notzip.txt"
aws_ s3api put-object --bucket layer-uploads --key layers/notzip.zip --body "$T/notzip.txt" >/dev/null 2>&1
run aws_ lambda publish-layer-version --layer-name users-deps --content S3Bucket=layer-uploads,S3Key=layers/notzip.zip
expect_match "publish-layer-version from a non-zip S3 object" "$ERR" \
  'InvalidParameterValueException.*Could not unzip uploaded file'
run aws_ lambda publish-layer-version --layer-name users-deps --zip-file "fileb://$T/layer.zip" --compatible-architectures mips
expect_match "publish-layer-version bad architecture: ValidationException" "$ERR" \
  "ValidationException.*compatibleArchitectures"

# --- the invocation's log lines, through CloudWatch Logs ------------------------
if curl -s "$EMU_URL/__emulator/health" | grep -q '"signing_name": "logs"'; then
  run aws_ logs filter-log-events --log-group-name "/aws/lambda/$GET" --filter-pattern "$rid" \
    --query 'events[].message' --output json
  expect_rc "logs filter-log-events" 0
  expect_eq "filter-log-events: START, the function's line, END, REPORT of $rid" \
    "$(jq_ "$OUT" '[m.split()[0] if not m[0].isdigit() else m.split("\t")[2] for m in d]')" \
    "['START', 'INFO', 'END', 'REPORT']"
  run aws_ logs describe-log-streams --log-group-name "/aws/lambda/$GET" --query 'logStreams[].logStreamName' --output text
  expect_match "log stream named YYYY/MM/DD/[\$LATEST]<32 hex>" "$OUT" '[0-9]{4}/[0-9]{2}/[0-9]{2}/\[\$LATEST\][0-9a-f]{32}'
else
  echo "# note: services/logs.py not loaded; filter-log-events check skipped"
fi

finish
