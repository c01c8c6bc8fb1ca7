"""CloudWatch Logs (awsJson 1.1, target prefix Logs_20140328, signing name
logs).

Operations: DescribeLogGroups, DescribeLogStreams, FilterLogEvents,
GetLogEvents, PutLogEvents, CreateLogGroup, CreateLogStream,
DeleteLogGroup, DeleteLogStream, PutRetentionPolicy, DeleteRetentionPolicy,
StartLiveTail (aws-wire.md 7.1: an application/vnd.amazon.eventstream of
initial-response, sessionStart, then a sessionUpdate every second with the
events ingested since; at most 500 per update, else a sample).
The data lives in slemu/logdata.py (Lambda's Invoke appends there too);
--demo seeds slemu/demo_logs.py.  Throttling ("ThrottlingException",
"Rate exceeded") comes from the generic faults.

Paging, as AWS does it:

* DescribeLogGroups / DescribeLogStreams: at most `limit` (1-50, default
  50) items; `nextToken` while more remain.
* FilterLogEvents: events of the selected streams in the time range
  (startTime <= timestamp <= endTime), merged across streams in timestamp
  order.  One call examines at most `scan_budget` events (default 10000;
  POST /__emulator/logs/config) and returns what matched among them: at
  most `limit` events (default and max 10000) and at most 1 MB of messages
  (message bytes + 26 per event).  When the budget runs out the page may be
  partly full or EMPTY and still carries a nextToken; only a missing
  nextToken ends the search.
* GetLogEvents: tokens "f/<56 digits>/s" and "b/<56 digits>/s" are event
  positions; at the end of the stream the token returned equals the one
  sent.

nextTokens of the describe and filter operations are opaque (base64url of
an HMAC-ed JSON position), tied to the request's parameters, valid for 24 h;
garbage gives InvalidParameterException "The specified nextToken is
invalid.".

Control endpoints (POST unless noted, JSON bodies; "account" and "region"
optional, default 123456789012 / us-east-1):

  /__emulator/logs/events    {"group", "stream", "events": [[ts_ms, "msg"],
                             ...]} -> {"appended", "group", "stream",
                             "eventCount"}; with "count" instead of
                             "events": the bulk generator below
  /__emulator/logs/generate  {"group", "count", "stream_count": 1,
                             "start_ms": now - count*interval,
                             "interval_ms": 1000, "stream_prefix":
                             "stream-", "json": false, "template",
                             "mark_every", "mark_offset": 0, "mark":
                             "NEEDLE"} -> {"appended", "streams", "first_ms",
                             "last_ms", "marked"}
  /__emulator/logs/config    {"scan_budget", "max_events_per_group",
                             "max_bytes_per_group"} -> the config
  /__emulator/logs/groups    {"names": [...], "retention_days"?} creates
                             empty log groups -> {"created"}
  GET /__emulator/logs/groups  -> {"groups": [{"name", "streams",
                             "events", "storedBytes"}]}
  GET /__emulator/logs/demo  -> {"seeded_ms", "summary"} (with --demo)
"""

import base64
import hashlib
import hmac
import json
import re
import struct
import time
import uuid
import zlib

from .. import demo, demo_logs, logdata
from ..service import AwsError, Response, Service

SERVICE = Service(signing_name="logs", protocol="json",
                  target_prefix="Logs_20140328", json_version="1.1")

TOKEN_TTL_S = 86400
_TOKEN_KEY = b"slemu/logs/nextToken/v1"
GROUP_NAME_RE = re.compile(r"^[\.\-_/#A-Za-z0-9]{1,512}$")
GROUP_ARN_RE = re.compile(
    r"^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+?)(:\*)?$")
GLT_TOKEN_RE = re.compile(r"^([fb])/(\d{1,60})(?:/s)?$")
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
                  731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
MAX_EVENT_BYTES = 262144
MAX_BATCH_BYTES = 1048576
MAX_BATCH_EVENTS = 10000
TOO_NEW_MS = 2 * 3600 * 1000
TOO_OLD_MS = 14 * 86400 * 1000


def operation(name, locked=True):
    """SERVICE.operation, with ctx.params = the JSON body (an object)."""
    def deco(fn):
        def handler(ctx):
            if not ctx.params:
                body = ctx.json()
                if not isinstance(body, dict):
                    raise AwsError("SerializationException", "Start of "
                                   "structure or map found where not "
                                   "expected.", 400)
                ctx.params = body
            return fn(ctx)
        handler.__name__ = fn.__name__
        handler.__doc__ = fn.__doc__
        SERVICE.operation(name, locked=locked)(handler)
        return fn
    return deco


# ------------------------------------------------------------------ errors

def invalid(message):
    return AwsError("InvalidParameterException", message, 400)


def group_not_found():
    return AwsError("ResourceNotFoundException",
                    "The specified log group does not exist.", 400)


def stream_not_found():
    return AwsError("ResourceNotFoundException",
                    "The specified log stream does not exist.", 400)


def bad_token():
    return invalid("The specified nextToken is invalid.")


def _validation(value, member, constraint):
    return invalid("1 validation error detected: Value '%s' at '%s' failed "
                   "to satisfy constraint: %s" % (value, member, constraint))


def _serialization(member):
    return AwsError("SerializationException",
                    "Unexpected value type in payload for %s" % member, 400)


# -------------------------------------------------------------- parameters

def p_int(ctx, name, lo=None, hi=None, default=None):
    v = ctx.params.get(name)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, (int, float)) or \
            int(v) != v:
        raise _serialization(name)
    v = int(v)
    if lo is not None and v < lo:
        raise _validation(v, name, "Member must have value greater than or "
                          "equal to %d" % lo)
    if hi is not None and v > hi:
        raise _validation(v, name, "Member must have value less than or "
                          "equal to %d" % hi)
    return v


def p_str(ctx, name, lo=None, hi=None, required=False):
    v = ctx.params.get(name)
    if v is None:
        if required:
            raise invalid("1 validation error detected: Value null at '%s' "
                          "failed to satisfy constraint: Member must not be "
                          "null" % name)
        return None
    if not isinstance(v, str):
        raise _serialization(name)
    if lo is not None and len(v) < lo:
        raise _validation(v, name, "Member must have length greater than or "
                          "equal to %d" % lo)
    if hi is not None and len(v) > hi:
        raise _validation(v, name, "Member must have length less than or "
                          "equal to %d" % hi)
    return v


def p_bool(ctx, name, default=False):
    v = ctx.params.get(name)
    if v is None:
        return default
    if not isinstance(v, bool):
        raise _serialization(name)
    return v


def target_group(ctx, required=True):
    """(account, region, name) from logGroupName xor logGroupIdentifier
    (a name or an ARN, with or without ':*')."""
    name = p_str(ctx, "logGroupName", 1, 512)
    ident = p_str(ctx, "logGroupIdentifier", 1, 2048)
    if name is not None and ident is not None:
        raise invalid("LogGroupName and LogGroupIdentifier are mutually "
                      "exclusive parameters.")
    if name is None and ident is None:
        raise invalid("Either LogGroupName or LogGroupIdentifier must be "
                      "specified.")
    if ident is not None:
        m = GROUP_ARN_RE.match(ident)
        if m:
            return m.group(2), m.group(1), m.group(3)
        if ident.startswith("arn:"):
            raise invalid("Invalid log group identifier: %s" % ident)
        name = ident
    return ctx.account_id, ctx.region, name


def find_group(ctx):
    acct, region, name = target_group(ctx)
    g = logdata.get_group(ctx.store, acct, region, name)
    if g is None:
        raise group_not_found()
    return acct, region, g


# ------------------------------------------------------------------ tokens

def _qhash(*parts):
    raw = json.dumps(parts, separators=(",", ":"), sort_keys=True,
                     default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def encode_token(kind, qhash, now_s, **fields):
    """An opaque nextToken: base64url(hmac[:12] + JSON)."""
    payload = dict(fields, k=kind, h=qhash, t=int(now_s))
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    mac = hmac.new(_TOKEN_KEY, raw, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(mac + raw).decode("ascii").rstrip("=")


def decode_token(token, kind, qhash, now_s):
    """The token's fields, or InvalidParameterException when it is garbage,
    belongs to another request, or is older than 24 h."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        raise bad_token()
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        mac, raw = data[:12], data[12:]
        if not hmac.compare_digest(mac, hmac.new(
                _TOKEN_KEY, raw, hashlib.sha256).digest()[:12]):
            raise ValueError
        payload = json.loads(raw.decode("utf-8"))
        if not isinstance(payload, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError, TypeError):
        raise bad_token()
    if payload.get("k") != kind or payload.get("h") != qhash:
        raise bad_token()
    t = payload.get("t")
    if not isinstance(t, int) or now_s - t > TOKEN_TTL_S:
        raise invalid("The specified nextToken has expired.")
    return payload


# ------------------------------------------------------------ log groups

def group_view(g, account_id, region, short=False):
    if short:
        return {"logGroupName": g["name"], "creationTime": g["creationTime"],
                "arn": logdata.group_arn(region, account_id, g["name"])}
    out = {"logGroupName": g["name"], "creationTime": g["creationTime"]}
    if g.get("retentionInDays"):
        out["retentionInDays"] = g["retentionInDays"]
    out["metricFilterCount"] = 0
    out["arn"] = logdata.group_arn(region, account_id, g["name"])
    out["storedBytes"] = g["storedBytes"]
    out["logGroupClass"] = g.get("logGroupClass") or "STANDARD"
    out["logGroupArn"] = logdata.group_arn(region, account_id, g["name"],
                                           star=False)
    return out


@operation("DescribeLogGroups")
def describe_log_groups(ctx):
    prefix = p_str(ctx, "logGroupNamePrefix", 1, 512)
    pattern = p_str(ctx, "logGroupNamePattern", 0, 512)
    if prefix is not None and pattern is not None:
        raise invalid("LogGroupNamePrefix and LogGroupNamePattern are "
                      "mutually exclusive parameters.")
    limit = p_int(ctx, "limit", 1, 50, 50)
    klass = p_str(ctx, "logGroupClass")
    if klass is not None and klass not in ("STANDARD", "INFREQUENT_ACCESS"):
        raise _validation(klass, "logGroupClass", "Member must satisfy enum "
                          "value set: [STANDARD, INFREQUENT_ACCESS]")
    idents = ctx.params.get("logGroupIdentifiers")
    wanted = None
    if idents is not None:
        if not isinstance(idents, list) or not all(
                isinstance(i, str) for i in idents):
            raise _serialization("logGroupIdentifiers")
        if prefix is not None or pattern is not None:
            raise invalid("LogGroupIdentifiers is mutually exclusive with "
                          "LogGroupNamePrefix and LogGroupNamePattern.")
        wanted = set()
        for i in idents:
            m = GROUP_ARN_RE.match(i)
            wanted.add(m.group(3) if m else i)
    st = logdata.region_state(ctx.store, ctx.account_id, ctx.region)
    names = sorted(n for n, g in st["groups"].items()
                   if (prefix is None or n.startswith(prefix)) and
                   (not pattern or pattern in n) and
                   (wanted is None or n in wanted) and
                   (klass is None or g.get("logGroupClass", "STANDARD")
                    == klass))
    qh = _qhash("DescribeLogGroups", ctx.account_id, ctx.region, prefix,
                pattern, klass, sorted(wanted) if wanted else None)
    token = ctx.params.get("nextToken")
    if token is not None:
        after = decode_token(token, "dlg", qh, ctx.now).get("a")
        if not isinstance(after, str):
            raise bad_token()
        names = [n for n in names if n > after]
    page = names[:limit]
    out = {"logGroups": [group_view(st["groups"][n], ctx.account_id,
                                    ctx.region, short=pattern is not None)
                         for n in page]}
    if len(names) > limit:
        out["nextToken"] = encode_token("dlg", qh, ctx.now, a=page[-1])
    return out


@operation("CreateLogGroup")
def create_log_group(ctx):
    name = p_str(ctx, "logGroupName", 1, 512, required=True)
    if not GROUP_NAME_RE.match(name):
        raise _validation(name, "logGroupName", "Member must satisfy regular "
                          "expression pattern: [\\.\\-_/#A-Za-z0-9]+")
    klass = p_str(ctx, "logGroupClass") or "STANDARD"
    if klass not in ("STANDARD", "INFREQUENT_ACCESS", "DELIVERY"):
        raise _validation(klass, "logGroupClass", "Member must satisfy enum "
                          "value set: [STANDARD, INFREQUENT_ACCESS, "
                          "DELIVERY]")
    if logdata.get_group(ctx.store, ctx.account_id, ctx.region, name):
        raise AwsError("ResourceAlreadyExistsException",
                       "The specified log group already exists", 400)
    g = logdata.ensure_group(ctx.store, ctx.account_id, ctx.region, name,
                             created_ms=int(ctx.now * 1000))
    g["logGroupClass"] = klass
    tags = ctx.params.get("tags")
    if isinstance(tags, dict):
        g["tags"] = {str(k): str(v) for k, v in tags.items()}
    return None


@operation("DeleteLogGroup")
def delete_log_group(ctx):
    name = p_str(ctx, "logGroupName", 1, 512, required=True)
    if not logdata.delete_group(ctx.store, ctx.account_id, ctx.region, name):
        raise group_not_found()
    return None


@operation("PutRetentionPolicy")
def put_retention_policy(ctx):
    name = p_str(ctx, "logGroupName", 1, 512, required=True)
    days = p_int(ctx, "retentionInDays")
    if days is None:
        raise invalid("1 validation error detected: Value null at "
                      "'retentionInDays' failed to satisfy constraint: "
                      "Member must not be null")
    if days not in RETENTION_DAYS:
        raise invalid("1 validation error detected: Value '%d' at "
                      "'retentionInDays' failed to satisfy constraint: "
                      "Member must satisfy enum value set: [%s]"
                      % (days, ", ".join(str(d) for d in RETENTION_DAYS)))
    g = logdata.get_group(ctx.store, ctx.account_id, ctx.region, name)
    if g is None:
        raise group_not_found()
    g["retentionInDays"] = days
    return None


@operation("DeleteRetentionPolicy")
def delete_retention_policy(ctx):
    name = p_str(ctx, "logGroupName", 1, 512, required=True)
    g = logdata.get_group(ctx.store, ctx.account_id, ctx.region, name)
    if g is None:
        raise group_not_found()
    g["retentionInDays"] = None
    return None


# ------------------------------------------------------------ log streams

def stream_view(s, account_id, region, group_name):
    out = {"logStreamName": s["name"], "creationTime": s["creationTime"]}
    if s["events"]:
        out["firstEventTimestamp"] = s["firstEventTimestamp"]
        out["lastEventTimestamp"] = s["lastEventTimestamp"]
        out["lastIngestionTime"] = s["lastIngestionTime"]
        out["uploadSequenceToken"] = "%056d" % logdata.position(
            s["events"][-1])
    out["arn"] = logdata.stream_arn(region, account_id, group_name,
                                    s["name"])
    out["storedBytes"] = s["storedBytes"]
    return out


@operation("DescribeLogStreams")
def describe_log_streams(ctx):
    acct, region, g = find_group(ctx)
    prefix = p_str(ctx, "logStreamNamePrefix", 1, 512)
    order = p_str(ctx, "orderBy")
    if order is None:
        order = "LogStreamName"
    if order not in ("LogStreamName", "LastEventTime"):
        raise _validation(order, "orderBy", "Member must satisfy enum value "
                          "set: [LogStreamName, LastEventTime]")
    if prefix is not None and order == "LastEventTime":
        raise invalid("Cannot order by LastEventTime with a "
                      "logStreamNamePrefix.")
    desc = p_bool(ctx, "descending", False)
    limit = p_int(ctx, "limit", 1, 50, 50)

    def key(s):
        if order == "LastEventTime":
            return [s["lastEventTimestamp"] or 0, s["name"]]
        return [s["name"]]
    streams = [s for n, s in g["streams"].items()
               if prefix is None or n.startswith(prefix)]
    streams.sort(key=key, reverse=desc)
    qh = _qhash("DescribeLogStreams", acct, region, g["name"], prefix, order,
                desc)
    token = ctx.params.get("nextToken")
    if token is not None:
        after = decode_token(token, "dls", qh, ctx.now).get("a")
        if not isinstance(after, list):
            raise bad_token()
        try:
            streams = [s for s in streams
                       if (key(s) < after if desc else key(s) > after)]
        except TypeError:
            raise bad_token()
    page = streams[:limit]
    out = {"logStreams": [stream_view(s, acct, region, g["name"])
                          for s in page]}
    if len(streams) > limit:
        out["nextToken"] = encode_token("dls", qh, ctx.now, a=key(page[-1]))
    return out


def _stream_name_ok(name):
    return ":" not in name and "*" not in name


@operation("CreateLogStream")
def create_log_stream(ctx):
    acct, region, g = find_group(ctx)
    name = p_str(ctx, "logStreamName", 1, 512, required=True)
    if not _stream_name_ok(name):
        raise _validation(name, "logStreamName", "Member must satisfy "
                          "regular expression pattern: [^:*]*")
    if name in g["streams"]:
        raise AwsError("ResourceAlreadyExistsException",
                       "The specified log stream already exists", 400)
    logdata.new_stream(g, name, int(ctx.now * 1000))
    return None


@operation("DeleteLogStream")
def delete_log_stream(ctx):
    acct, region, g = find_group(ctx)
    name = p_str(ctx, "logStreamName", 1, 512, required=True)
    s = g["streams"].pop(name, None)
    if s is None:
        raise stream_not_found()
    g["eventCount"] -= len(s["events"])
    g["storedBytes"] -= s["storedBytes"]
    return None


# ------------------------------------------------------------- log events

@operation("PutLogEvents")
def put_log_events(ctx):
    acct, region, gname = target_group(ctx)
    sname = p_str(ctx, "logStreamName", 1, 512, required=True)
    events = ctx.params.get("logEvents")
    if events is None:
        raise invalid("1 validation error detected: Value null at "
                      "'logEvents' failed to satisfy constraint: Member "
                      "must not be null")
    if not isinstance(events, list):
        raise _serialization("logEvents")
    if not events:
        raise _validation("[]", "logEvents", "Member must have length "
                          "greater than or equal to 1")
    if len(events) > MAX_BATCH_EVENTS:
        raise _validation("[...]", "logEvents", "Member must have length "
                          "less than or equal to %d" % MAX_BATCH_EVENTS)
    batch = []
    total = 0
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            raise _serialization("logEvents")
        ts, msg = e.get("timestamp"), e.get("message")
        if ts is None or msg is None:
            raise invalid("1 validation error detected: Value null at "
                          "'logEvents.%d.member.%s' failed to satisfy "
                          "constraint: Member must not be null"
                          % (i + 1, "timestamp" if ts is None else "message"))
        if isinstance(ts, bool) or not isinstance(ts, (int, float)) or \
                not isinstance(msg, str):
            raise _serialization("logEvents")
        if not msg:
            raise _validation("", "logEvents.%d.member.message" % (i + 1),
                              "Member must have length greater than or "
                              "equal to 1")
        size = logdata.message_size(msg)
        if size > MAX_EVENT_BYTES:
            raise invalid("Log event too large: %d bytes exceeds limit of %d"
                          % (size, MAX_EVENT_BYTES))
        total += size
        batch.append((int(ts), msg))
    if total > MAX_BATCH_BYTES:
        raise invalid("Upload too large: %d bytes exceeds limit of %d"
                      % (total, MAX_BATCH_BYTES))
    g = logdata.get_group(ctx.store, acct, region, gname)
    if g is None:
        raise group_not_found()
    if sname not in g["streams"]:
        raise stream_not_found()
    for a, b in zip(batch, batch[1:]):
        if b[0] < a[0]:
            raise invalid("Log events in a single PutLogEvents request must "
                          "be in chronological order.")
    if batch[-1][0] - batch[0][0] > 86400 * 1000:
        raise invalid("The batch of log events in a single PutLogEvents "
                      "request cannot span more than 24 hours.")
    now = int(ctx.now * 1000)
    old_limit = now - TOO_OLD_MS
    if g.get("retentionInDays"):
        old_limit = max(old_limit, now - g["retentionInDays"] * 86400000)
    too_old = sum(1 for ts, _ in batch if ts < old_limit)
    too_new_at = next((i for i, (ts, _) in enumerate(batch)
                       if ts > now + TOO_NEW_MS), None)
    keep = batch[too_old:too_new_at]
    logdata.append_events(ctx.store, acct, region, gname, sname, keep,
                          now=now)
    st = logdata.region_state(ctx.store, acct, region)
    out = {"nextSequenceToken": "%056d" % st["seq"]}
    if too_old or too_new_at is not None:
        info = {}
        if too_new_at is not None:
            info["tooNewLogEventStartIndex"] = too_new_at
        if too_old:
            info["tooOldLogEventEndIndex"] = too_old
        out["rejectedLogEventsInfo"] = info
    return out


def _time_range(ctx):
    start = p_int(ctx, "startTime", 0)
    end = p_int(ctx, "endTime", 0)
    return start, end


@operation("FilterLogEvents")
def filter_log_events(ctx):
    acct, region, g = find_group(ctx)
    names = ctx.params.get("logStreamNames")
    prefix = p_str(ctx, "logStreamNamePrefix", 1, 512)
    if names is not None:
        if not isinstance(names, list) or not all(
                isinstance(n, str) for n in names):
            raise _serialization("logStreamNames")
        if not 1 <= len(names) <= 100:
            raise _validation("[...]", "logStreamNames", "Member must have "
                              "length %s" % ("greater than or equal to 1"
                                             if not names else
                                             "less than or equal to 100"))
        if prefix is not None:
            raise invalid("logStreamNames and logStreamNamePrefix are "
                          "mutually exclusive parameters.")
    start, end = _time_range(ctx)
    pattern = p_str(ctx, "filterPattern", 0, 1024)
    limit = p_int(ctx, "limit", 1, 10000, 10000)
    descending = ctx.params.get("startFromHead") is False
    p_bool(ctx, "interleaved")
    p_bool(ctx, "unmask")
    try:
        matcher = logdata.compile_filter(pattern)
    except logdata.PatternError:
        raise invalid("Invalid filter pattern")
    if names is not None:
        sel = sorted(set(names))
        streams = [(n, g["streams"][n]) for n in sel if n in g["streams"]]
    else:
        streams = sorted((n, s) for n, s in g["streams"].items()
                         if prefix is None or n.startswith(prefix))
    qh = _qhash("FilterLogEvents", acct, region, g["name"],
                sorted(set(names)) if names is not None else None, prefix,
                start, end, pattern or "", descending)
    token = ctx.params.get("nextToken")
    cursor = None
    page_no = 0
    if token is not None:
        tok = decode_token(token, "fle", qh, ctx.now)
        cursor, page_no = tok.get("p"), tok.get("n", 0)
        if not isinstance(cursor, int) or not isinstance(page_no, int):
            raise bad_token()
    if start is not None and end is not None and start > end:
        return {"events": [], "searchedLogStreams": []}
    cfg = logdata.config(ctx.store)
    found, last, more, searched = logdata.filter_scan(
        streams, start, end, matcher, limit, cursor=cursor,
        budget=max(1, int(cfg["scan_budget"])), descending=descending)
    out = {"events": [{"logStreamName": n, "timestamp": ev[logdata.TS],
                       "message": ev[logdata.MSG],
                       "ingestionTime": ev[logdata.ING],
                       "eventId": logdata.event_id(ev)}
                      for n, ev in found],
           "searchedLogStreams": [{"logStreamName": n,
                                   "searchedCompletely": done}
                                  for n, done in searched]}
    if more:
        out["nextToken"] = encode_token("fle", qh, ctx.now, p=last,
                                        n=page_no + 1)
    return out


def _glt_token(kind, pos):
    return "%s/%056d/s" % (kind, max(0, pos))


@operation("GetLogEvents")
def get_log_events(ctx):
    acct, region, g = find_group(ctx)
    sname = p_str(ctx, "logStreamName", 1, 512, required=True)
    start, end = _time_range(ctx)
    limit = p_int(ctx, "limit", 1, 10000, 10000)
    head = p_bool(ctx, "startFromHead", False)
    p_bool(ctx, "unmask")
    token = ctx.params.get("nextToken")
    parsed = None
    if token is not None:
        m = GLT_TOKEN_RE.match(token) if isinstance(token, str) else None
        if not m:
            raise bad_token()
        parsed = (m.group(1), int(m.group(2)))
    s = g["streams"].get(sname)
    if s is None:
        raise stream_not_found()
    evs = s["events"]
    a, b = logdata.stream_window(s, start, end)
    lower = (start or 0) << logdata.SEQ_BITS
    if parsed is None:
        if head:
            i, j = a, logdata.page_forward(evs, a, b, limit)
        else:
            j, i = b, logdata.page_backward(evs, a, b, limit)
    elif parsed[0] == "f":
        i = max(a, logdata.bisect_pos(evs, parsed[1], right=True))
        j = logdata.page_forward(evs, i, max(i, b), limit)
    else:
        j = min(b, logdata.bisect_pos(evs, parsed[1]))
        j = max(a, j)
        i = logdata.page_backward(evs, a, j, limit)
    page = evs[i:j]
    if page:
        fwd = _glt_token("f", logdata.position(page[-1]))
        bwd = _glt_token("b", logdata.position(page[0]))
    elif parsed is not None and parsed[0] == "f":
        fwd = token
        bwd = _glt_token("b", parsed[1] + 1)
    elif parsed is not None:
        bwd = token
        fwd = _glt_token("f", parsed[1] - 1)
    else:
        fwd = _glt_token("f", lower - 1)
        bwd = _glt_token("b", lower)
    return {"events": [{"timestamp": ev[logdata.TS],
                        "message": ev[logdata.MSG],
                        "ingestionTime": ev[logdata.ING]} for ev in page],
            "nextForwardToken": fwd, "nextBackwardToken": bwd}


# -------------------------------------------------------------- Live Tail

LIVE_TAIL_MAX_SESSION_S = 3 * 3600
LIVE_TAIL_INTERVAL_S = 1.0
LIVE_TAIL_MAX_EVENTS = 500


def _es_header(name, value):
    n, v = name.encode("utf-8"), value.encode("utf-8")
    return struct.pack("!B", len(n)) + n + b"\x07" + \
        struct.pack("!H", len(v)) + v


def event_stream_message(headers, payload):
    """One application/vnd.amazon.eventstream message (string headers)."""
    hb = b"".join(_es_header(k, v) for k, v in headers)
    prelude = struct.pack("!II", 16 + len(hb) + len(payload), len(hb))
    msg = prelude + struct.pack("!I", zlib.crc32(prelude) & 0xffffffff) + \
        hb + payload
    return msg + struct.pack("!I", zlib.crc32(msg) & 0xffffffff)


def _es_event(event_type, obj):
    return event_stream_message(
        [(":message-type", "event"), (":event-type", event_type),
         (":content-type", "application/json")],
        json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def _new_events(streams, last_seq):
    """Events of `streams` appended after sequence number last_seq (the
    tail end of each stream; events inserted far back in time are not
    seen, as with the real service's ingestion-time window)."""
    out = []
    for name, s in streams:
        evs = s["events"]
        i = len(evs) - 1
        while i >= 0 and evs[i][logdata.SEQ] > last_seq:
            out.append((name, evs[i]))
            i -= 1
    return out


@operation("StartLiveTail", locked=False)
def start_live_tail(ctx):
    """Validated under the lock, then a stream: initial-response,
    sessionStart, a sessionUpdate every second (at most 500 events, then
    sampled), SessionTimeoutException after 3 hours."""
    idents = ctx.params.get("logGroupIdentifiers")
    if idents is None:
        raise invalid("1 validation error detected: Value null at "
                      "'logGroupIdentifiers' failed to satisfy constraint: "
                      "Member must not be null")
    if not isinstance(idents, list) or not all(isinstance(i, str)
                                               for i in idents):
        raise _serialization("logGroupIdentifiers")
    if not 1 <= len(idents) <= 10:
        raise _validation("[...]", "logGroupIdentifiers", "Member must have "
                          "length less than or equal to 10" if idents else
                          "Member must have length greater than or equal "
                          "to 1")
    names = ctx.params.get("logStreamNames")
    prefixes = ctx.params.get("logStreamNamePrefixes")
    for key, v in (("logStreamNames", names),
                   ("logStreamNamePrefixes", prefixes)):
        if v is not None and (not isinstance(v, list) or not all(
                isinstance(x, str) for x in v) or not 1 <= len(v) <= 100):
            raise invalid("Invalid %s." % key)
    if names is not None and prefixes is not None:
        raise invalid("logStreamNames and logStreamNamePrefixes are mutually "
                      "exclusive parameters.")
    if (names is not None or prefixes is not None) and len(idents) > 1:
        raise invalid("logStreamNames and logStreamNamePrefixes can only be "
                      "used with a single log group.")
    pattern = p_str(ctx, "logEventFilterPattern", 0, 1024)
    try:
        matcher = logdata.compile_filter(pattern)
    except logdata.PatternError:
        raise invalid("Invalid filter pattern")
    targets = []
    with ctx.store.lock:
        for ident in idents:
            if ident.endswith(":*"):
                raise invalid("LogGroupIdentifier %s is not a valid log "
                              "group ARN: remove the trailing ':*'." % ident)
            m = GROUP_ARN_RE.match(ident)
            if not m:
                raise invalid("Invalid log group identifier %s: give the "
                              "log group ARN." % ident)
            acct, region, gname = m.group(2), m.group(1), m.group(3)
            if logdata.get_group(ctx.store, acct, region, gname) is None:
                raise group_not_found()
            targets.append((ident, acct, region, gname))
        last = {(a, r): logdata.region_state(ctx.store, a, r)["seq"]
                for _, a, r, _ in targets}
    store = ctx.store
    stopping = ctx.stopping
    request_id = ctx.request_id
    session_id = str(uuid.uuid4())

    def selected(g):
        for n, s in g["streams"].items():
            if names is not None and n not in names:
                continue
            if prefixes is not None and not any(n.startswith(p)
                                                for p in prefixes):
                continue
            yield n, s

    def gen():
        yield _es_event("initial-response", {})
        yield _es_event("sessionStart", {
            "requestId": request_id, "sessionId": session_id,
            "logGroupIdentifiers": idents,
            "logStreamNames": names or [],
            "logStreamNamePrefixes": prefixes or [],
            "logEventFilterPattern": pattern or ""})
        started = time.monotonic()
        while True:
            if stopping is not None:
                if stopping.wait(LIVE_TAIL_INTERVAL_S):
                    return
            else:
                time.sleep(LIVE_TAIL_INTERVAL_S)
            if time.monotonic() - started > LIVE_TAIL_MAX_SESSION_S:
                yield event_stream_message(
                    [(":message-type", "exception"),
                     (":exception-type", "SessionTimeoutException"),
                     (":content-type", "application/json")],
                    json.dumps({"message": "Session timed out after 3 "
                                "hours."}).encode("utf-8"))
                return
            results = []
            with store.lock:
                for ident, acct, region, gname in targets:
                    st = logdata.region_state(store, acct, region)
                    g = st["groups"].get(gname)
                    if g is None:
                        continue
                    for sname, ev in _new_events(list(selected(g)),
                                                 last[(acct, region)]):
                        if matcher is None or matcher(ev[logdata.MSG]):
                            results.append((ev[logdata.ING],
                                            logdata.position(ev), {
                                "logStreamName": sname,
                                "logGroupIdentifier": ident,
                                "message": ev[logdata.MSG],
                                "timestamp": ev[logdata.TS],
                                "ingestionTime": ev[logdata.ING]}))
                for key in last:
                    last[key] = logdata.region_state(store, *key)["seq"]
            results.sort(key=lambda r: (r[0], r[1]))
            sampled = len(results) > LIVE_TAIL_MAX_EVENTS
            if sampled:
                step = len(results) / float(LIVE_TAIL_MAX_EVENTS)
                results = [results[int(i * step)]
                           for i in range(LIVE_TAIL_MAX_EVENTS)]
            yield _es_event("sessionUpdate", {
                "sessionMetadata": {"sampled": sampled},
                "sessionResults": [r[2] for r in results]})

    return Response(200, stream=gen(),
                    content_type="application/vnd.amazon.eventstream")


# ------------------------------------------------------------ reset, demo

@SERVICE.on_reset
def seed(store, demo_mode):
    if demo_mode:
        demo_logs.seed(store, store.default_account, demo.REGION)


# -------------------------------------------------------- control endpoints

def _scope(cctx, body):
    return (str(body.get("account") or cctx.store.default_account),
            str(body.get("region") or demo.REGION))


def _generate(cctx, body):
    acct, region = _scope(cctx, body)
    group = body.get("group")
    if not isinstance(group, str) or not group:
        return 400, {"error": "group is required"}
    count = int(body.get("count", 0))
    if not 0 <= count <= 1000000:
        return 400, {"error": "count must be within 0..1000000"}
    nstreams = max(1, int(body.get("stream_count", 1)))
    interval = int(body.get("interval_ms", 1000))
    now = logdata.now_ms(cctx.store)
    start = int(body.get("start_ms", now - count * interval))
    prefix = str(body.get("stream_prefix", "stream-"))
    as_json = bool(body.get("json"))
    template = body.get("template")
    every = int(body.get("mark_every") or 0)
    offset = int(body.get("mark_offset") or 0)
    mark = str(body.get("mark", "NEEDLE"))
    per = [[] for _ in range(nstreams)]
    marked = 0
    for i in range(count):
        s = i % nstreams
        ts = start + i * interval
        level = "ERROR" if i % 100 == 99 else "WARN" if i % 10 == 9 \
            else "INFO"
        is_marked = every > 0 and i % every == offset
        marked += is_marked
        if as_json:
            doc = {"i": i, "stream": s, "level": level.lower(),
                   "latencyMs": (i * 37) % 500, "msg": "bulk event"}
            if is_marked:
                doc["mark"] = mark
            msg = json.dumps(doc, separators=(",", ":"))
        else:
            if template:
                msg = str(template).format(i=i, s=s, ts=ts, level=level,
                                           count=count)
            else:
                msg = "bulk event %d stream=%d level=%s" % (i, s, level)
            if is_marked:
                msg += " " + mark
        per[s].append((ts, msg))
    names = []
    width = max(3, len(str(nstreams - 1)))
    for s, evs in enumerate(per):
        name = "%s%0*d" % (prefix, width, s)
        names.append(name)
        logdata.append_events(cctx.store, acct, region, group, name, evs,
                              now=now)
    return {"appended": count, "group": group, "streams": names,
            "first_ms": start, "last_ms": start + max(0, count - 1) *
            interval, "marked": marked}


@SERVICE.control("POST", "events")
def control_events(cctx):
    body = cctx.json()
    if not isinstance(body, dict):
        return 400, {"error": "body must be a JSON object"}
    if "events" not in body and "count" in body:
        return _generate(cctx, body)
    acct, region = _scope(cctx, body)
    group, stream, events = body.get("group"), body.get("stream"), \
        body.get("events")
    if not isinstance(group, str) or not group or \
            not isinstance(stream, str) or not stream:
        return 400, {"error": "group and stream are required"}
    if not isinstance(events, list):
        return 400, {"error": "events must be [[timestamp_ms, message], ...]"}
    batch = []
    for e in events:
        if isinstance(e, dict):
            e = [e.get("timestamp"), e.get("message")]
        if not isinstance(e, list) or len(e) < 2 or \
                not isinstance(e[0], (int, float)) or \
                not isinstance(e[1], str):
            return 400, {"error": "events must be [[timestamp_ms, message], "
                         "...]"}
        batch.append((int(e[0]), e[1]))
    n = logdata.append_events(cctx.store, acct, region, group, stream, batch)
    g = logdata.get_group(cctx.store, acct, region, group)
    return {"appended": n, "group": group, "stream": stream,
            "eventCount": g["eventCount"]}


@SERVICE.control("POST", "generate")
def control_generate(cctx):
    body = cctx.json()
    if not isinstance(body, dict):
        return 400, {"error": "body must be a JSON object"}
    return _generate(cctx, body)


@SERVICE.control("POST", "config")
def control_config(cctx):
    body = cctx.json()
    cfg = logdata.config(cctx.store)
    for k in ("scan_budget", "max_events_per_group", "max_bytes_per_group"):
        if k in body:
            v = body[k]
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                return 400, {"error": "%s must be a positive integer" % k}
            cfg[k] = v
    return dict(cfg)


@SERVICE.control("GET", "config")
def control_config_get(cctx):
    return dict(logdata.config(cctx.store))


@SERVICE.control("GET", "groups")
def control_groups(cctx):
    acct = cctx.query.get("account") or cctx.store.default_account
    region = cctx.query.get("region") or demo.REGION
    st = logdata.region_state(cctx.store, acct, region)
    return {"groups": [{"name": n, "streams": len(g["streams"]),
                        "events": g["eventCount"],
                        "storedBytes": g["storedBytes"]}
                       for n, g in sorted(st["groups"].items())]}


@SERVICE.control("POST", "groups")
def control_create_groups(cctx):
    body = cctx.json()
    if not isinstance(body, dict) or not isinstance(body.get("names"), list):
        return 400, {"error": "want {\"names\": [...]}"}
    acct, region = _scope(cctx, body)
    created = 0
    for n in body["names"]:
        if not isinstance(n, str) or not n:
            return 400, {"error": "names must be non-empty strings"}
        if logdata.get_group(cctx.store, acct, region, n) is None:
            logdata.ensure_group(cctx.store, acct, region, n,
                                 retention_days=body.get("retention_days"))
            created += 1
    return {"created": created}


@SERVICE.control("GET", "demo")
def control_demo(cctx):
    st = logdata.region_state(cctx.store, cctx.store.default_account,
                              demo.REGION)
    seeded = st.get("demo_seeded_ms")
    if seeded is None:
        return 404, {"error": "no demo data (start with --demo or reset "
                     "with {\"demo\": true})"}
    return {"seeded_ms": seeded,
            "groups": {n: {"events": v["events"], "streams": v["streams"]}
                       for n, v in demo_logs.summary(seeded).items()}}
