#!/bin/sh
# The listing and showing one-shots (stacks, stack, functions, function, layers, layer, alarms)
# against the emulator's demo: exact text and json where the demo is stable (times masked),
# the order of alarms, the failed events of a rolled-back stack, paging through the control
# endpoints, a throttled call that still succeeds, and every failure as one sentence with its
# exit code.
. "$(dirname "$0")/lib/harness.sh"

emu_start --demo
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET

sl() { run "$SLCTL" --endpoint-url "$EMU_URL" "$@"; }
# ISO times (ours and Lambda's) become TIME: the demo is seeded relative to "now".
mask() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})/TIME/g'; }
# jq-like checks without jq: python3 -c 'EXPR' with d = the JSON on stdin.
pyjson() { printf '%s' "$OUT" | "$PYTHON3" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# How many requests of an operation the emulator saw since the log was cleared.
requests() {
  emu_ctl GET "requests?operation=$1&limit=10000" |
    "$PYTHON3" -c "import json,sys; r=json.load(sys.stdin)['requests']; print(len([x for x in r if '${2:-}' in ('', str(x.get('status')))]))"
}
TAB=$(printf '\t')
# The headings of a table made of sections: the first line and each line after an empty one.
headings() { awk 'NR == 1 || prev == "" { print } { prev = $0 }' | grep -v '^$'; }

# --- stacks ----------------------------------------------------------------------------------
sl stacks --output text
expect_rc "stacks text" 0
expect_eq "stacks text: one line per live stack" "$(printf '%s\n' "$OUT" | mask)" \
"orders-pipeline${TAB}UPDATE_ROLLBACK_COMPLETE${TAB}TIME${TAB}DRIFTED${TAB}Orders pipeline: SQS queue and consumer
users-api${TAB}UPDATE_COMPLETE${TAB}TIME${TAB}IN_SYNC${TAB}Users API (SAM): API Gateway, Lambda, DynamoDB"
expect_eq "stacks text: nothing on stderr" "$ERR" ""

sl stacks --all --output text
expect_eq "stacks --all: deleted stacks too" "$(printf '%s\n' "$OUT" | cut -f1,2)" \
"orders-pipeline${TAB}UPDATE_ROLLBACK_COMPLETE
users-api${TAB}UPDATE_COMPLETE
legacy-cron${TAB}DELETE_COMPLETE"

sl stacks
expect_rc "stacks table" 0
expect_eq "stacks table" "$OUT" \
"NAME             STATUS                    UPDATED  DRIFT    DESCRIPTION
orders-pipeline  UPDATE_ROLLBACK_COMPLETE  3h ago   DRIFTED  Orders pipeline: SQS queue and consumer
users-api        UPDATE_COMPLETE           2d ago   IN_SYNC  Users API (SAM): API Gateway, Lambda, DynamoDB"

sl --output json stacks
expect_rc "stacks json" 0
expect_eq "stacks json: StackSummaries with AWS field names" \
  "$(printf '%s\n' "$OUT" | mask | sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/UUID/')" \
'{
  "StackSummaries": [{
      "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/orders-pipeline/UUID",
      "StackName": "orders-pipeline",
      "TemplateDescription": "Orders pipeline: SQS queue and consumer",
      "CreationTime": "TIME",
      "LastUpdatedTime": "TIME",
      "StackStatus": "UPDATE_ROLLBACK_COMPLETE",
      "StackStatusReason": "The following resource(s) failed to update: [OrdersQueue]. ",
      "DriftInformation": {
        "StackDriftStatus": "DRIFTED",
        "LastCheckTimestamp": "TIME"
      }
    }, {
      "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/users-api/UUID",
      "StackName": "users-api",
      "TemplateDescription": "Users API (SAM): API Gateway, Lambda, DynamoDB",
      "CreationTime": "TIME",
      "LastUpdatedTime": "TIME",
      "StackStatus": "UPDATE_COMPLETE",
      "DriftInformation": {
        "StackDriftStatus": "IN_SYNC",
        "LastCheckTimestamp": "TIME"
      }
    }]
}'

sl --output json stacks --all
expect_eq "stacks --all json: the deleted stack has a DeletionTime" \
  "$(pyjson '[s["StackName"] for s in d["StackSummaries"] if "DeletionTime" in s]')" "['legacy-cron']"

sl stacks extra
expect_rc "stacks with an argument" 2
expect_lines "stacks with an argument: one sentence" "$ERR" 1

# --- stack NAME --------------------------------------------------------------------------------
sl stack orders-pipeline
expect_rc "stack orders-pipeline" 0
expect_eq "rolled-back stack: the failed events come first, cause first, reasons whole" \
  "$(printf '%s\n' "$OUT" | sed -n 1,8p)" \
'Failed events of the last operation (stack is UPDATE_ROLLBACK_COMPLETE)
  3h ago  OrdersQueue (AWS::SQS::Queue)  UPDATE_FAILED
      Resource handler returned message: "Invalid value for the parameter VisibilityTimeout. Reason: must be at least
      the function timeout (30 seconds)." (RequestToken: 5c1e0d7a-2f0b-4a8e-9c1d-7e3b6a2f9d10, HandlerErrorCode:
      InvalidRequest)
  3h ago  ProcessOrderFunction (AWS::Lambda::Function)  UPDATE_FAILED
      Resource update cancelled'
expect_eq "stack table: sections in order" "$(printf '%s\n' "$OUT" | headings | cut -c1-30)" \
"Failed events of the last oper
Stack
Parameters
Outputs
Resources
Recent events"
expect_match "stack table: status line" "$OUT" "Status +UPDATE_ROLLBACK_COMPLETE"

sl stack orders-pipeline --output text
expect_rc "stack text" 0
expect_eq "stack text: STACK, then the failures of the last update only" \
  "$(printf '%s\n' "$OUT" | grep -E '^(STACK|FAILURE|PARAMETER|OUTPUT|TAG)' | mask | sed -E 's#/[0-9a-f-]{36}#/UUID#')" \
"STACK${TAB}orders-pipeline${TAB}UPDATE_ROLLBACK_COMPLETE${TAB}The following resource(s) failed to update: [OrdersQueue]. ${TAB}TIME${TAB}TIME${TAB}DRIFTED${TAB}Orders pipeline: SQS queue and consumer${TAB}arn:aws:cloudformation:us-east-1:123456789012:stack/orders-pipeline/UUID
FAILURE${TAB}TIME${TAB}OrdersQueue${TAB}AWS::SQS::Queue${TAB}UPDATE_FAILED${TAB}Resource handler returned message: \"Invalid value for the parameter VisibilityTimeout. Reason: must be at least the function timeout (30 seconds).\" (RequestToken: 5c1e0d7a-2f0b-4a8e-9c1d-7e3b6a2f9d10, HandlerErrorCode: InvalidRequest)
FAILURE${TAB}TIME${TAB}ProcessOrderFunction${TAB}AWS::Lambda::Function${TAB}UPDATE_FAILED${TAB}Resource update cancelled
PARAMETER${TAB}Stage${TAB}prod
PARAMETER${TAB}BatchSize${TAB}10
OUTPUT${TAB}QueueUrl${TAB}https://sqs.us-east-1.amazonaws.com/123456789012/orders${TAB}None${TAB}Orders queue
TAG${TAB}team${TAB}commerce"
expect_eq "stack text: the newest event first" "$(printf '%s\n' "$OUT" | grep '^EVENT' | head -1 | cut -f3,5)" \
  "orders-pipeline${TAB}UPDATE_ROLLBACK_COMPLETE"
expect_match "stack text: resources" "$OUT" "RESOURCE${TAB}ProcessOrderFunction${TAB}AWS::Lambda::Function${TAB}UPDATE_FAILED${TAB}orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD"

sl stack orders-pipeline --output json
expect_rc "stack json" 0
expect_eq "stack json: members" "$(pyjson 'list(d)')" \
  "['Stack', 'FailedEvents', 'StackResourceSummaries', 'StackEvents']"
expect_eq "stack json: FailedEvents, oldest first" \
  "$(pyjson '[(e["LogicalResourceId"], e["ResourceStatus"]) for e in d["FailedEvents"]]')" \
  "[('OrdersQueue', 'UPDATE_FAILED'), ('ProcessOrderFunction', 'UPDATE_FAILED')]"
expect_eq "stack json: parameters and outputs as DescribeStacks" \
  "$(pyjson '[p["ParameterKey"] for p in d["Stack"]["Parameters"]], d["Stack"]["Outputs"][0]["OutputKey"]')" \
  "['Stage', 'BatchSize'] QueueUrl"

sl stack users-api --output text
expect_rc "healthy stack" 0
expect_no_match "healthy stack: no failure section" "$OUT" "^FAILURE"
expect_eq "healthy stack: outputs" "$(printf '%s\n' "$OUT" | grep '^OUTPUT')" \
"OUTPUT${TAB}ApiUrl${TAB}https://k3x9q2m1za.execute-api.us-east-1.amazonaws.com/prod/${TAB}users-api-ApiUrl${TAB}Users API endpoint
OUTPUT${TAB}UsersTableName${TAB}users-api-UsersTable-1M3T2ZK0Q9XY${TAB}None${TAB}DynamoDB table
OUTPUT${TAB}UsersDepsLayerArn${TAB}arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3${TAB}users-deps-layer${TAB}Shared dependencies"
sl stack users-api
expect_match "healthy stack table: starts with the stack" "$(printf '%s\n' "$OUT" | head -2)" "^Stack
Name +users-api$"

sl stack no-such-stack
expect_rc "unknown stack" 4
expect_eq "unknown stack: one sentence" "$ERR" 'slctl: The stack "no-such-stack" was not found in us-east-1.'
expect_eq "unknown stack: nothing on stdout" "$OUT" ""
sl stack
expect_rc "stack without a name" 2
sl stack a b
expect_rc "stack with two names" 2

# --- functions ---------------------------------------------------------------------------------
sl functions --output text
expect_rc "functions text" 0
expect_eq "functions text" "$(printf '%s\n' "$OUT" | mask)" \
"orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD${TAB}python3.12${TAB}x86_64${TAB}128${TAB}30${TAB}TIME${TAB}8391
users-api-CreateUserFunction-9PL2MX0WQ1RT${TAB}nodejs20.x${TAB}arm64${TAB}512${TAB}15${TAB}TIME${TAB}51377
users-api-GetUserFunction-4XJ2K9LQ7ZAB${TAB}nodejs20.x${TAB}arm64${TAB}256${TAB}10${TAB}TIME${TAB}48213
users-api-ListUsersFunction-2HD8RT5KXV0C${TAB}nodejs20.x${TAB}arm64${TAB}256${TAB}10${TAB}TIME${TAB}47102
users-api-SlowReportFunction-7TQ1ZP3NNB4E${TAB}nodejs20.x${TAB}x86_64${TAB}1024${TAB}3${TAB}TIME${TAB}12044"

sl functions
expect_eq "functions table" "$OUT" \
"NAME                                               RUNTIME     ARCH    MEMORY   TIMEOUT  MODIFIED  SIZE
orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD  python3.12  x86_64  128 MB   30 s     5d ago    8.2 KiB
users-api-CreateUserFunction-9PL2MX0WQ1RT          nodejs20.x  arm64   512 MB   15 s     2d ago    50.2 KiB
users-api-GetUserFunction-4XJ2K9LQ7ZAB             nodejs20.x  arm64   256 MB   10 s     2d ago    47.1 KiB
users-api-ListUsersFunction-2HD8RT5KXV0C           nodejs20.x  arm64   256 MB   10 s     12d ago   46.0 KiB
users-api-SlowReportFunction-7TQ1ZP3NNB4E          nodejs20.x  x86_64  1024 MB  3 s      30d ago   11.8 KiB"

run env COLUMNS=80 "$SLCTL" --endpoint-url "$EMU_URL" functions
expect_eq "functions table fits 80 columns" \
  "$(printf '%s\n' "$OUT" | "$PYTHON3" -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin) <= 80)')" "True"
expect_match "functions table at 80 columns: long names cut with an ellipsis" "$OUT" "^users-api-GetUser.*…  nodejs20.x"

sl functions --output json
expect_rc "functions json" 0
expect_eq "functions json: Functions with AWS field names" \
  "$(pyjson '[(f["FunctionName"][:20], f["Runtime"], f["MemorySize"], f["Architectures"]) for f in d["Functions"]][:2]')" \
  "[('orders-pipeline-Proc', 'python3.12', 128, ['x86_64']), ('users-api-CreateUser', 'nodejs20.x', 512, ['arm64'])]"
expect_eq "functions json: environment names, never values" \
  "$(pyjson 'd["Functions"][2]["Environment"]')" \
  "{'Variables': {'TABLE_NAME': None, 'LOG_LEVEL': None, 'POWERTOOLS_SERVICE_NAME': None}}"
expect_no_match "functions json: no environment value leaks" "$OUT" "users-api-UsersTable-1M3T2ZK0Q9XY"

# --- function NAME -------------------------------------------------------------------------------
F=users-api-GetUserFunction-4XJ2K9LQ7ZAB
sl function $F --output text
expect_rc "function text" 0
expect_eq "function text: configuration, layers, env names, aliases" \
  "$(printf '%s\n' "$OUT" | grep -E '^(FUNCTION|LAYER|ENV|ALIAS)' | mask)" \
"FUNCTION${TAB}$F${TAB}Active${TAB}Successful${TAB}nodejs20.x${TAB}get-user.handler${TAB}arm64${TAB}256${TAB}10${TAB}48213${TAB}TIME${TAB}arn:aws:lambda:us-east-1:123456789012:function:$F
LAYER${TAB}arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3${TAB}387
ENV${TAB}TABLE_NAME
ENV${TAB}LOG_LEVEL
ENV${TAB}POWERTOOLS_SERVICE_NAME
ALIAS${TAB}live${TAB}3${TAB}4=0.1${TAB}Production traffic (10% canary on 4)
ALIAS${TAB}staging${TAB}4${TAB}None${TAB}Staging"
expect_eq "function text: versions newest first" "$(printf '%s\n' "$OUT" | grep '^VERSION' | cut -f2)" \
'$LATEST
4
3
2
1'
expect_match "function text: the last hour of metrics" "$(printf '%s\n' "$OUT" | grep '^METRIC')" \
"^METRIC${TAB}Invocations${TAB}[0-9]+
METRIC${TAB}Errors${TAB}[0-9]+
METRIC${TAB}Throttles${TAB}[0-9]+
METRIC${TAB}DurationP99${TAB}([0-9.]+|None)$"
expect_no_match "function text: env values stay hidden" "$OUT" "users-api-UsersTable|info"

sl function $F
expect_rc "function table" 0
expect_eq "function table: sections" "$(printf '%s\n' "$OUT" | headings)" \
"Function
Layers
Environment variables (names only)
Aliases
Versions
Last hour"
expect_match "function table: state" "$OUT" "State +Active"
expect_match "function table: p99" "$OUT" "Duration p99 +([0-9.]+ (ms|s) \(worst 5 minutes\)|no data)"

sl function $F --output json
expect_rc "function json" 0
expect_eq "function json: members" "$(pyjson 'list(d)')" \
  "['Configuration', 'Code', 'Tags', 'Aliases', 'Versions', 'Metrics', 'MetricDataResults']"
expect_eq "function json: Configuration as GetFunction" \
  "$(pyjson 'd["Configuration"]["State"], d["Configuration"]["Layers"][0]["Arn"], sorted(d["Configuration"]["Environment"]["Variables"].items())')" \
  "Active arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3 [('LOG_LEVEL', None), ('POWERTOOLS_SERVICE_NAME', None), ('TABLE_NAME', None)]"
expect_eq "function json: metric queries" "$(pyjson '[r["Id"] for r in d["MetricDataResults"]], d["Metrics"]["Period"]')" \
  "['inv', 'err', 'thr', 'p50', 'p99'] 300"

sl function nope
expect_rc "unknown function" 4
expect_eq "unknown function: one sentence" "$ERR" 'slctl: The function "nope" was not found in us-east-1.'
expect_eq "unknown function: nothing on stdout" "$OUT" ""
sl function
expect_rc "function without a name" 2

# A function with more versions than the table lists.
emu_ctl POST lambda/functions '{"name": "many-versions", "versions": 12}' >/dev/null
sl function many-versions
expect_match "function table: older versions are counted, not hidden silently" "$OUT" \
  "\(2 older versions not shown; --output json lists them all\)"
sl function many-versions --output text
expect_eq "function text: every version" "$(printf '%s\n' "$OUT" | grep -c '^VERSION')" "13"

# --- layers ------------------------------------------------------------------------------------
sl layers --output text
expect_rc "layers text" 0
expect_eq "layers text" "$OUT" "users-deps${TAB}3${TAB}nodejs20.x${TAB}arm64${TAB}pino 9.2 (fixes redact paths)"
sl layers
expect_eq "layers table" "$OUT" \
"NAME        LATEST  RUNTIMES    ARCHITECTURES  DESCRIPTION
users-deps  3       nodejs20.x  arm64          pino 9.2 (fixes redact paths)"
sl layers --output json
expect_eq "layers json" "$(printf '%s\n' "$OUT" | mask)" \
'{
  "Layers": [{
      "LayerName": "users-deps",
      "LayerArn": "arn:aws:lambda:us-east-1:123456789012:layer:users-deps",
      "LatestMatchingVersion": {
        "LayerVersionArn": "arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3",
        "Version": 3,
        "Description": "pino 9.2 (fixes redact paths)",
        "CreatedDate": "TIME",
        "CompatibleRuntimes": ["nodejs20.x"],
        "LicenseInfo": "MIT",
        "CompatibleArchitectures": ["arm64"]
      }
    }]
}'

sl layer users-deps --output text
expect_rc "layer text" 0
expect_eq "layer text: versions newest first" "$(printf '%s\n' "$OUT" | mask)" \
"LAYER${TAB}users-deps${TAB}arn:aws:lambda:us-east-1:123456789012:layer:users-deps
VERSION${TAB}3${TAB}TIME${TAB}nodejs20.x${TAB}arm64${TAB}MIT${TAB}pino 9.2 (fixes redact paths)
VERSION${TAB}2${TAB}TIME${TAB}nodejs18.x,nodejs20.x${TAB}x86_64,arm64${TAB}MIT${TAB}aws-sdk v3, zod, pino logger
VERSION${TAB}1${TAB}TIME${TAB}nodejs18.x,nodejs20.x${TAB}x86_64,arm64${TAB}MIT${TAB}aws-sdk v3 and zod"
sl layer users-deps
expect_eq "layer table" "$OUT" \
"Layer users-deps
arn:aws:lambda:us-east-1:123456789012:layer:users-deps

Versions (newest first)
VERSION  CREATED  RUNTIMES                ARCHITECTURES  LICENSE  DESCRIPTION
3        2d ago   nodejs20.x              arm64          MIT      pino 9.2 (fixes redact paths)
2        12d ago  nodejs18.x, nodejs20.x  x86_64, arm64  MIT      aws-sdk v3, zod, pino logger
1        40d ago  nodejs18.x, nodejs20.x  x86_64, arm64  MIT      aws-sdk v3 and zod"
sl layer users-deps --output json
expect_eq "layer json" "$(pyjson 'd["LayerName"], d["LayerArn"], [v["Version"] for v in d["LayerVersions"]]')" \
  "users-deps arn:aws:lambda:us-east-1:123456789012:layer:users-deps [3, 2, 1]"
sl layer no-such-layer
expect_rc "unknown layer" 4
expect_eq "unknown layer: one sentence" "$ERR" 'slctl: The layer "no-such-layer" was not found in us-east-1.'

# --- alarms ------------------------------------------------------------------------------------
sl alarms --output text
expect_rc "alarms text" 0
expect_eq "alarms: ALARM first, then INSUFFICIENT_DATA, then OK; by name within a state" \
  "$(printf '%s\n' "$OUT" | cut -f1-4)" \
"ALARM${TAB}users-api-GetUser-Errors${TAB}AWS/Lambda/Errors${TAB}users-api-GetUserFunction-4XJ2K9LQ7ZAB
ALARM${TAB}users-api-SlowReport-Errors${TAB}AWS/Lambda/Errors${TAB}users-api-SlowReportFunction-7TQ1ZP3NNB4E
ALARM${TAB}users-api-health${TAB}composite${TAB}None
INSUFFICIENT_DATA${TAB}orders-pipeline-ProcessOrder-Throttles${TAB}AWS/Lambda/Throttles${TAB}orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD
OK${TAB}users-api-CreateUser-Duration-p99${TAB}AWS/Lambda/Duration${TAB}users-api-CreateUserFunction-9PL2MX0WQ1RT"
expect_eq "alarms text: reason and since" "$(printf '%s\n' "$OUT" | sed -n 4p | cut -f5,6 | mask)" \
  "Insufficient Data: 5 datapoints were unknown.${TAB}TIME"

sl alarms
expect_rc "alarms table" 0
expect_eq "alarms table: state first, ALARM rows first" "$(printf '%s\n' "$OUT" | cut -c1-57)" \
"STATE              NAME                                  
ALARM              users-api-GetUser-Errors              
ALARM              users-api-SlowReport-Errors           
ALARM              users-api-health                      
INSUFFICIENT_DATA  orders-pipeline-ProcessOrder-Throttles
OK                 users-api-CreateUser-Duration-p99     "
expect_match "alarms table: since is relative" "$(printf '%s\n' "$OUT" | sed -n 2p)" " 25m ago$"

sl alarms --state ALARM --output text
expect_eq "alarms --state ALARM" "$(printf '%s\n' "$OUT" | cut -f1 | sort -u)" "ALARM"
expect_lines "alarms --state ALARM: three" "$OUT" 3
sl alarms --state=ok --output text
expect_eq "alarms --state=ok (any case)" "$(printf '%s\n' "$OUT" | cut -f2)" "users-api-CreateUser-Duration-p99"
sl alarms --state BROKEN
expect_rc "alarms --state BROKEN" 2
expect_lines "alarms --state BROKEN: one sentence" "$ERR" 1
expect_match "alarms --state BROKEN: says what is allowed" "$ERR" "ALARM, OK or INSUFFICIENT_DATA"
sl alarms --state
expect_rc "alarms --state without a value" 2

sl alarms --output json
expect_rc "alarms json" 0
expect_eq "alarms json: MetricAlarms and CompositeAlarms like the AWS CLI" \
  "$(pyjson 'list(d), len(d["MetricAlarms"]), [a["AlarmName"] for a in d["CompositeAlarms"]], d["CompositeAlarms"][0]["AlarmRule"]')" \
  "['MetricAlarms', 'CompositeAlarms'] 4 ['users-api-health'] ALARM(\"users-api-GetUser-Errors\") OR ALARM(\"users-api-CreateUser-Duration-p99\")"
expect_eq "alarms json: metric alarm fields" \
  "$(pyjson '[(a["AlarmName"], a["Namespace"], a["MetricName"], a["Dimensions"][0]["Value"], a.get("Statistic", a.get("ExtendedStatistic")), a["Threshold"]) for a in d["MetricAlarms"] if a["AlarmName"] == "users-api-CreateUser-Duration-p99"]')" \
  "[('users-api-CreateUser-Duration-p99', 'AWS/Lambda', 'Duration', 'users-api-CreateUserFunction-9PL2MX0WQ1RT', 'p99', 3000)]"

# --- paging through the control endpoints --------------------------------------------------------
emu_ctl POST cloudformation/stacks '{"count": 200, "prefix": "bench-stack-", "resources": 1}' >/dev/null
emu_ctl DELETE requests >/dev/null
sl stacks --output text
expect_rc "202 stacks" 0
expect_lines "202 stacks: all listed" "$OUT" 202
expect_eq "202 stacks: three ListStacks pages" "$(requests ListStacks)" "3"
sl stacks
expect_lines "202 stacks: table" "$OUT" 203
sl stacks --output json
expect_eq "202 stacks: json" "$(pyjson 'len(d["StackSummaries"])')" "202"

emu_ctl POST cloudformation/stacks '{"stacks": [{"name": "big-stack", "resources": 250}]}' >/dev/null
emu_ctl DELETE requests >/dev/null
sl stack big-stack --output text
expect_rc "stack with 250 resources" 0
expect_eq "250 resources: all listed" "$(printf '%s\n' "$OUT" | grep -c '^RESOURCE')" "250"
expect_eq "250 resources: three ListStackResources pages" "$(requests ListStackResources)" "3"
expect_eq "250 resources: one page of events for a healthy stack" "$(requests DescribeStackEvents)" "1"

# A failed update whose start lies on the second page of events, after an older failure that
# must not be shown: events are read until the start is found, and no further.
emu_ctl POST cloudformation/stacks '{"stacks": [{"name": "deep-fail", "resources": 60}]}' >/dev/null
"$PYTHON3" - >"$T/events.json" <<'EOP'
import json
ev = [{"status": "UPDATE_IN_PROGRESS", "reason": "User Initiated"},
      {"logical_id": "Table1", "status": "UPDATE_FAILED", "reason": "an older failure"},
      {"status": "UPDATE_ROLLBACK_IN_PROGRESS"}, {"status": "UPDATE_ROLLBACK_COMPLETE"},
      {"status": "UPDATE_IN_PROGRESS", "reason": "User Initiated"}]
for i in range(1, 9):
    for base in ("Function", "FunctionRole", "LogGroup", "Table", "Queue", "Topic", "Bucket"):
        ev.append({"logical_id": "%s%d" % (base, i), "status": "UPDATE_IN_PROGRESS"})
        ev.append({"logical_id": "%s%d" % (base, i), "status": "UPDATE_COMPLETE"})
ev += [{"logical_id": "Queue1", "status": "UPDATE_FAILED", "reason": "boom: the queue said no"},
       {"status": "UPDATE_ROLLBACK_IN_PROGRESS", "reason": "The following resource(s) failed to update: [Queue1]."},
       {"status": "UPDATE_ROLLBACK_COMPLETE"}]
print(json.dumps({"stack": "deep-fail", "events": ev}))
EOP
emu_ctl POST cloudformation/events "$(cat "$T/events.json")" >/dev/null
emu_ctl DELETE requests >/dev/null
sl stack deep-fail --output text
expect_rc "failed stack with many events" 0
expect_eq "many events: only the failure of the last update" \
  "$(printf '%s\n' "$OUT" | grep '^FAILURE' | cut -f3-6)" \
  "Queue1${TAB}AWS::SQS::Queue${TAB}UPDATE_FAILED${TAB}boom: the queue said no"
expect_eq "many events: two pages of events read, not more" "$(requests DescribeStackEvents)" "2"
expect_eq "many events: still the 20 newest events" "$(printf '%s\n' "$OUT" | grep -c '^EVENT')" "20"

emu_ctl POST lambda/functions '{"count": 120, "prefix": "bulk-fn-"}' >/dev/null
emu_ctl DELETE requests >/dev/null
sl functions --output text
expect_lines "126 functions: all listed" "$OUT" 126
expect_eq "126 functions: three ListFunctions pages" "$(requests ListFunctions)" "3"

emu_ctl POST monitoring/alarms '{"count": 150, "prefix": "bench-alarm-", "state": "OK"}' >/dev/null
emu_ctl DELETE requests >/dev/null
sl alarms --output text
expect_lines "155 alarms: all listed" "$OUT" 155
expect_eq "155 alarms: two DescribeAlarms pages" "$(requests DescribeAlarms)" "2"
expect_eq "155 alarms: the firing ones still first" "$(printf '%s\n' "$OUT" | head -4 | cut -f1 | tr '\n' ' ')" \
  "ALARM ALARM ALARM INSUFFICIENT_DATA "

# --- failures that must be one clear sentence ---------------------------------------------------
emu_ctl DELETE requests >/dev/null
emu_ctl POST faults '{"type": "throttle", "service": "cloudformation", "operation": "ListStacks", "count": 2}' >/dev/null
sl stacks --output text
expect_rc "throttled twice, then answered" 0
expect_lines "throttled: the whole list" "$OUT" 204
expect_eq "throttled: two throttled attempts" "$(requests ListStacks 400)" "2"
emu_ctl POST faults '{"type": "throttle", "service": "lambda", "operation": "GetFunction", "count": 1}' >/dev/null
sl function $F --output text
expect_rc "lambda throttled (429), then answered" 0
expect_eq "lambda throttled: nothing on stderr" "$ERR" ""

emu_ctl POST faults '{"type": "error", "status": 500, "service": "monitoring", "operation": "DescribeAlarms", "count": 5}' >/dev/null
run env AWS_MAX_ATTEMPTS=1 "$SLCTL" --endpoint-url "$EMU_URL" alarms
expect_rc "AWS error" 1
expect_lines "AWS error: one sentence" "$ERR" 1
expect_match "AWS error: names the failure" "$ERR" "^slctl: .*InternalFailure|^slctl: .*500"
expect_eq "AWS error: nothing on stdout" "$OUT" ""
emu_ctl DELETE faults >/dev/null

for cmd in stacks functions layers alarms "stack users-api" "function $F" "layer users-deps"; do
  # shellcheck disable=SC2086
  run env AWS_MAX_ATTEMPTS=1 "$SLCTL" --endpoint-url "http://127.0.0.1:9" $cmd
  expect_rc "$cmd, endpoint down" 1
  expect_lines "$cmd, endpoint down: one sentence" "$ERR" 1
  expect_match "$cmd, endpoint down: could not connect" "$ERR" "^slctl: .*Could not connect to 127.0.0.1:9"
done

sl stacks --output bogus
expect_rc "--output bogus" 2
expect_eq "--output bogus: one sentence" "$ERR" 'slctl: --output must be table, json or text, not "bogus".'

# --- an empty region -----------------------------------------------------------------------------
emu_ctl POST reset '{"demo": false}' >/dev/null
sl stacks
expect_rc "no stacks" 0
expect_eq "no stacks: said" "$OUT" "There are no stacks in us-east-1."
sl stacks --output json
expect_eq "no stacks: json" "$OUT" '{
  "StackSummaries": []
}'
sl stacks --output text
expect_eq "no stacks: text is empty" "$OUT" ""
sl alarms --output json
expect_eq "no alarms: json" "$OUT" '{
  "MetricAlarms": [],
  "CompositeAlarms": []
}'
sl functions
expect_eq "no functions: said" "$OUT" "There are no functions in us-east-1."

finish
