#!/bin/sh
# Fidelity of the emulator's CloudWatch (2010-08-01) with Debian's AWS CLI v2 (/usr/bin/aws
# 2.9, which speaks awsQuery to CloudWatch): alarms, alarm history, SetAlarmState, metric data
# and statistics, and a throttling fault the CLI retries through.
# Exit 0 when all checks pass, 77 (skip) without /usr/bin/aws, 1 otherwise.
# The last line is "N passed, M failed".
. "$(dirname "$0")/lib/harness.sh"

AWS=${SLEMU_AWS_CLI:-/usr/bin/aws}
if [ ! -x "$AWS" ]; then
  echo "SKIP: $AWS not found (Debian package awscli)"; rm -rf "$T"; exit 77
fi

emu_start --demo
export AWS_ACCESS_KEY_ID=$EMU_KEY AWS_SECRET_ACCESS_KEY=$EMU_SECRET AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3
unset PYTHONPATH PYTHONHOME

cw() { run "$AWS" --endpoint-url "$EMU_URL" --output json cloudwatch "$@"; }
count_requests() {
  emu_ctl GET "requests?service=monitoring&operation=$1" |
    "$PYTHON3" -c 'import json,sys; r=json.load(sys.stdin)["requests"]; print(len(r), sum(1 for e in r if e["status"] != 200))'
}
pyjson() { printf '%s' "$OUT" | "$PYTHON3" -c "import json,sys,datetime,time; d=json.load(sys.stdin); print($1)"; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

GETUSER=users-api-GetUserFunction-4XJ2K9LQ7ZAB
CREATEUSER=users-api-CreateUserFunction-9PL2MX0WQ1RT
ORDERS=orders-pipeline-ProcessOrderFunction-QW81LZ0XK2PD
NOW=$(date +%s)
END=$((NOW / 60 * 60))

# --- DescribeAlarms ---------------------------------------------------------------------------
cw describe-alarms
expect_rc "describe-alarms" 0
expect_eq "describe-alarms: metric alarms only by default" \
  "$(pyjson '([a["AlarmName"] for a in d["MetricAlarms"]], d["CompositeAlarms"])')" \
  "(['orders-pipeline-ProcessOrder-Throttles', 'users-api-CreateUser-Duration-p99', 'users-api-GetUser-Errors', 'users-api-SlowReport-Errors'], [])"
expect_eq "describe-alarms: states" "$(pyjson '[a["StateValue"] for a in d["MetricAlarms"]]')" \
  "['INSUFFICIENT_DATA', 'OK', 'ALARM', 'ALARM']"
GU='[a for a in d["MetricAlarms"] if a["AlarmName"] == "users-api-GetUser-Errors"][0]'
expect_eq "describe-alarms: the GetUser alarm's metric" \
  "$(pyjson "(lambda a: (a['Namespace'], a['MetricName'], a['Statistic'], a['Dimensions'], a['Period'], a['Threshold'], a['ComparisonOperator']))($GU)")" \
  "('AWS/Lambda', 'Errors', 'Sum', [{'Name': 'FunctionName', 'Value': '$GETUSER'}], 60, 5.0, 'GreaterThanThreshold')"
expect_eq "describe-alarms: actions" \
  "$(pyjson "(lambda a: (a['ActionsEnabled'], a['AlarmActions'], a['AlarmArn']))($GU)")" \
  "(True, ['arn:aws:sns:us-east-1:123456789012:users-api-alerts'], 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:users-api-GetUser-Errors')"
expect_match "describe-alarms: the reason names its datapoint's time" "$(pyjson "$GU['StateReason']")" \
  '^Threshold Crossed: 1 out of the last 1 datapoints \[17\.0 \([0-9]{2}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:00\)\] was greater than the threshold \(5\.0\)'
expect_eq "describe-alarms: in ALARM for 25 minutes" \
  "$(pyjson "round((time.time() - datetime.datetime.fromisoformat($GU['StateUpdatedTimestamp']).timestamp()) / 60)")" 25
expect_eq "describe-alarms: reason data is JSON" \
  "$(pyjson "json.loads($GU['StateReasonData'])['recentDatapoints']")" "[17.0]"
expect_eq "describe-alarms: the p99 alarm" \
  "$(pyjson '[(a["ExtendedStatistic"], a["Period"], a["EvaluationPeriods"]) for a in d["MetricAlarms"] if a["MetricName"] == "Duration"]')" \
  "[('p99', 300, 3)]"

cw describe-alarms --alarm-types MetricAlarm CompositeAlarm
expect_eq "describe-alarms --alarm-types MetricAlarm CompositeAlarm" \
  "$(pyjson '(len(d["MetricAlarms"]), [(a["AlarmName"], a["StateValue"]) for a in d["CompositeAlarms"]])')" \
  "(4, [('users-api-health', 'ALARM')])"
expect_match "describe-alarms: the composite rule" "$(pyjson 'd["CompositeAlarms"][0]["AlarmRule"]')" \
  '^ALARM\("users-api-GetUser-Errors"\) OR ALARM\("users-api-CreateUser-Duration-p99"\)$'
cw describe-alarms --alarm-types CompositeAlarm
expect_eq "describe-alarms --alarm-types CompositeAlarm" \
  "$(pyjson '(len(d["MetricAlarms"]), len(d["CompositeAlarms"]))')" "(0, 1)"

cw describe-alarms --state-value ALARM
expect_eq "describe-alarms --state-value ALARM" "$(pyjson '[a["AlarmName"] for a in d["MetricAlarms"]]')" \
  "['users-api-GetUser-Errors', 'users-api-SlowReport-Errors']"
cw describe-alarms --state-value INSUFFICIENT_DATA --alarm-types MetricAlarm CompositeAlarm
expect_eq "describe-alarms --state-value INSUFFICIENT_DATA" "$(pyjson '[a["AlarmName"] for a in d["MetricAlarms"] + d["CompositeAlarms"]]')" \
  "['orders-pipeline-ProcessOrder-Throttles']"
cw describe-alarms --alarm-name-prefix users-api-G
expect_eq "describe-alarms --alarm-name-prefix" "$(pyjson '[a["AlarmName"] for a in d["MetricAlarms"]]')" "['users-api-GetUser-Errors']"
cw describe-alarms --alarm-names users-api-SlowReport-Errors users-api-health nosuch --alarm-types MetricAlarm CompositeAlarm
expect_eq "describe-alarms --alarm-names" "$(pyjson '[a["AlarmName"] for a in d["MetricAlarms"] + d["CompositeAlarms"]]')" \
  "['users-api-SlowReport-Errors', 'users-api-health']"
cw describe-alarms --state-value BROKEN
expect_rc "describe-alarms: bad state" 254
expect_match "describe-alarms: bad state is a ValidationError" "$ERR" "ValidationError.*stateValue"

cw describe-alarms --max-items 2
expect_eq "describe-alarms --max-items 2" "$(pyjson '[a["AlarmName"] for a in d["MetricAlarms"]]')" \
  "['orders-pipeline-ProcessOrder-Throttles', 'users-api-CreateUser-Duration-p99']"
TOKEN=$(pyjson 'd["NextToken"]')
cw describe-alarms --max-items 2 --starting-token "$TOKEN"
expect_eq "describe-alarms --starting-token" "$(pyjson '([a["AlarmName"] for a in d["MetricAlarms"]], "NextToken" in d)')" \
  "(['users-api-GetUser-Errors', 'users-api-SlowReport-Errors'], False)"
emu_ctl DELETE requests >/dev/null
cw describe-alarms --page-size 1 --alarm-types MetricAlarm CompositeAlarm
expect_eq "describe-alarms --page-size 1: all five" "$(pyjson 'len(d["MetricAlarms"]) + len(d["CompositeAlarms"])')" 5
expect_eq "describe-alarms --page-size 1: five pages" "$(count_requests DescribeAlarms)" "5 0"
cw describe-alarms --max-records 101
expect_rc "describe-alarms --max-records 101" 254
expect_match "describe-alarms --max-records 101: ValidationError" "$ERR" "ValidationError.*maxRecords.*less than or equal to 100"

# --- DescribeAlarmHistory ------------------------------------------------------------------
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --history-item-type StateUpdate
expect_rc "describe-alarm-history" 0
expect_eq "describe-alarm-history: newest first" \
  "$(pyjson '[h["HistorySummary"] for h in d["AlarmHistoryItems"]]')" \
  "['Alarm updated from OK to ALARM', 'Alarm updated from ALARM to OK', 'Alarm updated from OK to ALARM']"
expect_eq "describe-alarm-history: HistoryData like AWS's" \
  "$(pyjson '(lambda h: (h["version"], h["oldState"]["stateValue"], h["newState"]["stateValue"], h["newState"]["stateReasonData"]["recentDatapoints"]))(json.loads(d["AlarmHistoryItems"][0]["HistoryData"]))')" \
  "('1.0', 'OK', 'ALARM', [17.0])"
expect_eq "describe-alarm-history: item fields" \
  "$(pyjson '(lambda h: (h["AlarmName"], h["AlarmType"], h["HistoryItemType"]))(d["AlarmHistoryItems"][0])')" \
  "('users-api-GetUser-Errors', 'MetricAlarm', 'StateUpdate')"
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --history-item-type StateUpdate --scan-by TimestampAscending
expect_eq "describe-alarm-history --scan-by TimestampAscending" \
  "$(pyjson 'd["AlarmHistoryItems"][-1]["HistorySummary"]')" "Alarm updated from OK to ALARM"
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --start-date "$(iso $((NOW - 3600)))"
expect_eq "describe-alarm-history --start-date: the last hour" \
  "$(pyjson '[h["HistoryItemType"] for h in d["AlarmHistoryItems"]]')" "['Action', 'StateUpdate']"
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --end-date "$(iso $((NOW - 3600)))" --history-item-type StateUpdate
expect_eq "describe-alarm-history --end-date" "$(pyjson 'len(d["AlarmHistoryItems"])')" 2
cw describe-alarm-history --alarm-types CompositeAlarm
expect_eq "describe-alarm-history: composite alarms on request" \
  "$(pyjson 'sorted({h["AlarmName"] for h in d["AlarmHistoryItems"]})')" "['users-api-health']"
cw describe-alarm-history
ALL_HISTORY=$(pyjson 'len(d["AlarmHistoryItems"])')
expect_eq "describe-alarm-history: metric alarms by default" \
  "$(pyjson '{h["AlarmType"] for h in d["AlarmHistoryItems"]}')" "{'MetricAlarm'}"
emu_ctl DELETE requests >/dev/null
cw describe-alarm-history --page-size 3
expect_eq "describe-alarm-history --page-size 3: the same items" "$(pyjson 'len(d["AlarmHistoryItems"])')" "$ALL_HISTORY"
expect_eq "describe-alarm-history --page-size 3: paged" "$(count_requests DescribeAlarmHistory)" \
  "$(( (ALL_HISTORY + 2) / 3 )) 0"

# --- SetAlarmState ---------------------------------------------------------------------------
cw set-alarm-state --alarm-name users-api-GetUser-Errors --state-value OK --state-reason "test: back to normal"
expect_rc "set-alarm-state" 0
expect_eq "set-alarm-state: no output" "$OUT" ""
cw describe-alarms --alarm-names users-api-GetUser-Errors
expect_eq "set-alarm-state: describe-alarms shows it" \
  "$(pyjson '(d["MetricAlarms"][0]["StateValue"], d["MetricAlarms"][0]["StateReason"])')" "('OK', 'test: back to normal')"
expect_eq "set-alarm-state: updated just now" \
  "$(pyjson 'abs(time.time() - datetime.datetime.fromisoformat(d["MetricAlarms"][0]["StateUpdatedTimestamp"]).timestamp()) < 60')" True
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --history-item-type StateUpdate --max-items 1
expect_eq "set-alarm-state: history" "$(pyjson 'd["AlarmHistoryItems"][0]["HistorySummary"]')" "Alarm updated from ALARM to OK"
cw describe-alarms --alarm-names users-api-health --alarm-types CompositeAlarm
expect_eq "set-alarm-state: the composite follows its children" "$(pyjson 'd["CompositeAlarms"][0]["StateValue"]')" OK
cw set-alarm-state --alarm-name users-api-CreateUser-Duration-p99 --state-value ALARM --state-reason "test: slow" \
  --state-reason-data '{"note":"manual"}'
cw describe-alarms --state-value ALARM --alarm-types MetricAlarm CompositeAlarm
expect_eq "set-alarm-state ALARM: both alarms" \
  "$(pyjson 'sorted(a["AlarmName"] for a in d["MetricAlarms"] + d["CompositeAlarms"])')" \
  "['users-api-CreateUser-Duration-p99', 'users-api-SlowReport-Errors', 'users-api-health']"
cw set-alarm-state --alarm-name nosuch-alarm --state-value OK --state-reason x
expect_rc "set-alarm-state unknown alarm" 254
expect_match "set-alarm-state unknown alarm: ResourceNotFound" "$ERR" 'ResourceNotFound.*Alarm nosuch-alarm not found'
cw set-alarm-state --alarm-name users-api-GetUser-Errors --state-value OK --state-reason x --state-reason-data 'not json'
expect_rc "set-alarm-state bad reason data" 254
expect_match "set-alarm-state bad reason data: InvalidFormat" "$ERR" 'InvalidFormat'

# --- GetMetricData -----------------------------------------------------------------------------
metric() { # ID FUNCTION METRIC STAT PERIOD [ReturnData]
  printf '{"Id":"%s","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"%s","Dimensions":[{"Name":"FunctionName","Value":"%s"}]},"Period":%s,"Stat":"%s"}%s}' \
    "$1" "$3" "$2" "$5" "$4" "${6:+,\"ReturnData\":$6}"
}
START=$((END - 3 * 3600))
cw get-metric-data --start-time "$(iso $START)" --end-time "$(iso $END)" --metric-data-queries \
  "[$(metric inv $GETUSER Invocations Sum 300),$(metric p99 $GETUSER Duration p99 300),$(metric err $GETUSER Errors Sum 300 false),{\"Id\":\"rate\",\"Expression\":\"100*err/inv\",\"Label\":\"Error rate\"}]"
expect_rc "get-metric-data" 0
expect_eq "get-metric-data: results" "$(pyjson '[(r["Id"], r["Label"], r["StatusCode"], len(r["Timestamps"]), len(r["Values"])) for r in d["MetricDataResults"]]')" \
  "[('inv', 'Invocations', 'Complete', 36, 36), ('p99', 'Duration', 'Complete', 36, 36), ('rate', 'Error rate', 'Complete', 36, 36)]"
expect_eq "get-metric-data: newest first, 5-minute steps" \
  "$(pyjson '(lambda ts: all(a - b == 300 for a, b in zip(ts, ts[1:])))([datetime.datetime.fromisoformat(t).timestamp() for t in d["MetricDataResults"][0]["Timestamps"]])')" True
expect_eq "get-metric-data: EndTime exclusive, StartTime inclusive" \
  "$(pyjson '(datetime.datetime.fromisoformat(d["MetricDataResults"][0]["Timestamps"][0]).timestamp(), datetime.datetime.fromisoformat(d["MetricDataResults"][0]["Timestamps"][-1]).timestamp())')" \
  "($((END - 300)).0, $START.0)"
expect_eq "get-metric-data: invocations are counts" \
  "$(pyjson 'all(v == int(v) and v > 0 for v in d["MetricDataResults"][0]["Values"])')" True
expect_eq "get-metric-data: p99 durations of a few hundred ms" \
  "$(pyjson 'all(40 < v < 2000 for v in d["MetricDataResults"][1]["Values"])')" True
expect_eq "get-metric-data: the error rate rises in the last 30 minutes" \
  "$(pyjson '(lambda r: min(r[:5]) > 3 * max(r[8:]))(d["MetricDataResults"][2]["Values"])')" True

cw get-metric-data --start-time "$(iso $START)" --end-time "$(iso $END)" --scan-by TimestampAscending \
  --metric-data-queries "[$(metric inv $CREATEUSER Invocations Sum 3600)]"
expect_eq "get-metric-data --scan-by TimestampAscending" \
  "$(pyjson '(lambda ts: ts == sorted(ts) and len(ts) == 3)(d["MetricDataResults"][0]["Timestamps"])')" True

# the alarm's datapoint is in the metric data
cw describe-alarm-history --alarm-name users-api-GetUser-Errors --history-item-type StateUpdate --scan-by TimestampDescending
POINT=$(pyjson '[json.loads(h["HistoryData"])["newState"]["stateReasonData"]["evaluatedDatapoints"][0]["timestamp"] for h in d["AlarmHistoryItems"] if h["HistorySummary"].endswith("to ALARM")][0]')
PSEC=$(date -u -d "$(printf '%s' "$POINT" | sed 's/\.000+0000$/Z/')" +%s)
cw get-metric-data --start-time "$(iso $PSEC)" --end-time "$(iso $((PSEC + 60)))" --metric-data-queries "[$(metric e $GETUSER Errors Sum 60)]"
expect_eq "get-metric-data: 17 errors in the minute the alarm fired on" "$(pyjson 'd["MetricDataResults"][0]["Values"]')" "[17.0]"

cw get-metric-data --start-time "$(iso $((END - 86400)))" --end-time "$(iso $END)" \
  --metric-data-queries "[$(metric t $ORDERS Throttles Sum 60)]"
expect_eq "get-metric-data: no throttles is absent, not zero" \
  "$(pyjson '(d["MetricDataResults"][0]["Timestamps"], d["MetricDataResults"][0]["Values"], d["MetricDataResults"][0]["StatusCode"])')" \
  "([], [], 'Complete')"

DAYQ="[$(metric inv $GETUSER Invocations Sum 60)]"
cw get-metric-data --start-time "$(iso $((END - 86400)))" --end-time "$(iso $END)" --metric-data-queries "$DAYQ"
FULL=$(pyjson 'len(d["MetricDataResults"][0]["Values"])')
FULLSUM=$(pyjson 'sum(d["MetricDataResults"][0]["Values"])')
expect_match "get-metric-data: a day of minutes" "$FULL" '^14[0-9][0-9]$'
emu_ctl DELETE requests >/dev/null
cw get-metric-data --start-time "$(iso $((END - 86400)))" --end-time "$(iso $END)" --metric-data-queries "$DAYQ" --page-size 500
expect_rc "get-metric-data --page-size 500" 0
expect_eq "get-metric-data: paged with MaxDatapoints" "$(count_requests GetMetricData)" "3 0"
expect_eq "get-metric-data: pages add up" \
  "$(pyjson '(sum(len(r["Values"]) for r in d["MetricDataResults"]), sum(sum(r["Values"]) for r in d["MetricDataResults"]))')" "($FULL, $FULLSUM)"
expect_eq "get-metric-data: PartialData, then Complete" \
  "$(pyjson '[r["StatusCode"] for r in d["MetricDataResults"]]')" "['PartialData', 'PartialData', 'Complete']"

cw get-metric-data --start-time "$(iso $START)" --end-time "$(iso $END)" \
  --metric-data-queries '[{"Id":"Bad-Id","Expression":"1"}]'
expect_rc "get-metric-data: bad Id" 254
expect_match "get-metric-data: bad Id is a ValidationError" "$ERR" 'ValidationError.*Bad-Id'
cw get-metric-data --start-time "$(iso $START)" --end-time "$(iso $END)" \
  --metric-data-queries "[$(metric inv $GETUSER Invocations Sum 90)]"
expect_rc "get-metric-data: period not a multiple of 60" 254
cw get-metric-data --start-time "$(iso $END)" --end-time "$(iso $START)" \
  --metric-data-queries "[$(metric inv $GETUSER Invocations Sum 60)]"
expect_rc "get-metric-data: StartTime after EndTime" 254

# --- GetMetricStatistics -----------------------------------------------------------------------
HSTART=$((END - 3600))
cw get-metric-statistics --namespace AWS/Lambda --metric-name Invocations \
  --dimensions Name=FunctionName,Value=$GETUSER --start-time "$(iso $HSTART)" --end-time "$(iso $END)" \
  --period 3600 --statistics Sum SampleCount
expect_rc "get-metric-statistics" 0
HOURSUM=$(pyjson 'd["Datapoints"][0]["Sum"]')
expect_eq "get-metric-statistics: one hour" "$(pyjson '(d["Label"], len(d["Datapoints"]), d["Datapoints"][0]["Unit"], d["Datapoints"][0]["Sum"] == d["Datapoints"][0]["SampleCount"])')" \
  "('Invocations', 1, 'Count', True)"
cw get-metric-data --start-time "$(iso $HSTART)" --end-time "$(iso $END)" --metric-data-queries "[$(metric inv $GETUSER Invocations Sum 60)]"
expect_eq "get-metric-statistics agrees with get-metric-data" "$(pyjson 'sum(d["MetricDataResults"][0]["Values"])')" "$HOURSUM"
cw get-metric-statistics --namespace AWS/Lambda --metric-name Duration \
  --dimensions Name=FunctionName,Value=$CREATEUSER --start-time "$(iso $HSTART)" --end-time "$(iso $END)" \
  --period 300 --statistics Average Maximum Minimum --extended-statistics p50 p99
expect_eq "get-metric-statistics: Duration in ms with percentiles" \
  "$(pyjson '(len(d["Datapoints"]), {p["Unit"] for p in d["Datapoints"]}, all(p["Minimum"] <= p["ExtendedStatistics"]["p50"] <= p["ExtendedStatistics"]["p99"] <= p["Maximum"] and p["Minimum"] <= p["Average"] <= p["Maximum"] for p in d["Datapoints"]), all(200 < p["ExtendedStatistics"]["p99"] < 3000 for p in d["Datapoints"]))')" \
  "(12, {'Milliseconds'}, True, True)"
cw get-metric-statistics --namespace AWS/Lambda --metric-name Invocations --start-time "$(iso $((END - 86400 * 2)))" \
  --end-time "$(iso $END)" --period 60 --statistics Sum
expect_rc "get-metric-statistics: too many datapoints" 254
expect_match "get-metric-statistics: too many datapoints: InvalidParameterCombination" "$ERR" 'InvalidParameterCombination.*2,880 datapoints'
cw get-metric-statistics --namespace AWS/Lambda --metric-name Invocations --start-time "$(iso $HSTART)" \
  --end-time "$(iso $END)" --period 3600 --statistics Sum
expect_eq "get-metric-statistics: no dimensions = all functions" "$(pyjson 'd["Datapoints"][0]["Sum"] > '"$HOURSUM")" True

# --- metrics recorded through the store API (as Lambda's Invoke does) --------------------------
emu_ctl POST monitoring/metrics "{\"function\":\"$ORDERS\",\"metric\":\"Throttles\",\"points\":[[$((END - 120)),1],[$((END - 120)),1],[$((END - 60)),1]]}" >/dev/null
cw get-metric-data --start-time "$(iso $((END - 600)))" --end-time "$(iso $((END + 60)))" \
  --metric-data-queries "[$(metric t $ORDERS Throttles Sum 60)]" --scan-by TimestampAscending
expect_eq "recorded throttles appear" "$(pyjson 'd["MetricDataResults"][0]["Values"]')" "[2.0, 1.0]"

# --- throttling: the CLI retries through it ---------------------------------------------------
emu_ctl DELETE requests >/dev/null
emu_ctl POST faults '{"type":"throttle","service":"monitoring","operation":"DescribeAlarms","count":2}' >/dev/null
cw describe-alarms --alarm-names users-api-GetUser-Errors
expect_rc "throttled twice, then answered" 0
expect_eq "throttled: the alarm after retries" "$(pyjson 'd["MetricAlarms"][0]["AlarmName"]')" users-api-GetUser-Errors
expect_eq "throttled: three attempts, two throttled" "$(count_requests DescribeAlarms)" "3 2"
emu_ctl POST faults '{"type":"throttle","service":"monitoring","operation":"DescribeAlarms","count":5}' >/dev/null
cw describe-alarms
expect_rc "throttled beyond max attempts" 254
expect_match "throttled beyond max attempts: Throttling" "$ERR" 'Throttling.*Rate exceeded'
emu_ctl DELETE faults >/dev/null

finish
