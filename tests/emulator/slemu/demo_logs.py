"""Demo CloudWatch Logs data for ``--demo``: what the demo application of
demo.py would have logged during the last 24 hours.

For every function of demo.FUNCTIONS, its log group /aws/lambda/<name> with
a few thousand events over the last 24 h (more in the last hour), spread
over Lambda-style streams "YYYY/MM/DD/[$LATEST]<32 hex>" (a new stream per
cold start; three concurrent containers during the last hour):

* INIT_START / START / END / REPORT lines in the real Lambda format
  (Init Duration on cold starts, "Status: timeout" on timeouts);
* application lines "<ISO ts>\t<requestId>\tINFO\t<msg>" (Node.js) and
  "[INFO]\t<ISO ts>\t<requestId>\t<msg>" (Python);
* structured JSON lines {"level":"info","msg":"user fetched",...,
  "latencyMs":42} for the users-api functions;
* GetUser: TypeError "Cannot read properties of undefined (reading 'id')"
  with multi-line stack traces, concentrated in the last 30 minutes (a
  burst of 17 failing requests 25-26 minutes ago: its alarm);
* SlowReport: "Task timed out after 3.00 seconds" for most runs of the
  last 9 hours;
* CreateUser: very long lines (payload dumps > 10 KB, one of ~120 KB);
* ListUsers: untrusted text: terminal escape sequences (colours, an OSC
  window title, screen clear), a bare carriage return, bell, backspace,
  bidi overrides, umlauts, CJK, emoji;
* ProcessOrder (Python): SQS batches, the odd KeyError traceback.

Plus API_ACCESS_LOG_GROUP: the API Gateway access log of users-api, one
JSON line per API request.

Deterministic: every random choice comes from random.Random seeded with a
constant per group, and every time is an offset before the seeding moment,
so the number and content of events (except timestamps) never change.
Nothing is logged between 58 and 62 minutes or between 29 and 31 minutes
before the seeding moment, so counts "since 1 h" / "since 30 min" are
stable for tests that run within two minutes of a reset.  summary() gives
the counts tests compare with.
"""

import hashlib
import json
import math
import random
import time

from . import demo, logdata

API_ACCESS_LOG_GROUP = "/aws/apigateway/users-api-access-logs"

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

IDLE_MS = 20 * MINUTE           # a container idle longer than this is gone
LIFETIME_MS = 2 * HOUR          # containers are recycled after this

TYPE_ERROR = "Cannot read properties of undefined (reading 'id')"
TYPE_ERROR_STACK = [
    "TypeError: " + TYPE_ERROR,
    "    at mapUser (file:///var/task/get-user.mjs:14:32)",
    "    at Runtime.handler (file:///var/task/get-user.mjs:31:18)",
    "    at process.processTicksAndRejections "
    "(node:internal/process/task_queues:95:5)",
]

RUNTIME_VERSIONS = {
    "nodejs20.x": ("nodejs:20.v33", "0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea"
                   "0686b404502a0c9ce83931b9"),
    "python3.12": ("python:3.12.v38", "7f3b0bc2d4c2a1e8d1b8f0b3f7e0b9d6c5a4e3f"
                   "2d1c0b9a8e7f6d5c4b3a2e1f0"),
}

# Untrusted text for the client to render safely (ListUsers logs them).
NASTY = [
    "display name: \x1b[31mred\x1b[0m",
    "display name: \x1b]0;pwned-title\x07",
    "progress 10%\rprogress 100%",
    "Grüße aus München, Jürgen Groß",
    "用户 山田太郎 已登录",
    "🚀 deployed ✅ 👍🏽",
    "bell\x07 backspace\x08 tab\there",
    "\x1b[2J\x1b[Hscreen cleared",
    "rtl override \u202egnp.exe\u202c",
    "zero\u200bwidth and combining e\u0301 vs \u00e9",
    "\x1b[1;32mbold green\x1b[0m and \x1b[5mblink\x1b[25m",
    "Ünïcödé ÄÖÜ äöü ß — ＦＵＬＬＷＩＤＴＨ — 한국어 — العربية",
]
USER_NAMES = ["Jürgen Groß", "山田太郎", "Zoë Ångström", "Søren Kierkegaard",
              "Анна Каренина", "José Núñez", "李小龙", "Ólafur Arnalds"]


# ---------------------------------------------------------------- formats

def iso(ts_ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts_ms // 1000)) + \
        ".%03dZ" % (ts_ms % 1000)


def request_id(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16],
                                  "89ab"[int(h[16], 16) % 4], h[17:20],
                                  h[20:32])


def init_start_line(runtime):
    version, arn_hex = RUNTIME_VERSIONS.get(runtime,
                                            RUNTIME_VERSIONS["nodejs20.x"])
    return ("INIT_START Runtime Version: %s\tRuntime Version ARN: "
            "arn:aws:lambda:%s::runtime:%s\n" % (version, demo.REGION,
                                                 arn_hex))


def start_line(rid, version="$LATEST"):
    return "START RequestId: %s Version: %s\n" % (rid, version)


def end_line(rid):
    return "END RequestId: %s\n" % rid


def report_line(rid, duration_ms, memory_mb, max_used_mb, init_ms=None,
                status=None):
    """REPORT RequestId: ...\tDuration: 12.34 ms\tBilled Duration: 13 ms\t
    Memory Size: 256 MB\tMax Memory Used: 78 MB[\tInit Duration: ...]\t"""
    parts = ["REPORT RequestId: %s" % rid,
             "Duration: %.2f ms" % duration_ms,
             "Billed Duration: %d ms" % max(1, math.ceil(duration_ms)),
             "Memory Size: %d MB" % memory_mb,
             "Max Memory Used: %d MB" % max_used_mb]
    if init_ms is not None:
        parts.append("Init Duration: %.2f ms" % init_ms)
    if status:
        parts.append("Status: %s" % status)
    return "\t".join(parts) + "\t\n"


def node_line(ts, rid, level, msg):
    return "%s\t%s\t%s\t%s\n" % (iso(ts), rid, level, msg)


def python_line(ts, rid, level, msg):
    return "[%s]\t%s\t%s\t%s\n" % (level, iso(ts), rid, msg)


def json_line(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def timeout_line(ts, rid, seconds):
    return "%s %s Task timed out after %.2f seconds\n" % (iso(ts), rid,
                                                         seconds)


# ------------------------------------------------------------ the builder

def _in_gap(off):
    return 58 * MINUTE <= off < 62 * MINUTE or \
        29 * MINUTE <= off < 31 * MINUTE


def _offsets(rng, n, lo, hi):
    """n invocation offsets (ms before now) in [lo, hi), outside the gaps,
    newest last."""
    out = []
    while len(out) < n:
        off = rng.randrange(lo, hi)
        if not _in_gap(off) and not _in_gap(off - 4 * SECOND):
            out.append(off)
    out.sort(reverse=True)
    return out


class _Group:
    def __init__(self, name, now, created, retention=None):
        self.name = name
        self.now = now
        self.created = created
        self.retention = retention
        self.streams = {}           # name -> [(ts, msg, ingestion)]
        self.rng_ing = random.Random("slemu-demo-logs/ingest/" + name)

    def add(self, stream, ts, msg):
        ing = ts + 200 + self.rng_ing.randrange(1800)
        self.streams.setdefault(stream, []).append((ts, msg, ing))


class _Function:
    """Containers (log streams) of one function."""

    def __init__(self, fn, group, rng):
        self.fn = fn
        self.group = group
        self.rng = rng
        self.slots = {}

    def container(self, t, slot=0):
        c = self.slots.get(slot)
        cold = c is None or t - c["last"] > IDLE_MS or \
            t - c["born"] > LIFETIME_MS
        if cold:
            name = "%s/[$LATEST]%032x" % (
                time.strftime("%Y/%m/%d", time.gmtime(t // 1000)),
                self.rng.getrandbits(128))
            c = self.slots[slot] = {"stream": name, "born": t, "last": t}
        return c, cold

    def invoke(self, t, slot, body):
        """Log one invocation at time t; body(t0, rid, emit) logs the
        application lines and returns (duration_ms, status)."""
        c, cold = self.container(t, slot)
        stream = c["stream"]
        rng = self.rng
        fn = self.fn
        init_ms = None
        if cold:
            init_ms = (rng.uniform(150, 420) if fn["runtime"].startswith(
                "nodejs") else rng.uniform(90, 260))
            self.group.add(stream, t - int(init_ms) - 2,
                           init_start_line(fn["runtime"]))
        rid = request_id(rng)
        self.group.add(stream, t, start_line(rid))

        def emit(ts, msg):
            self.group.add(stream, ts, msg)
        duration, status = body(t, rid, emit)
        end = t + int(duration)
        self.group.add(stream, end, end_line(rid))
        used = min(fn["memory"], int(rng.uniform(0.25, 0.45) * fn["memory"])
                   + (20 if cold else 0))
        self.group.add(stream, end, report_line(rid, duration, fn["memory"],
                                                used, init_ms, status))
        c["last"] = end
        return rid, duration


def _node_time(rng, t, lo=1, hi=6):
    return t + rng.randrange(lo, hi)


# -- one generator per demo behaviour ------------------------------------

def _api_access(api, rng, t, duration, method, resource, path, status,
                length):
    off = api.now - t
    stream = "%032x" % int(hashlib.md5(("apigw-%d" % (off // (6 * HOUR)))
                                       .encode()).hexdigest(), 16)
    ts = t + int(duration) + 3
    api.add(stream, ts, json_line({
        "requestId": request_id(rng),
        "ip": "%d.%d.%d.%d" % (rng.choice([(203, 0, 113), (198, 51, 100),
                                           (192, 0, 2)]) +
                               (rng.randrange(1, 255),)),
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000",
                                     time.gmtime(t // 1000)),
        "httpMethod": method, "resourcePath": resource, "path": path,
        "status": status, "protocol": "HTTP/1.1", "responseLength": length,
        "integrationLatency": int(duration) + 2,
        "responseLatency": int(duration) + 6,
        "userAgent": rng.choice(["Mozilla/5.0 (X11; Linux x86_64)",
                                 "okhttp/4.12.0", "curl/8.5.0",
                                 "users-web/2.3.1"])}))


def _get_user(f, api, arng):
    rng = f.rng
    now = f.group.now
    plan = [(off, False) for off in _offsets(rng, 320, 62 * MINUTE,
                                             int(23.5 * HOUR))]
    # three sporadic failures earlier in the day
    for off in _offsets(random.Random("getuser-old-errors"), 3, 2 * HOUR,
                        20 * HOUR):
        plan.append((off, True))
    plan += [(off, False) for off in _offsets(rng, 80, 31 * MINUTE,
                                              60 * MINUTE)]
    recent = _offsets(rng, 170, 10 * SECOND, 30 * MINUTE)
    plan += [(off, rng.random() < 0.3 and off < 29 * MINUTE)
             for off in recent]
    burst = _offsets(rng, 20, 25 * MINUTE + 2 * SECOND, 26 * MINUTE)
    plan += [(off, i < 17) for i, off in enumerate(burst)]
    plan.sort(key=lambda p: -p[0])
    for off, fail in plan:
        t = now - off
        slot = rng.randrange(3) if off < HOUR else 0
        user = "u-%d" % rng.randrange(100, 999)

        def body(t0, rid, emit, fail=fail, user=user):
            ts = _node_time(rng, t0)
            emit(ts, node_line(ts, rid, "INFO", "fetching user %s" % user))
            if fail:
                lat = rng.randrange(3, 15)
                ts += lat
                emit(ts, json_line({"level": "error", "time": iso(ts),
                                    "requestId": rid,
                                    "msg": "user lookup failed",
                                    "userId": user, "errorType": "TypeError",
                                    "latencyMs": lat}))
                ts += 1
                emit(ts, node_line(ts, rid, "ERROR",
                                   "\n".join(TYPE_ERROR_STACK)))
                ts += 1
                emit(ts, node_line(ts, rid, "ERROR", "Invoke Error \t" +
                                   json.dumps({"errorType": "TypeError",
                                               "errorMessage": TYPE_ERROR,
                                               "stack": TYPE_ERROR_STACK},
                                              separators=(",", ":"))))
                return ts - t0 + rng.uniform(0.2, 0.9), None
            lat = rng.randrange(120, 480) if rng.random() < 0.12 else \
                rng.randrange(8, 95)
            if lat > 100:
                emit(ts + 1, json_line({
                    "level": "warn", "time": iso(ts + 1), "requestId": rid,
                    "msg": "slow dynamodb query", "table": "users-api-"
                    "UsersTable-1M3T2ZK0Q9XY", "latencyMs": lat}))
            ts += lat
            emit(ts, json_line({"level": "info", "time": iso(ts),
                                "requestId": rid, "msg": "user fetched",
                                "userId": user, "latencyMs": lat}))
            return ts - t0 + rng.uniform(1.0, 4.0), None
        rid, dur = f.invoke(t, slot, body)
        _api_access(api, arng, t, dur, "GET", "/users/{id}",
                    "/prod/users/" + user, 502 if fail else 200,
                    36 if fail else rng.randrange(180, 420))


def _payload(rng, n_items):
    items = []
    for i in range(n_items):
        items.append({"id": "item-%05d" % i, "sku": "SKU-%06d" % rng.randrange(
            10 ** 6), "name": rng.choice(USER_NAMES), "qty": rng.randrange(1, 9),
            "note": "x" * rng.randrange(10, 60)})
    return json.dumps({"customer": {"id": "c-%d" % rng.randrange(10 ** 5),
                                    "email": "someone@example.com"},
                       "items": items}, ensure_ascii=False)


def _create_user(f, api, arng):
    rng = f.rng
    now = f.group.now
    plan = _offsets(rng, 200, 62 * MINUTE, int(23.5 * HOUR)) + \
        _offsets(rng, 45, 31 * MINUTE, 60 * MINUTE) + \
        _offsets(rng, 45, 10 * SECOND, 30 * MINUTE)
    plan.sort(reverse=True)
    for n, off in enumerate(plan):
        t = now - off
        slot = rng.randrange(3) if off < HOUR else 0
        user = "u-%d" % rng.randrange(1000, 9999)
        invalid = rng.random() < 0.08

        def body(t0, rid, emit, n=n, user=user, invalid=invalid):
            ts = _node_time(rng, t0)
            emit(ts, node_line(ts, rid, "INFO", "creating user"))
            if n % 25 == 7:
                ts += 1
                items = 700 if n == 107 else rng.randrange(110, 260)
                emit(ts, node_line(ts, rid, "DEBUG", "request payload: " +
                                   _payload(rng, items)))
            if invalid:
                ts += 2
                emit(ts, node_line(ts, rid, "WARN", "validation failed: "
                                   "email must be a valid address"))
                return ts - t0 + rng.uniform(1, 3), None
            lat = rng.randrange(20, 160)
            ts += lat
            emit(ts, json_line({"level": "info", "time": iso(ts),
                                "requestId": rid, "msg": "user created",
                                "userId": user, "latencyMs": lat}))
            return ts - t0 + rng.uniform(2, 9), None
        rid, dur = f.invoke(t, slot, body)
        _api_access(api, arng, t, dur, "POST", "/users", "/prod/users",
                    400 if invalid else 201, 52 if invalid else 97)


def _list_users(f, api, arng):
    rng = f.rng
    now = f.group.now
    plan = _offsets(rng, 250, 62 * MINUTE, int(23.5 * HOUR)) + \
        _offsets(rng, 50, 31 * MINUTE, 60 * MINUTE) + \
        _offsets(rng, 50, 10 * SECOND, 30 * MINUTE)
    plan.sort(reverse=True)
    for n, off in enumerate(plan):
        t = now - off
        slot = rng.randrange(3) if off < HOUR else 0

        def body(t0, rid, emit, n=n):
            ts = _node_time(rng, t0)
            emit(ts, node_line(ts, rid, "INFO", "listing users limit=50"))
            names = rng.sample(USER_NAMES, 3)
            ts += 1
            emit(ts, node_line(ts, rid, "INFO", "first page: " +
                               ", ".join(names)))
            if n % 7 == 3:
                ts += 1
                emit(ts, node_line(ts, rid, "WARN", "suspicious " +
                                   NASTY[(n // 7) % len(NASTY)]))
            if n % 7 == 5:
                ts += 1
                emit(ts, json_line({"level": "warn", "time": iso(ts),
                                    "requestId": rid,
                                    "msg": "display name rejected",
                                    "name": NASTY[(n // 7) % len(NASTY)]}))
            lat = rng.randrange(15, 140)
            ts += lat
            emit(ts, json_line({"level": "info", "time": iso(ts),
                                "requestId": rid, "msg": "users listed",
                                "count": rng.randrange(0, 51),
                                "latencyMs": lat}))
            return ts - t0 + rng.uniform(1, 5), None
        rid, dur = f.invoke(t, slot, body)
        _api_access(api, arng, t, dur, "GET", "/users", "/prod/users", 200,
                    rng.randrange(900, 5200))


def _slow_report(f, api, arng):
    rng = f.rng
    now = f.group.now
    timeout = f.fn["timeout"]
    for k in range(93, -1, -1):
        off = 5 * MINUTE + k * 15 * MINUTE + rng.randrange(0, 20 * SECOND)
        t = now - off
        times_out = rng.random() < (0.9 if off < 9 * HOUR else 0.05)

        def body(t0, rid, emit, times_out=times_out):
            ts = _node_time(rng, t0)
            day = time.strftime("%Y-%m-%d", time.gmtime((t0 - 86400000)
                                                        // 1000))
            emit(ts, node_line(ts, rid, "INFO",
                               "report: starting nightly report for " + day))
            chunks = 40
            done_at = rng.randrange(19, 27) if not times_out else None
            i = 0
            while True:
                i += 1
                ts += rng.randrange(95, 125)
                if times_out and ts - t0 >= timeout * 1000 - 20:
                    break
                if not times_out and i > done_at:
                    emit(ts, node_line(ts, rid, "INFO", "report: done in "
                                       "%.2f s" % ((ts - t0) / 1000.0)))
                    return ts - t0 + rng.uniform(1, 3), None
                emit(ts, node_line(ts, rid, "INFO",
                                   "report: processed chunk %d/%d (rows=%d)"
                                   % (i, chunks, rng.randrange(9000, 14000))))
            end = t0 + timeout * 1000 + rng.randrange(3, 12)
            emit(end, timeout_line(end, rid, timeout))
            return end - t0 + rng.uniform(0.1, 0.9), "timeout"
        f.invoke(t, 0, body)


def _process_order(f, api, arng):
    rng = f.rng
    now = f.group.now
    plan = _offsets(rng, 300, 62 * MINUTE, int(23.5 * HOUR)) + \
        _offsets(rng, 60, 31 * MINUTE, 60 * MINUTE) + \
        _offsets(rng, 60, 10 * SECOND, 30 * MINUTE)
    plan.sort(reverse=True)
    for off in plan:
        t = now - off
        slot = rng.randrange(2) if off < HOUR else 0

        def body(t0, rid, emit):
            ts = _node_time(rng, t0)
            n = rng.randrange(1, 5)
            emit(ts, python_line(ts, rid, "INFO",
                                 "Received %d records from SQS" % n))
            for _ in range(n):
                ts += rng.randrange(3, 40)
                if rng.random() < 0.01:
                    emit(ts, "[ERROR] KeyError: 'sku'\nTraceback (most "
                         "recent call last):\n  File \"/var/task/app.py\", "
                         "line 42, in handler\n    sku = item['sku']\n")
                    return ts - t0 + rng.uniform(1, 3), None
                emit(ts, python_line(ts, rid, "INFO", "Processed order "
                                     "o-%05d total=%.2f EUR (€) customer=%s"
                                     % (rng.randrange(10 ** 5),
                                        rng.uniform(5, 400),
                                        rng.choice(USER_NAMES))))
            if rng.random() < 0.05:
                ts += 1
                emit(ts, python_line(ts, rid, "WARNING", "visibility timeout "
                                     "close, extending by 30 s"))
            return ts - t0 + rng.uniform(5, 30), None
        f.invoke(t, slot, body)


BEHAVIOURS = {"get-user": _get_user, "create-user": _create_user,
              "list-users": _list_users, "timeout": _slow_report,
              "process-order": _process_order}
RETENTION = {"users-api": 30}


def generate(now_ms):
    """{group name: {"created", "retention", "streams": {stream:
    [(ts, message, ingestion), ...]}}} for a seeding moment now_ms."""
    out = {}
    api = _Group(API_ACCESS_LOG_GROUP, now_ms, now_ms - 40 * 86400 * 1000,
                 90)
    arng = random.Random("slemu-demo-logs/" + API_ACCESS_LOG_GROUP)
    for fn in demo.FUNCTIONS:
        name = demo.log_group_of(fn)
        g = _Group(name, now_ms, now_ms - fn["age"] * 1000,
                   RETENTION.get(fn["stack"]))
        rng = random.Random("slemu-demo-logs/" + name)
        BEHAVIOURS[fn["behaviour"]](_Function(fn, g, rng), api, arng)
        out[name] = g
    out[API_ACCESS_LOG_GROUP] = api
    return {n: {"created": g.created, "retention": g.retention,
                "streams": {s: sorted(evs, key=lambda e: e[0])
                            for s, evs in g.streams.items()}}
            for n, g in out.items()}


def seed(store, account_id=None, region=demo.REGION, now_ms=None):
    """Write the demo log data into the store; returns the seeding moment."""
    account_id = account_id or store.default_account
    now = int(now_ms if now_ms is not None else logdata.now_ms(store))
    with store.lock:
        for name, g in generate(now).items():
            logdata.ensure_group(store, account_id, region, name,
                                 created_ms=g["created"],
                                 retention_days=g["retention"])
            for sname, evs in sorted(g["streams"].items()):
                logdata.ensure_stream(store, account_id, region, name, sname,
                                      created_ms=evs[0][0])
                logdata.append_events(store, account_id, region, name, sname,
                                      evs, now=now)
        st = logdata.region_state(store, account_id, region)
        st["demo_seeded_ms"] = now
    return now


def summary(now_ms=0, since_ms=None, pattern=None):
    """Counts tests compare with: {group: {"events", "streams", "matching"
    (events matching `pattern` at or after since_ms)}}."""
    match = logdata.compile_filter(pattern)
    out = {}
    for name, g in generate(now_ms).items():
        total = sum(len(evs) for evs in g["streams"].values())
        m = 0
        for evs in g["streams"].values():
            for ts, msg, _ in evs:
                if since_ms is not None and ts < since_ms:
                    continue
                if match is None or match(msg):
                    m += 1
        out[name] = {"events": total, "streams": len(g["streams"]),
                     "matching": m}
    return out
