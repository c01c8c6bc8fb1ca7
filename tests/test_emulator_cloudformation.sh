#!/bin/sh
# Fidelity of the emulator's CloudFormation (awsQuery 2010-05-15), proven with Debian's
# AWS CLI v2 (/usr/bin/aws 2.9): it must parse and page every answer the way it does AWS's.
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".
. "$(dirname "$0")/lib/harness.sh"

AWS=${SLEMU_AWS_CLI:-/usr/bin/aws}
if [ ! -x "$AWS" ]; then
  echo "SKIP: $AWS not found (Debian package awscli)"; rm -rf "$T"; exit 77
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off
unset PYTHONPATH PYTHONHOME

cfn() { run "$AWS" --endpoint-url "$EMU_URL" --output json cloudformation "$@"; }
cfn_text() { run "$AWS" --endpoint-url "$EMU_URL" --output text cloudformation "$@"; }
# count_requests OP: how many OP calls the emulator has logged
count_requests() {
  emu_ctl GET "requests?service=cloudformation&operation=$1" |
    "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))'
}
# pyjson EXPR: evaluate EXPR with d = the JSON in $OUT
pyjson() { printf '%s' "$OUT" | "$PYTHON3" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

GETUSER=users-api-GetUserFunction-4XJ2K9LQ7ZAB

# --- ListStacks ---------------------------------------------------------------------------
cfn_text list-stacks --query 'StackSummaries[].[StackName,StackStatus]'
expect_rc "list-stacks" 0
expect_eq "list-stacks: newest first, deleted stacks included" "$OUT" "$(printf '%s\t%s\n%s\t%s\n%s\t%s' \
  orders-pipeline UPDATE_ROLLBACK_COMPLETE users-api UPDATE_COMPLETE legacy-cron DELETE_COMPLETE)"

cfn list-stacks --query "StackSummaries[?StackName=='legacy-cron'] | [0]"
expect_match "list-stacks: the deleted stack has a DeletionTime" "$OUT" '"DeletionTime": "[0-9-]+T[0-9:.]+\+00:00"'
LEGACY_ARN=$(pyjson 'd["StackId"]')
expect_match "list-stacks: stack ids are stack ARNs" "$LEGACY_ARN" \
  '^arn:aws:cloudformation:us-east-1:123456789012:stack/legacy-cron/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

cfn list-stacks --query "StackSummaries[?StackName=='orders-pipeline'] | [0]"
expect_match "list-stacks: the rollback reason" "$OUT" \
  '"StackStatusReason": "The following resource\(s\) failed to update: \[OrdersQueue\]. "'
expect_match "list-stacks: drift information" "$OUT" '"StackDriftStatus": "DRIFTED"'
expect_match "list-stacks: template description" "$OUT" '"TemplateDescription": "Orders pipeline: SQS queue and consumer"'

cfn_text list-stacks --stack-status-filter UPDATE_COMPLETE UPDATE_ROLLBACK_COMPLETE --query 'StackSummaries[].StackName'
expect_eq "list-stacks --stack-status-filter" "$OUT" "$(printf 'orders-pipeline\tusers-api')"
cfn_text list-stacks --stack-status-filter DELETE_COMPLETE --query 'StackSummaries[].StackName'
expect_eq "list-stacks: only deleted" "$OUT" "legacy-cron"
cfn list-stacks --stack-status-filter NOT_A_STATUS
expect_rc "list-stacks: bad filter" 254
expect_match "list-stacks: bad filter is a ValidationError" "$ERR" 'ValidationError.*stackStatusFilter'

# --- DescribeStacks -----------------------------------------------------------------------
cfn describe-stacks --stack-name users-api
expect_rc "describe-stacks users-api" 0
expect_eq "describe-stacks: one stack" "$(pyjson 'len(d["Stacks"])')" 1
expect_eq "describe-stacks: status and parameters" \
  "$(pyjson '(lambda s: (s["StackStatus"], {p["ParameterKey"]: p["ParameterValue"] for p in s["Parameters"]}))(d["Stacks"][0])')" \
  "('UPDATE_COMPLETE', {'Stage': 'prod', 'LogLevel': 'info', 'TableBillingMode': 'PAY_PER_REQUEST'})"
expect_eq "describe-stacks: outputs with export names" \
  "$(pyjson '[(o["OutputKey"], o.get("ExportName")) for o in d["Stacks"][0]["Outputs"]]')" \
  "[('ApiUrl', 'users-api-ApiUrl'), ('UsersTableName', None), ('UsersDepsLayerArn', 'users-deps-layer')]"
expect_eq "describe-stacks: tags, capabilities, drift" \
  "$(pyjson '(d["Stacks"][0]["Tags"], d["Stacks"][0]["Capabilities"], d["Stacks"][0]["DriftInformation"]["StackDriftStatus"])')" \
  "([{'Key': 'team', 'Value': 'identity'}, {'Key': 'cost-center', 'Value': 'cc-1042'}], ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'], 'IN_SYNC')"
expect_match "describe-stacks: creation time with milliseconds" "$OUT" '"CreationTime": "[0-9-]+T[0-9:]+\.[0-9]{3}000\+00:00"'
expect_eq "describe-stacks: updated 2 days ago" \
  "$(pyjson 'round((__import__("time").time() - __import__("datetime").datetime.fromisoformat(d["Stacks"][0]["LastUpdatedTime"]).timestamp()) / 86400)')" 2
USERS_ARN=$(pyjson 'd["Stacks"][0]["StackId"]')

cfn describe-stacks --stack-name "$USERS_ARN" --query 'Stacks[0].StackName'
expect_eq "describe-stacks by stack id" "$OUT" '"users-api"'

cfn_text describe-stacks --query 'Stacks[].StackName'
expect_eq "describe-stacks without a name: the live stacks" "$OUT" "$(printf 'orders-pipeline\tusers-api')"

cfn describe-stacks --stack-name nosuch-stack
expect_rc "describe-stacks unknown" 254
expect_match "describe-stacks unknown: ValidationError" "$ERR" \
  'An error occurred \(ValidationError\) when calling the DescribeStacks operation: Stack with id nosuch-stack does not exist'

# --- the deleted stack answers only to its ARN ---------------------------------------------
cfn describe-stacks --stack-name legacy-cron
expect_rc "deleted stack by name" 254
expect_match "deleted stack by name: does not exist" "$ERR" 'Stack with id legacy-cron does not exist'
cfn describe-stacks --stack-name "$LEGACY_ARN"
expect_rc "deleted stack by ARN" 0
expect_eq "deleted stack by ARN: DELETE_COMPLETE with a DeletionTime" \
  "$(pyjson '(d["Stacks"][0]["StackStatus"], "DeletionTime" in d["Stacks"][0])')" "('DELETE_COMPLETE', True)"
cfn_text describe-stack-events --stack-name "$LEGACY_ARN" --query 'StackEvents[0].[LogicalResourceId,ResourceStatus]'
expect_eq "deleted stack: its events by ARN" "$OUT" "$(printf 'legacy-cron\tDELETE_COMPLETE')"
cfn describe-stack-events --stack-name legacy-cron
expect_rc "deleted stack: no events by name" 254
expect_match "deleted stack: events error" "$ERR" 'ValidationError.*Stack \[legacy-cron\] does not exist'

# --- ListStackResources / DescribeStackResource ---------------------------------------------
cfn list-stack-resources --stack-name users-api
expect_rc "list-stack-resources" 0
expect_eq "list-stack-resources: physical ids agree with the demo" \
  "$(pyjson '{r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in d["StackResourceSummaries"]}["GetUserFunction"]')" "$GETUSER"
expect_eq "list-stack-resources: table, layer, API, log group" \
  "$(pyjson '(lambda m: (m["UsersTable"], m["UsersDepsLayer"], m["ServerlessRestApi"], m["GetUserFunctionLogGroup"]))({r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in d["StackResourceSummaries"]})')" \
  "('users-api-UsersTable-1M3T2ZK0Q9XY', 'arn:aws:lambda:us-east-1:123456789012:layer:users-deps:3', 'k3x9q2m1za', '/aws/lambda/$GETUSER')"
expect_eq "list-stack-resources: roles and alarms" \
  "$(pyjson 'sorted({r["ResourceType"] for r in d["StackResourceSummaries"]} & {"AWS::IAM::Role", "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"})')" \
  "['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::IAM::Role']"
expect_eq "list-stack-resources: updated functions" \
  "$(pyjson '{r["LogicalResourceId"]: r["ResourceStatus"] for r in d["StackResourceSummaries"]}["CreateUserFunction"]')" UPDATE_COMPLETE
cfn list-stack-resources --stack-name orders-pipeline --query "StackResourceSummaries[?LogicalResourceId=='OrdersQueue'] | [0]"
expect_match "list-stack-resources: the queue's URL as physical id" "$OUT" \
  '"PhysicalResourceId": "https://sqs.us-east-1.amazonaws.com/123456789012/orders"'
expect_match "list-stack-resources: drift of the modified queue" "$OUT" '"StackResourceDriftStatus": "MODIFIED"'
cfn list-stack-resources --stack-name nosuch-stack
expect_rc "list-stack-resources unknown" 254

cfn describe-stack-resource --stack-name users-api --logical-resource-id GetUserFunction
expect_rc "describe-stack-resource" 0
expect_eq "describe-stack-resource: detail" \
  "$(pyjson '(lambda r: (r["StackName"], r["PhysicalResourceId"], r["ResourceType"], r["ResourceStatus"], r["Metadata"]))(d["StackResourceDetail"])')" \
  "('users-api', '$GETUSER', 'AWS::Lambda::Function', 'UPDATE_COMPLETE', '{\"SamResourceId\":\"GetUserFunction\"}')"
cfn describe-stack-resource --stack-name users-api --logical-resource-id NoSuchThing
expect_rc "describe-stack-resource unknown resource" 254
expect_match "describe-stack-resource unknown resource: message" "$ERR" 'Resource NoSuchThing does not exist for stack users-api'

# --- DescribeStackEvents: newest first, paged by the server --------------------------------
emu_ctl DELETE requests >/dev/null
cfn describe-stack-events --stack-name users-api
expect_rc "describe-stack-events" 0
N_EVENTS=$(pyjson 'len(d["StackEvents"])')
expect_match "describe-stack-events: the whole history (> one page)" "$N_EVENTS" '^1[0-9][0-9]$'
expect_eq "describe-stack-events: the CLI paged" "$(count_requests DescribeStackEvents)" 2
expect_eq "describe-stack-events: newest first" \
  "$(pyjson 'all(a["Timestamp"] >= b["Timestamp"] for a, b in zip(d["StackEvents"], d["StackEvents"][1:]))')" True
expect_eq "describe-stack-events: newest is the last update" \
  "$(pyjson '(d["StackEvents"][0]["LogicalResourceId"], d["StackEvents"][0]["ResourceStatus"])')" "('users-api', 'UPDATE_COMPLETE')"
expect_eq "describe-stack-events: oldest is the creation" \
  "$(pyjson '(d["StackEvents"][-1]["ResourceStatus"], d["StackEvents"][-1]["ResourceStatusReason"])')" "('CREATE_IN_PROGRESS', 'User Initiated')"
expect_eq "describe-stack-events: every resource was created" \
  "$(pyjson 'sum(1 for e in d["StackEvents"] if e.get("ResourceStatusReason") == "Resource creation Initiated" and e["ResourceStatus"] == "CREATE_IN_PROGRESS") == sum(1 for e in d["StackEvents"] if e["ResourceStatus"] == "CREATE_COMPLETE" and e["ResourceType"] != "AWS::CloudFormation::Stack")')" True
expect_eq "describe-stack-events: event ids unique" \
  "$(pyjson 'len({e["EventId"] for e in d["StackEvents"]}) == len(d["StackEvents"])')" True
IDS1=$(pyjson '",".join(e["EventId"] for e in d["StackEvents"])')
cfn describe-stack-events --stack-name users-api
expect_eq "describe-stack-events: event ids are stable" "$(pyjson '",".join(e["EventId"] for e in d["StackEvents"])')" "$IDS1"

cfn describe-stack-events --stack-name users-api --max-items 30
FIRST30=$(pyjson '",".join(e["EventId"] for e in d["StackEvents"])')
TOKEN=$(pyjson 'd["NextToken"]')
cfn describe-stack-events --stack-name users-api --starting-token "$TOKEN" --max-items 80
expect_eq "describe-stack-events: --max-items/--starting-token resume" \
  "$FIRST30,$(pyjson '",".join(e["EventId"] for e in d["StackEvents"])')" \
  "$(printf '%s' "$IDS1" | cut -d, -f1-110)"

cfn describe-stack-events --stack-name orders-pipeline
expect_rc "describe-stack-events orders-pipeline" 0
expect_eq "orders-pipeline: rolled back last" \
  "$(pyjson '[e["ResourceStatus"] for e in d["StackEvents"][:3]]')" \
  "['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']"
expect_eq "orders-pipeline: the failed reasons" \
  "$(pyjson '[(e["LogicalResourceId"], e["ResourceStatusReason"][:60]) for e in d["StackEvents"] if e["ResourceStatus"] == "UPDATE_FAILED"]')" \
  "[('ProcessOrderFunction', 'Resource update cancelled'), ('OrdersQueue', 'Resource handler returned message: \"Invalid value for the pa')]"
expect_match "orders-pipeline: VisibilityTimeout" "$OUT" 'VisibilityTimeout. Reason: must be at least the function timeout'
expect_eq "orders-pipeline: its creation history too" \
  "$(pyjson 'd["StackEvents"][-1]["ResourceStatus"]')" CREATE_IN_PROGRESS
expect_eq "orders-pipeline: resource event ids name the resource" \
  "$(pyjson '[e["EventId"].startswith("OrdersQueue-UPDATE_FAILED-") for e in d["StackEvents"] if e["LogicalResourceId"] == "OrdersQueue" and e["ResourceStatus"] == "UPDATE_FAILED"]')" "[True]"

# --- tailing: events appended through the control API ---------------------------------------
emu_ctl POST cloudformation/events '{"stack":"users-api","events":[
  {"status":"UPDATE_IN_PROGRESS","reason":"User Initiated"},
  {"logical_id":"GetUserFunction","status":"UPDATE_IN_PROGRESS"}]}' >"$T/ctl.out"
expect_match "control: events appended" "$(cat "$T/ctl.out")" '"stack_status": "UPDATE_IN_PROGRESS"'
cfn_text describe-stack-events --stack-name users-api --max-items 3 --query 'StackEvents[].[LogicalResourceId,ResourceStatus]'
expect_eq "tail: the new events come first" "$(printf '%s' "$OUT" | head -3)" "$(printf '%s\t%s\n%s\t%s\n%s\t%s' \
  GetUserFunction UPDATE_IN_PROGRESS users-api UPDATE_IN_PROGRESS users-api UPDATE_COMPLETE)"
cfn_text describe-stacks --stack-name users-api --query 'Stacks[0].StackStatus'
expect_eq "tail: the stack status follows its events" "$OUT" UPDATE_IN_PROGRESS
emu_ctl POST cloudformation/events '{"stack":"users-api","events":[
  {"logical_id":"GetUserFunction","status":"UPDATE_COMPLETE"},
  {"status":"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"},{"status":"UPDATE_COMPLETE"}]}' >/dev/null
cfn describe-stack-events --stack-name users-api --query 'StackEvents[0:5].ResourceStatus'
expect_eq "tail: a second batch" "$(pyjson 'd')" \
  "['UPDATE_COMPLETE', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']"

# --- many stacks: the CLI pages through them --------------------------------------------------
emu_ctl POST cloudformation/stacks '{"count":250,"prefix":"bench-stack-","resources":4}' >"$T/ctl.out"
expect_match "control: 250 stacks added" "$(cat "$T/ctl.out")" '"count": 250'
emu_ctl DELETE requests >/dev/null
cfn list-stacks --query 'StackSummaries[].StackName'
expect_rc "list-stacks over 253 stacks" 0
expect_eq "list-stacks: all 253 stacks across pages" "$(pyjson 'len(d)')" 253
expect_eq "list-stacks: no duplicates across pages" "$(pyjson 'len(set(d))')" 253
expect_eq "list-stacks: the CLI followed NextToken" "$(count_requests ListStacks)" 3
expect_eq "list-stacks: newest first across pages" "$(pyjson 'd[:2] + d[-3:]')" \
  "['bench-stack-0250', 'bench-stack-0249', 'orders-pipeline', 'users-api', 'legacy-cron']"
cfn list-stacks --stack-status-filter DELETE_COMPLETE --query 'StackSummaries[].StackName'
expect_eq "list-stacks: filtered over the pages" "$(pyjson 'd')" "['legacy-cron']"
cfn describe-stacks --query 'length(Stacks)'
expect_eq "describe-stacks: all live stacks across pages" "$OUT" 252
cfn describe-stack-events --stack-name bench-stack-0007
expect_eq "bench stack: creation history of 4 resources" "$(pyjson 'len(d["StackEvents"])')" 14
cfn_text list-stack-resources --stack-name bench-stack-0007 --query 'StackResourceSummaries[].ResourceStatus'
expect_eq "bench stack: its resources" "$OUT" "$(printf 'CREATE_COMPLETE\tCREATE_COMPLETE\tCREATE_COMPLETE\tCREATE_COMPLETE')"

cfn_text list-exports --query 'Exports[].Name'
expect_eq "list-exports" "$OUT" "$(printf 'users-api-ApiUrl\tusers-deps-layer')"

finish
