"""CloudWatch (2010-08-01), spoken both ways AWS speaks it:

* awsQuery (form body, Action=..., XML answers with ISO timestamps) -- what
  Debian's AWS CLI 2.9 and slctl use;
* awsJson 1.0 (X-Amz-Target GraniteServiceVersion20100801.<Op>, epoch-second
  timestamps), awsQuery-compatible: errors carry x-amzn-query-error.

Operations: DescribeAlarms, DescribeAlarmHistory, SetAlarmState,
EnableAlarmActions, DisableAlarmActions, DeleteAlarms, GetMetricData,
GetMetricStatistics, ListMetrics, PutMetricData.

Alarms and their history live in the region state ("alarms", "history");
metrics in slemu.metricdata.  The demo alarms come from demo.ALARMS, the
demo metrics are synthetic (metricdata.seed_demo) and agree with them.

Control endpoints (POST, JSON):
  /__emulator/monitoring/alarms
      {"count": N, "prefix": "bench-alarm-", "state": "OK"|"ALARM"|...,
       "function": "fn name"?, "metric": "Errors"?, "composite": false?}
      or {"alarms": [{"name", "state", "function", "metric", "statistic" |
      "extended_statistic", "threshold", "comparison", "period",
      "evaluation_periods", "reason", "since", "composite", "rule"}]}
      (optional "account", "region") -> {"names": [...]}
  /__emulator/monitoring/metrics
      {"function": "fn", "metric": "Invocations", "points": [[ts, value],
       ...]} or {"namespace", "metric", "dimensions": {..}, "points": ...}
      ts: epoch seconds or ISO; a point may be [ts, value, count]
      -> {"recorded": N}
"""

import base64
import datetime
import hashlib
import json
import math
import re

from .. import demo as demo_app
from .. import metricdata
from ..protocols import XmlMap, unflatten
from ..service import AwsError, Service

SERVICE = Service(
    signing_name="monitoring", protocol=("query", "json"),
    api_version="2010-08-01",
    xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/",
    target_prefix="GraniteServiceVersion20100801", json_version="1.0",
    query_compatible=True)

HOUR = 3600
DAY = 86400
HISTORY_DAYS = 30
STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")
ALARM_TYPES = ("CompositeAlarm", "MetricAlarm", "LogAlarm")
COMPARISONS = {
    "GreaterThanThreshold": "greater than",
    "GreaterThanOrEqualToThreshold": "greater than or equal to",
    "LessThanThreshold": "less than",
    "LessThanOrEqualToThreshold": "less than or equal to",
}
ID_RE = re.compile(r"^[a-z][a-zA-Z0-9_]*$")
MAX_DATAPOINTS_DEFAULT = 100800

_JSON_CODES = {
    "InvalidParameterValue": "InvalidParameterValueException",
    "InvalidParameterCombination": "InvalidParameterCombinationException",
    "MissingParameter": "MissingRequiredParameterException",
    "InvalidFormat": "InvalidFormatFault",
    "LimitExceeded": "LimitExceededFault",
    "InternalServiceError": "InternalServiceFault",
}


# ------------------------------------------------------------------ helpers

def _err(ctx, code, message, status=400):
    """An error in the caller's protocol: the query code, or the JSON shape
    name with the query code in x-amzn-query-error."""
    shown = _JSON_CODES.get(code, code) if ctx is not None and \
        ctx.protocol == "json" else code
    return AwsError(shown, message, status, query_code=code)


class _Validation:
    def __init__(self, ctx):
        self.ctx = ctx
        self.errors = []

    def add(self, value, member, constraint):
        self.errors.append("Value '%s' at '%s' failed to satisfy constraint: "
                           "%s" % (value, member, constraint))

    def enum(self, value, member, allowed):
        if value is not None and value not in allowed:
            self.add(value, member, "Member must satisfy enum value set: "
                     "[%s]" % ", ".join(allowed))

    def length(self, value, member, lo, hi):
        if value is None:
            return
        if len(value) < lo:
            self.add(value, member, "Member must have length greater than or "
                     "equal to %d" % lo)
        elif len(value) > hi:
            self.add(value, member, "Member must have length less than or "
                     "equal to %d" % hi)

    def int_range(self, value, member, lo, hi):
        if value is None:
            return
        if value < lo:
            self.add(value, member, "Member must have value greater than or "
                     "equal to %d" % lo)
        elif value > hi:
            self.add(value, member, "Member must have value less than or "
                     "equal to %d" % hi)

    def raise_if_any(self):
        if self.errors:
            n = len(self.errors)
            raise _err(self.ctx, "ValidationError",
                       "%d validation error%s detected: %s"
                       % (n, "" if n == 1 else "s", "; ".join(self.errors)))


def _input(ctx):
    """The request as nested data, whatever the protocol."""
    if ctx.protocol == "json":
        body = ctx.json()
        if not isinstance(body, dict):
            raise AwsError("SerializationException", "Start of structure or "
                           "map found where not expected.", 400)
        return body
    return unflatten({k: v for k, v in ctx.params.items()
                      if k not in ("Action", "Version")})


def _list(v):
    if v is None or v == "":
        return []
    if isinstance(v, list):
        return v
    if isinstance(v, dict) and set(v) == {"member"}:
        return _list(v["member"])
    return [v]


def _str(inp, key):
    v = inp.get(key)
    if v is None or isinstance(v, (dict, list)):
        return None
    return str(v)


def _int(ctx, inp, key):
    v = inp.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise _err(ctx, "ValidationError", "Value %s for parameter %s is "
                   "invalid." % (v, key))
    try:
        return int(v)
    except (TypeError, ValueError):
        raise _err(ctx, "ValidationError", "Value '%s' for parameter %s is "
                   "invalid. Must be an integer." % (v, key))


def _num(ctx, v, key):
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise _err(ctx, "InvalidParameterValue", "The value %s for parameter "
                   "%s is not a number." % (v, key))
    if math.isnan(f) or math.isinf(f):
        raise _err(ctx, "InvalidParameterValue", "The value %s for parameter "
                   "%s is not valid." % (v, key))
    return f


def _bool(v, default):
    if v is None or v == "":
        return default
    if isinstance(v, bool):
        return v
    return str(v).lower() == "true"


_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(v):
    """ISO 8601 (query) or epoch seconds (JSON, or a numeric string)."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip()
    try:
        return float(s)
    except ValueError:
        pass
    m = _ISO_RE.match(s)
    if not m:
        raise ValueError(s)
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    dt = datetime.datetime(int(y), int(mo), int(d), int(hh or 0),
                           int(mi or 0), int(ss or 0),
                           tzinfo=datetime.timezone.utc)
    ts = dt.timestamp()
    if frac:
        ts += float("0." + frac)
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        ts -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return ts


def _time(ctx, inp, key, required=False):
    v = inp.get(key)
    if v is None or v == "":
        if required:
            raise _err(ctx, "MissingParameter", "The parameter %s is "
                       "required." % key)
        return None
    try:
        return parse_time(v)
    except (ValueError, OverflowError):
        raise _err(ctx, "InvalidParameterValue", "The parameter %s has an "
                   "invalid format: %s" % (key, v))


def _dt(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)


def _ms_iso(ts):
    """'2024-05-01T12:00:00.000+0000' as in alarm reason data."""
    dt = _dt(ts)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+0000" % (
        dt.microsecond // 1000)


def _reason_time(ts):
    """The datapoint time in a state reason: (dd/MM/yy HH:mm:ss)."""
    return _dt(ts).strftime("%d/%m/%y %H:%M:%S")


def _long_time(ts):
    return _dt(ts).strftime("%A %d %B, %Y %H:%M:%S UTC")


def _token(data):
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _untoken(ctx, token, what="NextToken"):
    try:
        pad = "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(token + pad).decode())
        if not isinstance(data, dict):
            raise ValueError
        return data
    except (ValueError, UnicodeDecodeError, TypeError):
        raise _err(ctx, "InvalidNextToken", "The service couldn't process "
                   "your request because the %s is invalid." % what)


def _fingerprint(obj):
    raw = json.dumps(obj, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def _state(store, account, region):
    st = store.region_state("monitoring", account, region)
    st.setdefault("alarms", {})
    st.setdefault("history", [])
    return st


def _cw_state(ctx):
    return _state(ctx.store, ctx.account_id, ctx.region)


# ------------------------------------------------------------- alarm model

def _alarm_arn(account, region, name):
    return "arn:aws:cloudwatch:%s:%s:alarm:%s" % (region, account, name)


def _topic(account, region, stack):
    return "arn:aws:sns:%s:%s:%s-alerts" % (region, account, stack)


def _new_metric_alarm(account, region, spec, now):
    name = spec["name"]
    since = float(spec.get("since", HOUR))
    fn = spec.get("function")
    stack = spec.get("stack") or "-".join(name.split("-")[:2])
    topic = spec.get("topic") or _topic(account, region, stack)
    alarm = {
        "type": "MetricAlarm", "name": name,
        "arn": _alarm_arn(account, region, name),
        "description": spec.get("description"),
        "config_updated": now - float(spec.get("created", 40 * DAY)),
        "actions_enabled": bool(spec.get("actions_enabled", True)),
        "ok_actions": list(spec.get("ok_actions", [topic])),
        "alarm_actions": list(spec.get("alarm_actions", [topic])),
        "insufficient_actions": list(spec.get("insufficient_actions", [])),
        "state": spec.get("state", "OK"),
        "reason": spec.get("reason") or "",
        "reason_data": None,
        "state_updated": now - since,
        "state_transitioned": now - since,
        "metric": spec.get("metric", "Errors"),
        "namespace": spec.get("namespace", metricdata.LAMBDA_NS),
        "statistic": None if spec.get("extended_statistic") else
        spec.get("statistic", "Sum"),
        "extended_statistic": spec.get("extended_statistic"),
        "dimensions": [["FunctionName", fn]] if fn else
        [list(d) for d in spec.get("dimensions", [])],
        "period": int(spec.get("period", 60)),
        "unit": spec.get("unit"),
        "evaluation_periods": int(spec.get("evaluation_periods", 1)),
        "datapoints_to_alarm": int(spec.get("datapoints_to_alarm",
                                            spec.get("evaluation_periods",
                                                     1))),
        "threshold": float(spec.get("threshold", 0)),
        "comparison": spec.get("comparison", "GreaterThanThreshold"),
        "treat_missing": spec.get("treat_missing", "missing"),
    }
    if alarm["description"] is None:
        what = alarm["extended_statistic"] or alarm["statistic"]
        alarm["description"] = "%s %s of %s is %s %s" % (
            what, alarm["metric"], fn or alarm["namespace"],
            COMPARISONS.get(alarm["comparison"], alarm["comparison"]),
            _fmt_num(alarm["threshold"]))
    return alarm


def _new_composite(account, region, spec, now):
    name = spec["name"]
    since = float(spec.get("since", HOUR))
    stack = spec.get("stack") or "-".join(name.split("-")[:2])
    topic = spec.get("topic") or _topic(account, region, stack)
    return {
        "type": "CompositeAlarm", "name": name,
        "arn": _alarm_arn(account, region, name),
        "description": spec.get("description") or
        "Health of %s" % stack,
        "config_updated": now - float(spec.get("created", 40 * DAY)),
        "actions_enabled": bool(spec.get("actions_enabled", True)),
        "ok_actions": list(spec.get("ok_actions", [topic])),
        "alarm_actions": list(spec.get("alarm_actions", [topic])),
        "insufficient_actions": list(spec.get("insufficient_actions", [])),
        "state": spec.get("state", "OK"),
        "reason": spec.get("reason") or "",
        "reason_data": None,
        "state_updated": now - since,
        "state_transitioned": now - since,
        "rule": spec.get("rule", "FALSE"),
    }


def _fmt_num(v):
    return repr(float(v))


def _render_metric_alarm(a):
    out = {
        "AlarmName": a["name"], "AlarmArn": a["arn"],
        "AlarmDescription": a.get("description"),
        "AlarmConfigurationUpdatedTimestamp": _dt(a["config_updated"]),
        "ActionsEnabled": a["actions_enabled"],
        "OKActions": list(a["ok_actions"]),
        "AlarmActions": list(a["alarm_actions"]),
        "InsufficientDataActions": list(a["insufficient_actions"]),
        "StateValue": a["state"], "StateReason": a["reason"],
        "StateReasonData": a.get("reason_data"),
        "StateUpdatedTimestamp": _dt(a["state_updated"]),
        "MetricName": a["metric"], "Namespace": a["namespace"],
        "Statistic": a.get("statistic"),
        "ExtendedStatistic": a.get("extended_statistic"),
        "Dimensions": [{"Name": n, "Value": v} for n, v in a["dimensions"]],
        "Period": a["period"],
        "Unit": a.get("unit"),
        "EvaluationPeriods": a["evaluation_periods"],
        "DatapointsToAlarm": a["datapoints_to_alarm"],
        "Threshold": float(a["threshold"]),
        "ComparisonOperator": a["comparison"],
        "TreatMissingData": a.get("treat_missing"),
        "StateTransitionedTimestamp": _dt(a["state_transitioned"]),
    }
    return {k: v for k, v in out.items() if v is not None}


def _render_composite(a):
    out = {
        "ActionsEnabled": a["actions_enabled"],
        "AlarmActions": list(a["alarm_actions"]),
        "AlarmArn": a["arn"],
        "AlarmConfigurationUpdatedTimestamp": _dt(a["config_updated"]),
        "AlarmDescription": a.get("description"),
        "AlarmName": a["name"], "AlarmRule": a["rule"],
        "InsufficientDataActions": list(a["insufficient_actions"]),
        "OKActions": list(a["ok_actions"]),
        "StateReason": a["reason"],
        "StateReasonData": a.get("reason_data"),
        "StateUpdatedTimestamp": _dt(a["state_updated"]),
        "StateValue": a["state"],
        "StateTransitionedTimestamp": _dt(a["state_transitioned"]),
    }
    return {k: v for k, v in out.items() if v is not None}


# ------------------------------------------------------ composite alarm rules

_RULE_TOKEN = re.compile(
    r'\s*(?:(?P<fn>ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"(?P<q>[^"]*)"|'
    r'(?P<u>[^()\s]+))\s*\)|(?P<kw>AND|OR|NOT|TRUE|FALSE)\b|(?P<p>[()]))')


def _rule_tokens(rule):
    pos, out = 0, []
    rule = rule.strip()
    while pos < len(rule):
        m = _RULE_TOKEN.match(rule, pos)
        if not m or m.end() == pos:
            raise ValueError("bad rule near %r" % rule[pos:pos + 20])
        if m.group("fn"):
            ref = m.group("q") if m.group("q") is not None else m.group("u")
            out.append(("fn", m.group("fn"), ref.rsplit(":alarm:", 1)[-1]))
        elif m.group("kw"):
            out.append(("kw", m.group("kw")))
        else:
            out.append(("p", m.group("p")))
        pos = m.end()
        while pos < len(rule) and rule[pos].isspace():
            pos += 1
    return out


def rule_children(rule):
    try:
        return [t[2] for t in _rule_tokens(rule) if t[0] == "fn"]
    except ValueError:
        return []


def _eval_rule(rule, states):
    toks = _rule_tokens(rule)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        t = peek()
        pos[0] += 1
        return t

    def primary():
        t = take()
        if t is None:
            raise ValueError("unexpected end of rule")
        if t[0] == "fn":
            return states.get(t[2]) == t[1]
        if t == ("kw", "TRUE"):
            return True
        if t == ("kw", "FALSE"):
            return False
        if t == ("kw", "NOT"):
            return not primary()
        if t == ("p", "("):
            v = expr()
            if take() != ("p", ")"):
                raise ValueError("missing )")
            return v
        raise ValueError("unexpected %r" % (t,))

    def conj():
        v = primary()
        while peek() == ("kw", "AND"):
            take()
            v = primary() and v
        return v

    def expr():
        v = conj()
        while peek() == ("kw", "OR"):
            take()
            v = conj() or v
        return v

    v = expr()
    if peek() is not None:
        raise ValueError("trailing tokens")
    return v


# ------------------------------------------------------------ history items

def _history(st, alarm, ts, item_type, summary, data):
    st["history"].append({
        "alarm": alarm["name"], "type": alarm["type"], "ts": ts,
        "item_type": item_type, "summary": summary,
        "data": json.dumps(data, separators=(",", ":"))})


def _state_reason_data(alarm, ts, values):
    if alarm["type"] != "MetricAlarm":
        return None
    period = alarm["period"]
    start = (int(ts) // 60) * 60 - period * max(len(values), 1)
    d = {"version": "1.0", "queryDate": _ms_iso(ts),
         "startDate": _ms_iso(start)}
    if alarm.get("statistic"):
        d["statistic"] = alarm["statistic"]
    d["period"] = period
    d["recentDatapoints"] = values
    d["threshold"] = float(alarm["threshold"])
    d["evaluatedDatapoints"] = [
        {"timestamp": _ms_iso(start + period * (len(values) - 1 - i)),
         "sampleCount": float(period // 60), "value": v}
        for i, v in enumerate(reversed(values))]
    return json.dumps(d, separators=(",", ":"))


def _record_transition(st, alarm, ts, old, new, old_reason, new_reason,
                       new_data=None, old_data=None):
    def side(value, reason, data):
        s = {"stateValue": value, "stateReason": reason}
        if data:
            try:
                s["stateReasonData"] = json.loads(data)
            except ValueError:
                pass
        return s
    _history(st, alarm, ts, "StateUpdate",
             "Alarm updated from %s to %s" % (old, new),
             {"version": "1.0", "oldState": side(old, old_reason, old_data),
              "newState": side(new, new_reason, new_data)})
    if not alarm["actions_enabled"]:
        return
    actions = {"ALARM": alarm["alarm_actions"], "OK": alarm["ok_actions"],
               "INSUFFICIENT_DATA": alarm["insufficient_actions"]}[new]
    for i, arn in enumerate(actions):
        message = {"AlarmName": alarm["name"], "AlarmArn": alarm["arn"],
                   "NewStateValue": new, "OldStateValue": old,
                   "NewStateReason": new_reason,
                   "StateChangeTime": _ms_iso(ts)}
        _history(st, alarm, ts + 0.25 + i * 0.01, "Action",
                 "Successfully executed action %s" % arn,
                 {"actionState": "Succeeded",
                  "stateUpdateTimestamp": int(ts * 1000),
                  "notificationResource": arn,
                  "publishedMessage": json.dumps(message,
                                                 separators=(",", ":"))})


def _reason_values(reason):
    """The datapoint values quoted in a state reason ('[17.0 (...)]')."""
    m = re.search(r"\[([^\]]*)\]", reason or "")
    if not m:
        return []
    inner = re.sub(r"\([^)]*\)", "", m.group(1))
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", inner)]


def _ok_reason(alarm, values=None):
    if alarm["type"] == "CompositeAlarm":
        return "No composite alarm rule child is in ALARM."
    values = values or [0.0] * alarm["evaluation_periods"]
    return ("Threshold Crossed: %d datapoint%s [%s] %s not %s the threshold "
            "(%s)." % (len(values), "" if len(values) == 1 else "s",
                       ", ".join(repr(float(v)) for v in values),
                       "was" if len(values) == 1 else "were",
                       COMPARISONS.get(alarm["comparison"], "greater than"),
                       _fmt_num(alarm["threshold"])))


def _alarm_reason(alarm, ts, values):
    if alarm["type"] == "CompositeAlarm":
        return "Composite alarm rule evaluated to true at %s" % _long_time(ts)
    return ("Threshold Crossed: %d out of the last %d datapoints [%s] was %s "
            "the threshold (%s) (minimum %d datapoint for OK -> ALARM "
            "transition)." % (
                len(values), len(values),
                ", ".join("%r (%s)" % (float(v), _reason_time(ts - 60 * (i + 1)))
                          for i, v in enumerate(values)),
                COMPARISONS.get(alarm["comparison"], "greater than"),
                _fmt_num(alarm["threshold"]), alarm["datapoints_to_alarm"]))


def _insufficient_reason(alarm):
    n = alarm.get("evaluation_periods", 1)
    return "Insufficient Data: %d datapoint%s %s unknown." % (
        n, "" if n == 1 else "s", "was" if n == 1 else "were")


# past transitions of the demo alarms: name -> [(seconds ago, from, to)]
_DEMO_PAST = {
    "users-api-GetUser-Errors": [(3 * DAY + 14 * 60, "OK", "ALARM"),
                                 (3 * DAY, "ALARM", "OK")],
    "users-api-health": [(3 * DAY + 14 * 60, "OK", "ALARM"),
                         (3 * DAY, "ALARM", "OK")],
    "users-api-CreateUser-Duration-p99": [(6 * HOUR + 25 * 60, "OK",
                                           "ALARM")],
    "users-api-SlowReport-Errors": [(33 * HOUR, "OK", "ALARM"),
                                    (30 * HOUR, "ALARM", "OK")],
}


def _seed_history(st, alarm, now, created, past, final_from):
    """Creation, the first evaluation, past incidents and the transition to
    the current state, within the 30 days AWS keeps."""
    horizon = now - HISTORY_DAYS * DAY
    if created >= horizon:
        _history(st, alarm, created, "ConfigurationUpdate",
                 'Alarm "%s" created' % alarm["name"],
                 {"type": "Create", "version": "1.0",
                  "createdAlarm": _config_view(alarm)})
        _record_transition(st, alarm, created + 61.5, "INSUFFICIENT_DATA",
                           "OK", "Unchecked: Initial alarm creation",
                           _ok_reason(alarm))
    state_reason = {"OK": (_ok_reason(alarm), None)}
    for ago, old, new in past:
        ts = now - ago
        if ts < horizon:
            continue
        values = []
        if new == "OK":
            values = [0.0] * alarm.get("evaluation_periods", 1)
            reason = _ok_reason(alarm, values)
        elif new == "ALARM":
            values = [float(alarm.get("threshold", 0)) + 3]
            reason = _alarm_reason(alarm, ts, values)
        else:
            reason = _insufficient_reason(alarm)
        data = _state_reason_data(alarm, ts, values)
        before = state_reason.get(old, (_ok_reason(alarm), None))
        _record_transition(st, alarm, ts, old, new, before[0], reason, data,
                           before[1])
        state_reason[new] = (reason, data)
    if alarm["state_transitioned"] >= horizon:
        before = state_reason.get(final_from, (_ok_reason(alarm), None))
        _record_transition(st, alarm, alarm["state_transitioned"], final_from,
                           alarm["state"], before[0], alarm["reason"],
                           alarm.get("reason_data"), before[1])


def _config_view(a):
    d = {"alarmName": a["name"], "alarmArn": a["arn"],
         "actionsEnabled": a["actions_enabled"],
         "alarmActions": a["alarm_actions"], "okActions": a["ok_actions"],
         "insufficientDataActions": a["insufficient_actions"]}
    if a["type"] == "MetricAlarm":
        d.update({"namespace": a["namespace"], "metricName": a["metric"],
                  "dimensions": [{"name": n, "value": v}
                                 for n, v in a["dimensions"]],
                  "period": a["period"],
                  "evaluationPeriods": a["evaluation_periods"],
                  "threshold": a["threshold"],
                  "comparisonOperator": a["comparison"],
                  "treatMissingData": a["treat_missing"]})
        if a.get("statistic"):
            d["statistic"] = a["statistic"].upper()
        else:
            d["extendedStatistic"] = a["extended_statistic"]
    else:
        d["alarmRule"] = a["rule"]
    return d


# ------------------------------------------------------------------ seeding

@SERVICE.on_reset
def seed(store, demo):
    if not demo:
        return
    now = store.clock()
    account, region = demo_app.ACCOUNT, demo_app.REGION
    if store.default_account != account:
        account = store.default_account
    st = _state(store, account, region)
    stacks = {s["name"]: s for s in demo_app.STACKS}
    fn_stack = {f["name"]: f["stack"] for f in demo_app.FUNCTIONS}
    for spec in demo_app.ALARMS:
        spec = dict(spec)
        stack = fn_stack.get(spec.get("function")) or next(
            (s for s in stacks if spec["name"].startswith(s + "-")),
            "-".join(spec["name"].split("-")[:2]))
        spec["stack"] = stack
        spec["created"] = stacks.get(stack, {}).get("created", 40 * DAY)
        ts = now - spec["since"]
        if spec.get("composite"):
            a = _new_composite(account, region, spec, now)
            a["reason"] = spec["reason"] % {"t": _long_time(ts)}
            a["reason_data"] = json.dumps({"triggeringAlarms": [{
                "arn": _alarm_arn(account, region, c),
                "state": {"value": "ALARM", "timestamp": _ms_iso(ts)}}
                for c in rule_children(a["rule"])[:1]]},
                separators=(",", ":"))
        else:
            if spec["name"].endswith("SlowReport-Errors"):
                spec.setdefault("treat_missing", "ignore")
            if spec["state"] == "INSUFFICIENT_DATA":
                spec.setdefault("treat_missing", "missing")
            a = _new_metric_alarm(account, region, spec, now)
            point = (int(ts) // 60) * 60 - a["period"]
            a["reason"] = spec["reason"] % {"t": _reason_time(point)}
            a["reason_data"] = _state_reason_data(
                a, ts, _reason_values(a["reason"]))
        st["alarms"][a["name"]] = a
        final_from = "OK" if a["state"] != "OK" else "ALARM"
        _seed_history(st, a, now, now - spec["created"],
                      _DEMO_PAST.get(a["name"], []), final_from)
    st["history"].sort(key=lambda h: h["ts"])
    metricdata.seed_demo(store, account, region, now, demo_app.FUNCTIONS,
                         demo_app.ALARMS)


# ----------------------------------------------------------- DescribeAlarms

def _alarm_types(ctx, inp, default):
    types = [str(t) for t in _list(inp.get("AlarmTypes"))]
    v = _Validation(ctx)
    for i, t in enumerate(types):
        v.enum(t, "alarmTypes.%d.member" % (i + 1), ALARM_TYPES)
    v.raise_if_any()
    return set(types) if types else set(default)


def _max_records(ctx, inp, default=50):
    n = _int(ctx, inp, "MaxRecords")
    v = _Validation(ctx)
    v.int_range(n, "maxRecords", 1, 100)
    v.raise_if_any()
    return default if n is None else n


@SERVICE.operation("DescribeAlarms")
def describe_alarms(ctx):
    inp = _input(ctx)
    st = _cw_state(ctx)
    names = [str(n) for n in _list(inp.get("AlarmNames"))]
    prefix = _str(inp, "AlarmNamePrefix")
    state = _str(inp, "StateValue")
    action_prefix = _str(inp, "ActionPrefix")
    children_of = _str(inp, "ChildrenOfAlarmName")
    parents_of = _str(inp, "ParentsOfAlarmName")
    limit = _max_records(ctx, inp)
    v = _Validation(ctx)
    v.enum(state, "stateValue", STATES)
    v.length(prefix, "alarmNamePrefix", 1, 255)
    v.length(action_prefix, "actionPrefix", 1, 1024)
    if len(names) > 100:
        v.add("[%s]" % ", ".join(names), "alarmNames",
              "Member must have length less than or equal to 100")
    v.raise_if_any()
    if names and prefix:
        raise _err(ctx, "InvalidParameterCombination", "AlarmNames and "
                   "AlarmNamePrefix cannot be used together.")
    if (children_of or parents_of) and (
            names or prefix or state or action_prefix or
            (children_of and parents_of)):
        raise _err(ctx, "InvalidParameterCombination", "If you specify "
                   "ChildrenOfAlarmName or ParentsOfAlarmName, you cannot "
                   "specify any other parameters in the request except for "
                   "MaxRecords and NextToken.")
    types = _alarm_types(ctx, inp, ("MetricAlarm",) if not (
        children_of or parents_of) else ALARM_TYPES)

    alarms = st["alarms"]
    chosen = list(alarms.values())
    if children_of:
        parent = alarms.get(children_of)
        kids = set(rule_children(parent["rule"])) if parent and \
            parent["type"] == "CompositeAlarm" else set()
        chosen = [a for a in chosen if a["name"] in kids]
    if parents_of:
        chosen = [a for a in chosen if a["type"] == "CompositeAlarm" and
                  parents_of in rule_children(a["rule"])]
    if names:
        wanted = set(names)
        chosen = [a for a in chosen if a["name"] in wanted]
    if prefix:
        chosen = [a for a in chosen if a["name"].startswith(prefix)]
    if state:
        chosen = [a for a in chosen if a["state"] == state]
    if action_prefix:
        chosen = [a for a in chosen if any(
            x.startswith(action_prefix) for x in
            a["alarm_actions"] + a["ok_actions"] +
            a["insufficient_actions"])]
    chosen = [a for a in chosen if a["type"] in types]
    chosen.sort(key=lambda a: (0 if a["type"] == "MetricAlarm" else 1,
                               a["name"]))
    fp = _fingerprint([sorted(names), prefix, state, action_prefix,
                       children_of, parents_of, sorted(types)])
    token = _str(inp, "NextToken")
    if token:
        t = _untoken(ctx, token)
        if t.get("f") != fp or not isinstance(t.get("a"), list):
            raise _err(ctx, "InvalidNextToken", "The service couldn't process "
                       "your request because the NextToken is invalid.")
        after = tuple(t["a"])
        chosen = [a for a in chosen
                  if (0 if a["type"] == "MetricAlarm" else 1, a["name"]) >
                  after]
    page, rest = chosen[:limit], chosen[limit:]
    out = {"CompositeAlarms": [_render_composite(a) for a in page
                               if a["type"] == "CompositeAlarm"],
           "MetricAlarms": [_render_metric_alarm(a) for a in page
                            if a["type"] == "MetricAlarm"]}
    if rest:
        last = page[-1]
        out["NextToken"] = _token({
            "f": fp, "a": [0 if last["type"] == "MetricAlarm" else 1,
                           last["name"]]})
    return out


# ------------------------------------------------------ DescribeAlarmHistory

@SERVICE.operation("DescribeAlarmHistory")
def describe_alarm_history(ctx):
    inp = _input(ctx)
    st = _cw_state(ctx)
    name = _str(inp, "AlarmName")
    item_type = _str(inp, "HistoryItemType")
    scan = _str(inp, "ScanBy") or "TimestampDescending"
    start = _time(ctx, inp, "StartDate")
    end = _time(ctx, inp, "EndDate")
    limit = _max_records(ctx, inp)
    v = _Validation(ctx)
    v.length(name, "alarmName", 1, 255)
    v.enum(item_type, "historyItemType",
           ("ConfigurationUpdate", "StateUpdate", "Action",
            "AlarmContributorStateUpdate", "AlarmContributorAction"))
    v.enum(scan, "scanBy", ("TimestampDescending", "TimestampAscending"))
    v.raise_if_any()
    types = _alarm_types(ctx, inp, ("MetricAlarm",))
    horizon = ctx.now - HISTORY_DAYS * DAY
    items = [h for h in st["history"]
             if h["ts"] >= horizon and h["type"] in types and
             (name is None or h["alarm"] == name) and
             (item_type is None or h["item_type"] == item_type) and
             (start is None or h["ts"] >= start) and
             (end is None or h["ts"] <= end)]
    # keep a stable position for items with equal timestamps
    indexed = list(enumerate(items))
    indexed.sort(key=lambda p: (p[1]["ts"], p[0]),
                 reverse=(scan == "TimestampDescending"))
    fp = _fingerprint([name, item_type, scan, start, end, sorted(types)])
    token = _str(inp, "NextToken")
    if token:
        t = _untoken(ctx, token)
        if t.get("f") != fp or not isinstance(t.get("k"), list):
            raise _err(ctx, "InvalidNextToken", "The service couldn't process "
                       "your request because the NextToken is invalid.")
        key = (t["k"][0], t["k"][1])
        if scan == "TimestampDescending":
            indexed = [p for p in indexed if (p[1]["ts"], p[0]) < key]
        else:
            indexed = [p for p in indexed if (p[1]["ts"], p[0]) > key]
    page, rest = indexed[:limit], indexed[limit:]
    out = {"AlarmHistoryItems": [{
        "AlarmName": h["alarm"], "AlarmType": h["type"],
        "Timestamp": _dt(h["ts"]), "HistoryItemType": h["item_type"],
        "HistorySummary": h["summary"], "HistoryData": h["data"]}
        for _, h in page]}
    if rest:
        i, h = page[-1]
        out["NextToken"] = _token({"f": fp, "k": [h["ts"], i]})
    return out


# ------------------------------------------------------------ SetAlarmState

def _set_state(st, alarm, new, reason, data, now):
    old = alarm["state"]
    old_reason, old_data = alarm["reason"], alarm.get("reason_data")
    alarm["reason"] = reason
    alarm["reason_data"] = data
    alarm["state_updated"] = now
    if old == new:
        return False
    alarm["state"] = new
    alarm["state_transitioned"] = now
    _record_transition(st, alarm, now, old, new, old_reason, reason, data,
                       old_data)
    return True


def _reevaluate_parents(st, changed, now, depth=0):
    if depth > 5:
        return
    states = {n: a["state"] for n, a in st["alarms"].items()}
    for parent in list(st["alarms"].values()):
        if parent["type"] != "CompositeAlarm" or \
                changed["name"] not in rule_children(parent["rule"]):
            continue
        try:
            firing = _eval_rule(parent["rule"], states)
        except ValueError:
            continue
        new = "ALARM" if firing else "OK"
        if new == parent["state"]:
            continue
        reason = "%s transitioned to %s at %s" % (
            changed["arn"], changed["state"], _long_time(now))
        data = json.dumps({"triggeringAlarms": [{
            "arn": changed["arn"],
            "state": {"value": changed["state"],
                      "timestamp": _ms_iso(now)}}]}, separators=(",", ":"))
        if _set_state(st, parent, new, reason, data, now + 0.5):
            _reevaluate_parents(st, parent, now + 0.5, depth + 1)


@SERVICE.operation("SetAlarmState")
def set_alarm_state(ctx):
    inp = _input(ctx)
    st = _cw_state(ctx)
    name = _str(inp, "AlarmName")
    value = _str(inp, "StateValue")
    reason = _str(inp, "StateReason")
    data = _str(inp, "StateReasonData")
    for k, val in (("AlarmName", name), ("StateValue", value),
                   ("StateReason", reason)):
        if val is None:
            raise _err(ctx, "ValidationError", "1 validation error detected: "
                       "Value null at '%s' failed to satisfy constraint: "
                       "Member must not be null" % (k[0].lower() + k[1:]))
    v = _Validation(ctx)
    v.length(name, "alarmName", 1, 255)
    v.enum(value, "stateValue", STATES)
    v.length(reason, "stateReason", 0, 1023)
    v.length(data, "stateReasonData", 0, 4000)
    v.raise_if_any()
    if data is not None:
        try:
            json.loads(data)
        except ValueError:
            raise _err(ctx, "InvalidFormat", "StateReasonData is not valid "
                       "JSON: %s" % data[:100])
    alarm = st["alarms"].get(name)
    if alarm is None:
        raise _err(ctx, "ResourceNotFound", "Alarm %s not found" % name, 404)
    if _set_state(st, alarm, value, reason, data, ctx.now):
        _reevaluate_parents(st, alarm, ctx.now)
    return None


def _alarm_names(ctx, inp):
    names = [str(n) for n in _list(inp.get("AlarmNames"))]
    if not names:
        raise _err(ctx, "ValidationError", "1 validation error detected: "
                   "Value null at 'alarmNames' failed to satisfy constraint: "
                   "Member must not be null")
    return names


def _toggle_actions(ctx, enabled):
    inp = _input(ctx)
    st = _cw_state(ctx)
    for n in _alarm_names(ctx, inp):
        a = st["alarms"].get(n)
        if a is not None:
            a["actions_enabled"] = enabled
            a["config_updated"] = ctx.now
    return None


@SERVICE.operation("EnableAlarmActions")
def enable_alarm_actions(ctx):
    return _toggle_actions(ctx, True)


@SERVICE.operation("DisableAlarmActions")
def disable_alarm_actions(ctx):
    return _toggle_actions(ctx, False)


@SERVICE.operation("DeleteAlarms")
def delete_alarms(ctx):
    inp = _input(ctx)
    st = _cw_state(ctx)
    names = _alarm_names(ctx, inp)
    missing = [n for n in names if n not in st["alarms"]]
    if missing:
        raise _err(ctx, "ResourceNotFound", "%s not found" % missing[0], 404)
    for n in names:
        a = st["alarms"].pop(n)
        _history(st, a, ctx.now, "ConfigurationUpdate",
                 'Alarm "%s" deleted' % n,
                 {"type": "Delete", "version": "1.0",
                  "deletedAlarm": _config_view(a)})
    return None


# ----------------------------------------------------------- metric queries

def _dims_in(ctx, raw, where):
    dims = []
    for i, d in enumerate(_list(raw)):
        if not isinstance(d, dict) or d.get("Name") in (None, "") or \
                d.get("Value") is None:
            raise _err(ctx, "InvalidParameterValue", "The parameter "
                       "%s.Dimensions.member.%d must have a Name and a Value."
                       % (where, i + 1))
        dims.append([str(d["Name"]), str(d["Value"])])
    if len(dims) > 30:
        raise _err(ctx, "InvalidParameterValue", "The collection %s."
                   "Dimensions must not have a size greater than 30." % where)
    return dims


def _check_period(ctx, period, member):
    if period is None or period <= 0:
        raise _err(ctx, "ValidationError", "The parameter %s must be greater "
                   "than 0." % member)
    if period >= 60 and period % 60:
        raise _err(ctx, "ValidationError", "The parameter %s must be a "
                   "multiple of 60." % member)
    if period < 60 and period not in (1, 5, 10, 30):
        raise _err(ctx, "ValidationError", "The parameter %s must be 1, 5, "
                   "10, 30 or a multiple of 60." % member)


_EXPR_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|"
    r"(?P<id>[a-zA-Z_][a-zA-Z0-9_]*)|(?P<op>[-+*/()^]))")


class _ExprError(ValueError):
    pass


def _parse_expression(text):
    """Arithmetic over query ids and numbers -> a small AST."""
    toks = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _EXPR_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise _ExprError("Unsupported character at position %d" % pos)
        if m.group("num"):
            toks.append(("num", float(m.group("num"))))
        elif m.group("id"):
            toks.append(("id", m.group("id")))
        else:
            toks.append(("op", m.group("op")))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    i = [0]

    def peek():
        return toks[i[0]] if i[0] < len(toks) else None

    def take():
        t = peek()
        i[0] += 1
        return t

    def atom():
        t = take()
        if t is None:
            raise _ExprError("Unexpected end of expression")
        if t[0] == "num":
            return ("num", t[1])
        if t[0] == "id":
            if peek() == ("op", "("):
                raise _ExprError("Unsupported function %s" % t[1])
            return ("ref", t[1])
        if t == ("op", "("):
            e = add()
            if take() != ("op", ")"):
                raise _ExprError("Missing closing parenthesis")
            return e
        if t == ("op", "-"):
            return ("neg", atom())
        if t == ("op", "+"):
            return atom()
        raise _ExprError("Unexpected token %s" % t[1])

    def power():
        left = atom()
        if peek() == ("op", "^"):
            take()
            return ("^", left, power())
        return left

    def mul():
        left = power()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            left = (op, left, power())
        return left

    def add():
        left = mul()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            left = (op, left, mul())
        return left

    ast = add()
    if peek() is not None:
        raise _ExprError("Unexpected token %s" % (peek()[1],))
    return ast


def _refs(ast):
    if ast[0] == "ref":
        return {ast[1]}
    if ast[0] == "num":
        return set()
    if ast[0] == "neg":
        return _refs(ast[1])
    return _refs(ast[1]) | _refs(ast[2])


def _apply(op, a, b):
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return None if b == 0 else a / b
        if op == "^":
            r = a ** b
            return None if isinstance(r, complex) else float(r)
    except (OverflowError, ZeroDivisionError):
        return None
    return None


def _eval_ast(ast, series):
    """-> float (scalar) or {ts: value}."""
    kind = ast[0]
    if kind == "num":
        return ast[1]
    if kind == "ref":
        return series(ast[1])
    if kind == "neg":
        v = _eval_ast(ast[1], series)
        return -v if isinstance(v, float) else {t: -x for t, x in v.items()}
    a = _eval_ast(ast[1], series)
    b = _eval_ast(ast[2], series)
    if isinstance(a, float) and isinstance(b, float):
        return _apply(kind, a, b)
    if isinstance(a, float):
        out = {t: _apply(kind, a, y) for t, y in b.items()}
    elif isinstance(b, float):
        out = {t: _apply(kind, x, b) for t, x in a.items()}
    else:
        out = {t: _apply(kind, a[t], b[t]) for t in a if t in b}
    return {t: v for t, v in out.items() if v is not None}


def _metric_series(ctx, metric, start, end):
    """{bucket_ts: value} of a MetricStat."""
    pts = metricdata.datapoints(ctx.store, ctx.account_id, ctx.region,
                                metric["ns"], metric["name"], metric["dims"],
                                start, end)
    out = {}
    for b, agg in metricdata.aggregate(pts, start, end, metric["period"]):
        val = metricdata.statistic(agg, metric["stat"])
        if val is not None:
            out[b] = float(val)
    return out


@SERVICE.operation("GetMetricData")
def get_metric_data(ctx):
    inp = _input(ctx)
    queries = _list(inp.get("MetricDataQueries"))
    start = _time(ctx, inp, "StartTime", required=True)
    end = _time(ctx, inp, "EndTime", required=True)
    scan = _str(inp, "ScanBy") or "TimestampDescending"
    max_dp = _int(ctx, inp, "MaxDatapoints")
    v = _Validation(ctx)
    v.enum(scan, "scanBy", ("TimestampDescending", "TimestampAscending"))
    v.raise_if_any()
    if not queries:
        raise _err(ctx, "ValidationError", "1 validation error detected: "
                   "Value null at 'metricDataQueries' failed to satisfy "
                   "constraint: Member must not be null")
    if len(queries) > 500:
        raise _err(ctx, "ValidationError", "The collection MetricDataQueries "
                   "must not have a size greater than 500.")
    if max_dp is None:
        max_dp = MAX_DATAPOINTS_DEFAULT
    if max_dp < 1:
        raise _err(ctx, "InvalidParameterValue", "The parameter MaxDatapoints "
                   "must be greater than 0.")
    if start >= end:
        raise _err(ctx, "ValidationError", "The parameter StartTime must be "
                   "less than the parameter EndTime.")

    parsed = []
    seen = set()
    for n, q in enumerate(queries, 1):
        where = "MetricDataQueries.member.%d" % n
        if not isinstance(q, dict):
            raise _err(ctx, "ValidationError", "The parameter %s is invalid."
                       % where)
        qid = q.get("Id")
        if qid in (None, ""):
            raise _err(ctx, "ValidationError", "The parameter %s.Id is "
                       "required." % where)
        qid = str(qid)
        if not ID_RE.match(qid) or len(qid) > 255:
            raise _err(ctx, "ValidationError", "The value %s for parameter "
                       "%s.Id is not matching the expected pattern "
                       "^[a-z][a-zA-Z0-9_]*$." % (qid, where))
        if qid in seen:
            raise _err(ctx, "ValidationError", "The values for parameter id "
                       "in MetricDataQueries are not unique.")
        seen.add(qid)
        stat_in = q.get("MetricStat")
        expr = q.get("Expression")
        if bool(stat_in) == bool(expr):
            raise _err(ctx, "ValidationError", "The parameter %s must "
                       "contain exactly one of MetricStat and Expression."
                       % where)
        item = {"id": qid, "label": q.get("Label"),
                "return": _bool(q.get("ReturnData"), True), "n": n}
        if stat_in:
            if not isinstance(stat_in, dict) or \
                    not isinstance(stat_in.get("Metric"), dict):
                raise _err(ctx, "ValidationError", "The parameter "
                           "%s.MetricStat.Metric is required." % where)
            m = stat_in["Metric"]
            name = m.get("MetricName")
            ns = m.get("Namespace")
            if not name or not ns:
                raise _err(ctx, "ValidationError", "The parameter "
                           "%s.MetricStat.Metric must have a Namespace and a "
                           "MetricName." % where)
            try:
                period = int(stat_in.get("Period"))
            except (TypeError, ValueError):
                period = None
            _check_period(ctx, period, where + ".MetricStat.Period")
            stat = str(stat_in.get("Stat") or "")
            if not metricdata.valid_statistic(stat):
                raise _err(ctx, "ValidationError", "The value %s for "
                           "parameter %s.MetricStat.Stat is not supported."
                           % (stat, where))
            item["metric"] = {"ns": str(ns), "name": str(name),
                              "dims": _dims_in(ctx, m.get("Dimensions"),
                                               where + ".MetricStat.Metric"),
                              "period": period, "stat": stat}
            if item["label"] is None:
                item["label"] = str(name)
        else:
            try:
                item["ast"] = _parse_expression(str(expr))
            except _ExprError as e:
                raise _err(ctx, "ValidationError", "Error in expression "
                           "'%s': %s" % (qid, e))
            if item["label"] is None:
                item["label"] = qid
        parsed.append(item)
    by_id = {p["id"]: p for p in parsed}
    for p in parsed:
        if "ast" in p:
            for r in _refs(p["ast"]):
                if r not in by_id:
                    raise _err(ctx, "ValidationError", "Error in expression "
                               "'%s': Unrecognized identifier %s"
                               % (p["id"], r))
    if not any(p["return"] for p in parsed):
        raise _err(ctx, "ValidationError", "At least one MetricDataQuery "
                   "must have ReturnData set to true.")

    cache = {}

    def series(qid, stack=()):
        if qid in cache:
            return cache[qid]
        if qid in stack:
            raise _err(ctx, "ValidationError", "Error in expression '%s': "
                       "circular reference" % qid)
        p = by_id[qid]
        if "metric" in p:
            s = _metric_series(ctx, p["metric"], start, end)
        else:
            res = _eval_ast(p["ast"], lambda r: series(r, stack + (qid,)))
            if isinstance(res, float):
                # a constant: one value per minute of the range
                base = (int(start) // 60) * 60
                res = {t: res for t in range(base, int(end), 60)
                       if t >= start}
            s = res or {}
        cache[qid] = s
        return s

    results = []
    for p in parsed:
        if not p["return"]:
            continue
        s = series(p["id"])
        pts = sorted(s.items(), reverse=(scan == "TimestampDescending"))
        results.append((p, pts))

    fp = _fingerprint([queries, start, end, scan])
    token = _str(inp, "NextToken")
    offsets = [0] * len(results)
    first_page = True
    if token:
        t = _untoken(ctx, token)
        if t.get("f") != fp or not isinstance(t.get("o"), list) or \
                len(t["o"]) != len(results):
            raise _err(ctx, "InvalidNextToken", "The service couldn't process "
                       "your request because the NextToken is invalid.")
        offsets = [int(x) for x in t["o"]]
        first_page = False
    budget = max_dp
    out_results = []
    more = False
    for i, (p, pts) in enumerate(results):
        off = offsets[i]
        remaining = len(pts) - off
        if remaining <= 0:
            if first_page:
                out_results.append(_mdr(p, [], "Complete"))
            continue
        if budget <= 0:
            more = True
            continue
        n = min(budget, remaining)
        chunk = pts[off:off + n]
        offsets[i] = off + n
        budget -= n
        partial = offsets[i] < len(pts)
        more = more or partial
        out_results.append(_mdr(p, chunk,
                                "PartialData" if partial else "Complete"))
    out = {"MetricDataResults": out_results}
    if more:
        out["NextToken"] = _token({"f": fp, "o": offsets})
    out["Messages"] = []
    return out


def _mdr(p, chunk, status):
    return {"Id": p["id"], "Label": p["label"],
            "Timestamps": [_dt(t) for t, _ in chunk],
            "Values": [float(v) for _, v in chunk],
            "StatusCode": status}


STANDARD_STATS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")


@SERVICE.operation("GetMetricStatistics")
def get_metric_statistics(ctx):
    inp = _input(ctx)
    ns = _str(inp, "Namespace")
    name = _str(inp, "MetricName")
    for k, val in (("Namespace", ns), ("MetricName", name)):
        if val is None:
            raise _err(ctx, "MissingParameter", "The parameter %s is "
                       "required." % k)
    start = _time(ctx, inp, "StartTime", required=True)
    end = _time(ctx, inp, "EndTime", required=True)
    period = _int(ctx, inp, "Period")
    if period is None:
        raise _err(ctx, "MissingParameter", "The parameter Period is "
                   "required.")
    stats = [str(s) for s in _list(inp.get("Statistics"))]
    ext = [str(s) for s in _list(inp.get("ExtendedStatistics"))]
    unit = _str(inp, "Unit")
    v = _Validation(ctx)
    for i, s in enumerate(stats):
        v.enum(s, "statistics.%d.member" % (i + 1), STANDARD_STATS)
    v.raise_if_any()
    if period <= 0 or (period >= 60 and period % 60) or \
            (period < 60 and period not in (1, 5, 10, 30)):
        raise _err(ctx, "InvalidParameterValue", "The parameter Period must "
                   "be a multiple of 60.")
    if not stats and not ext:
        raise _err(ctx, "InvalidParameterCombination", "Must specify either "
                   "Statistics or ExtendedStatistics, but not both.")
    for s in ext:
        if not s.startswith(("p", "tm", "wm", "tc", "ts", "PR", "TM", "IQM")) \
                or not metricdata.valid_statistic(s):
            raise _err(ctx, "InvalidParameterValue", "The value %s for "
                       "parameter ExtendedStatistics is not supported." % s)
    if len(stats) + len(ext) > 10:
        raise _err(ctx, "InvalidParameterCombination", "You can specify at "
                   "most 10 statistics.")
    if start >= end:
        raise _err(ctx, "InvalidParameterValue", "The parameter StartTime "
                   "must be less than the parameter EndTime.")
    n = int(math.ceil((end - start) / float(period)))
    if n > 1440:
        raise _err(ctx, "InvalidParameterCombination", "You have requested "
                   "up to %s datapoints, which exceeds the limit of 1,440. "
                   "You may reduce the datapoints requested by increasing "
                   "Period, or decreasing the time range." % format(n, ","))
    dims = _dims_in(ctx, inp.get("Dimensions"), "Dimensions")
    pts = metricdata.datapoints(ctx.store, ctx.account_id, ctx.region, ns,
                                name, dims, start, end)
    stored_unit = metricdata.unit_of(ctx.store, ctx.account_id, ctx.region,
                                     ns, name, dims) or "None"
    if unit and unit != stored_unit:
        pts = []
    datapoints = []
    for b, agg in metricdata.aggregate(pts, start, end, period):
        d = {"Timestamp": _dt(b)}
        for s in STANDARD_STATS:
            if s in stats:
                d[s] = float(metricdata.statistic(agg, s))
        d["Unit"] = stored_unit
        if ext:
            d["ExtendedStatistics"] = XmlMap(
                (s, float(metricdata.statistic(agg, s))) for s in ext)
        datapoints.append(d)
    return {"Label": name, "Datapoints": datapoints}


@SERVICE.operation("ListMetrics")
def list_metrics(ctx):
    inp = _input(ctx)
    ns = _str(inp, "Namespace")
    name = _str(inp, "MetricName")
    filters = []
    for d in _list(inp.get("Dimensions")):
        if isinstance(d, dict) and d.get("Name"):
            filters.append((str(d["Name"]), None if d.get("Value") in
                            (None, "") else str(d["Value"])))
    recent = _str(inp, "RecentlyActive")
    if recent is not None and recent != "PT3H":
        raise _err(ctx, "ValidationError", "1 validation error detected: "
                   "Value '%s' at 'recentlyActive' failed to satisfy "
                   "constraint: Member must satisfy enum value set: [PT3H]"
                   % recent)
    rows = []
    for s_ns, s_name, dims, last in metricdata.list_series(
            ctx.store, ctx.account_id, ctx.region):
        if last is None or (ns and s_ns != ns) or (name and s_name != name):
            continue
        dmap = dict((n, v) for n, v in dims)
        if any(n not in dmap or (val is not None and dmap[n] != val)
               for n, val in filters):
            continue
        if recent and last < ctx.now - 3 * HOUR:
            continue
        rows.append((s_ns, s_name, dims))
    rows.sort()
    fp = _fingerprint([ns, name, filters, recent])
    token = _str(inp, "NextToken")
    off = 0
    if token:
        t = _untoken(ctx, token)
        if t.get("f") != fp:
            raise _err(ctx, "InvalidNextToken", "The service couldn't process "
                       "your request because the NextToken is invalid.")
        off = int(t.get("o", 0))
    page = rows[off:off + 500]
    out = {"Metrics": [{"Namespace": r[0], "MetricName": r[1],
                        "Dimensions": [{"Name": n, "Value": v}
                                       for n, v in r[2]]} for r in page]}
    if off + 500 < len(rows):
        out["NextToken"] = _token({"f": fp, "o": off + 500})
    return out


@SERVICE.operation("PutMetricData")
def put_metric_data(ctx):
    inp = _input(ctx)
    ns = _str(inp, "Namespace")
    if ns is None:
        raise _err(ctx, "MissingParameter", "The parameter Namespace is "
                   "required.")
    if ns.startswith("AWS/"):
        raise _err(ctx, "InvalidParameterValue", "The value AWS/ for "
                   "parameter Namespace is invalid.")
    data = _list(inp.get("MetricData"))
    if not data:
        raise _err(ctx, "MissingParameter", "The parameter MetricData is "
                   "required.")
    if len(data) > 1000:
        raise _err(ctx, "InvalidParameterValue", "The collection MetricData "
                   "must not have a size greater than 1000.")
    todo = []
    for n, d in enumerate(data, 1):
        where = "MetricData.member.%d" % n
        if not isinstance(d, dict) or not d.get("MetricName"):
            raise _err(ctx, "MissingParameter", "The parameter %s.MetricName "
                       "is required." % where)
        dims = _dims_in(ctx, d.get("Dimensions"), where)
        ts = _time(ctx, d, "Timestamp") or ctx.now
        unit = d.get("Unit")
        sv = d.get("StatisticValues")
        values = _list(d.get("Values"))
        counts = _list(d.get("Counts"))
        if sv:
            cnt = _num(ctx, sv.get("SampleCount"), where + ".SampleCount")
            tot = _num(ctx, sv.get("Sum"), where + ".Sum")
            lo = _num(ctx, sv.get("Minimum"), where + ".Minimum")
            hi = _num(ctx, sv.get("Maximum"), where + ".Maximum")
            if None in (cnt, tot, lo, hi):
                raise _err(ctx, "MissingParameter", "The parameters "
                           "%s.StatisticValues.SampleCount, Sum, Minimum and "
                           "Maximum are required." % where)
            todo.append((d["MetricName"], dims, ts, tot / cnt if cnt else lo,
                         int(cnt), unit, lo, hi, tot))
        elif values:
            for i, val in enumerate(values):
                c = _num(ctx, counts[i], where + ".Counts") if i < len(
                    counts) else 1.0
                todo.append((d["MetricName"], dims, ts,
                             _num(ctx, val, where + ".Values"),
                             int(c), unit, None, None, None))
        else:
            val = _num(ctx, d.get("Value"), where + ".Value")
            if val is None:
                raise _err(ctx, "MissingParameter", "The parameter "
                           "%s.Value is required." % where)
            todo.append((d["MetricName"], dims, ts, val, 1, unit, None,
                         None, None))
    for (mname, dims, ts, val, cnt, unit, lo, hi, tot) in todo:
        metricdata.record_value(ctx.store, ctx.account_id, ctx.region, ns,
                                mname, dims, ts, val, count=max(cnt, 1),
                                unit=unit, smin=lo, smax=hi, total=tot)
    return None


# ------------------------------------------------------------------ control

def _scope(cctx, spec):
    return (str(spec.get("account") or cctx.store.default_account),
            str(spec.get("region") or "us-east-1"))


@SERVICE.control("POST", "alarms")
def control_alarms(cctx):
    spec = cctx.json()
    if not isinstance(spec, dict):
        return 400, {"error": "expected a JSON object"}
    account, region = _scope(cctx, spec)
    st = _state(cctx.store, account, region)
    now = cctx.store.clock()
    specs = spec.get("alarms")
    if specs is None:
        count = int(spec.get("count", 1))
        if not 0 < count <= 10000:
            return 400, {"error": "count must be 1..10000"}
        prefix = str(spec.get("prefix", "bench-alarm-"))
        fn = spec.get("function") or demo_app.FUNCTIONS[0]["name"]
        specs = []
        for i in range(count):
            specs.append({
                "name": "%s%04d" % (prefix, i + 1),
                "state": spec.get("state") or STATES[i % 3],
                "function": fn, "metric": spec.get("metric", "Errors"),
                "threshold": spec.get("threshold", 1),
                "composite": bool(spec.get("composite")),
                "rule": spec.get("rule"), "since": 60 * (i + 1),
                "created": spec.get("created", DAY)})
    names = []
    for s in specs:
        if not isinstance(s, dict) or not s.get("name"):
            return 400, {"error": "every alarm needs a name"}
        s = dict(s)
        s.setdefault("created", DAY)
        s.setdefault("since", 60)
        if s.get("state", "OK") not in STATES:
            return 400, {"error": "bad state %r" % s.get("state")}
        if s.get("composite"):
            if not s.get("rule"):
                s["rule"] = "FALSE"
            a = _new_composite(account, region, s, now)
        else:
            a = _new_metric_alarm(account, region, s, now)
        if not a["reason"]:
            a["reason"] = {"OK": _ok_reason(a),
                           "ALARM": _alarm_reason(
                               a, now, [a.get("threshold", 0.0) + 1]),
                           "INSUFFICIENT_DATA": _insufficient_reason(a)
                           }[a["state"]]
        st["alarms"][a["name"]] = a
        if a["state"] != "OK":
            _record_transition(st, a, a["state_transitioned"], "OK",
                               a["state"], _ok_reason(a), a["reason"])
        names.append(a["name"])
    st["history"].sort(key=lambda h: h["ts"])
    return {"names": names}


@SERVICE.control("POST", "metrics")
def control_metrics(cctx):
    spec = cctx.json()
    if not isinstance(spec, dict):
        return 400, {"error": "expected a JSON object"}
    account, region = _scope(cctx, spec)
    metric = spec.get("metric")
    if not metric:
        return 400, {"error": "metric is required"}
    points = spec.get("points")
    if not isinstance(points, list):
        return 400, {"error": "points must be a list of [ts, value(, count)]"}
    n = 0
    for p in points:
        if not isinstance(p, list) or len(p) < 2:
            return 400, {"error": "bad point %r" % (p,)}
        try:
            ts = parse_time(p[0])
        except ValueError:
            return 400, {"error": "bad time %r" % (p[0],)}
        count = int(p[2]) if len(p) > 2 else 1
        if spec.get("function"):
            for _ in range(max(count, 1)):
                metricdata.record(cctx.store, account, region,
                                  spec["function"], metric, ts, p[1])
        else:
            metricdata.record_value(
                cctx.store, account, region,
                spec.get("namespace", metricdata.LAMBDA_NS), metric,
                spec.get("dimensions") or {}, ts, p[1], count=max(count, 1),
                unit=spec.get("unit"))
        n += 1
    return {"recorded": n}
