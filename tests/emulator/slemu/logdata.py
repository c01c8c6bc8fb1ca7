"""The CloudWatch Logs data of the emulator: log groups, streams and events.

Everything lives in the store (``store.region_state("logs", account,
region)``), so ``POST /__emulator/reset`` clears it and ``--state-dir``
saves it; it is made of plain dicts, lists, strings and ints only.

Other service modules call (with ``store.lock`` held, as handlers do by
default; the functions take the re-entrant lock themselves as well):

    append_events(store, account_id, region, group_name, stream_name,
                  [(timestamp_ms, "message"), ...])     -> number appended
    ensure_group(store, account_id, region, name, created_ms=None,
                 retention_days=None)                    -> group dict
    ensure_stream(store, account_id, region, group_name, stream_name,
                  created_ms=None)                       -> stream dict
    get_group / delete_group / list_events
    lambda_stream_name(ts_ms, version="$LATEST", seed=None)
        -> "2024/05/01/[$LATEST]0f3c..." (32 hex digits)

Layout of the state:

    {"groups": {name: group}, "seq": last sequence number}
    group  = {"name", "creationTime", "retentionInDays", "logGroupClass",
              "streams": {name: stream}, "eventCount", "storedBytes"}
    stream = {"name", "creationTime", "events": [event, ...],
              "firstEventTimestamp", "lastEventTimestamp",
              "lastIngestionTime", "storedBytes"}
    event  = [timestamp_ms, message, ingestion_ms, seq]   (sorted by
             timestamp, then seq)

An event's position is the integer ``timestamp << 144 | seq``; its eventId
is that number written with 56 decimal digits (so eventIds sort like the
events, are unique, and look like AWS's), and GetLogEvents tokens are
``f/<56 digits>/s`` / ``b/<56 digits>/s`` positions.

Memory is bounded: a group keeps at most MAX_EVENTS_PER_GROUP events and
MAX_BYTES_PER_GROUP bytes; beyond that its oldest events are dropped.
"""

import hashlib
import heapq
import os
import time

SERVICE = "logs"
EVENT_OVERHEAD = 26             # bytes AWS adds per event (batch size, pages)
SEQ_BITS = 144
SEQ_MASK = (1 << SEQ_BITS) - 1
MAX_EVENTS_PER_GROUP = 300000
MAX_BYTES_PER_GROUP = 256 << 20
TRIM_FACTOR = 0.9               # trim to 90% of the cap
PAGE_BYTES = 1048576
DEFAULT_SCAN_BUDGET = 10000     # events one FilterLogEvents call examines

TS, MSG, ING, SEQ = 0, 1, 2, 3


# ------------------------------------------------------------------ basics

def now_ms(store=None):
    clock = getattr(store, "clock", None) or time.time
    return int(clock() * 1000)


def region_state(store, account_id, region):
    st = store.region_state(SERVICE, account_id, region)
    if "groups" not in st:
        st["groups"] = {}
    if "seq" not in st:
        st["seq"] = 0
    return st


def config(store):
    """Test knobs (POST /__emulator/logs/config); reset clears them."""
    cfg = store.global_state(SERVICE)
    cfg.setdefault("scan_budget", DEFAULT_SCAN_BUDGET)
    cfg.setdefault("max_events_per_group", MAX_EVENTS_PER_GROUP)
    cfg.setdefault("max_bytes_per_group", MAX_BYTES_PER_GROUP)
    return cfg


def position(ev):
    """The event's total-order key (an int)."""
    return (ev[TS] << SEQ_BITS) | ev[SEQ]


def event_id(ev):
    return "%056d" % position(ev)


def pos_ts(pos):
    return pos >> SEQ_BITS


def message_size(msg):
    return len(msg.encode("utf-8", "surrogatepass")) + EVENT_OVERHEAD


def group_arn(region, account_id, name, star=True):
    return "arn:aws:logs:%s:%s:log-group:%s%s" % (region, account_id, name,
                                                  ":*" if star else "")


def stream_arn(region, account_id, group, stream):
    return "arn:aws:logs:%s:%s:log-group:%s:log-stream:%s" % (
        region, account_id, group, stream)


def lambda_stream_name(ts_ms, version="$LATEST", seed=None):
    """A Lambda-style stream name "YYYY/MM/DD/[$LATEST]<32 hex>"."""
    day = time.strftime("%Y/%m/%d", time.gmtime(ts_ms / 1000.0))
    if seed is None:
        hexpart = os.urandom(16).hex()
    else:
        hexpart = hashlib.md5(str(seed).encode("utf-8")).hexdigest()
    return "%s/[%s]%s" % (day, version, hexpart)


# ------------------------------------------------------- groups and streams

def get_group(store, account_id, region, name):
    with store.lock:
        return region_state(store, account_id, region)["groups"].get(name)


def ensure_group(store, account_id, region, name, created_ms=None,
                 retention_days=None):
    with store.lock:
        groups = region_state(store, account_id, region)["groups"]
        g = groups.get(name)
        if g is None:
            g = groups[name] = {
                "name": name,
                "creationTime": int(created_ms if created_ms is not None
                                    else now_ms(store)),
                "retentionInDays": retention_days,
                "logGroupClass": "STANDARD",
                "streams": {},
                "eventCount": 0,
                "storedBytes": 0,
            }
        return g


def delete_group(store, account_id, region, name):
    with store.lock:
        return region_state(store, account_id, region)["groups"].pop(
            name, None) is not None


def new_stream(group, name, created_ms):
    s = group["streams"][name] = {
        "name": name, "creationTime": int(created_ms), "events": [],
        "firstEventTimestamp": None, "lastEventTimestamp": None,
        "lastIngestionTime": None, "storedBytes": 0}
    return s


def ensure_stream(store, account_id, region, group_name, stream_name,
                  created_ms=None):
    with store.lock:
        g = ensure_group(store, account_id, region, group_name,
                         created_ms=created_ms)
        s = g["streams"].get(stream_name)
        if s is None:
            s = new_stream(g, stream_name, created_ms if created_ms is not None
                           else now_ms(store))
        return s


# ------------------------------------------------------------------ append

def append_events(store, account_id, region, group_name, stream_name, events,
                  now=None):
    """Append events to a stream, creating the group and the stream if
    missing.  events: iterable of (timestamp_ms, message) or
    (timestamp_ms, message, ingestion_ms).  Assigns eventIds and ingestion
    times (now, unless given), keeps the stream sorted, trims the group to
    its caps.  Returns the number of events appended."""
    with store.lock:
        st = region_state(store, account_id, region)
        t_now = int(now) if now is not None else now_ms(store)
        batch = []
        for e in events:
            ts = int(e[0])
            if ts < 0:
                ts = 0
            msg = e[1] if isinstance(e[1], str) else str(e[1])
            ing = int(e[2]) if len(e) > 2 and e[2] is not None else t_now
            batch.append([ts, msg, ing, 0])
        if not batch:
            ensure_stream(store, account_id, region, group_name, stream_name,
                          created_ms=t_now)
            return 0
        batch.sort(key=lambda ev: ev[TS])         # stable: input order kept
        created = min(t_now, batch[0][TS])
        g = st["groups"].get(group_name)
        if g is None:
            g = ensure_group(store, account_id, region, group_name,
                             created_ms=created)
        s = g["streams"].get(stream_name)
        if s is None:
            s = new_stream(g, stream_name, created)
        seq = st["seq"]
        size = 0
        for ev in batch:
            seq += 1
            ev[SEQ] = seq
            size += message_size(ev[MSG])
        st["seq"] = seq
        evs = s["events"]
        if not evs or position(evs[-1]) < position(batch[0]):
            evs.extend(batch)
        else:
            s["events"] = evs = list(heapq.merge(evs, batch, key=position))
        s["storedBytes"] += size
        g["storedBytes"] += size
        g["eventCount"] += len(batch)
        _refresh_stream(s)
        s["lastIngestionTime"] = max(s["lastIngestionTime"] or 0,
                                     max(ev[ING] for ev in batch))
        cfg = config(store)
        if g["eventCount"] > cfg["max_events_per_group"] or \
                g["storedBytes"] > cfg["max_bytes_per_group"]:
            trim_group(g, int(cfg["max_events_per_group"] * TRIM_FACTOR),
                       int(cfg["max_bytes_per_group"] * TRIM_FACTOR))
        return len(batch)


def _refresh_stream(s):
    evs = s["events"]
    if evs:
        s["firstEventTimestamp"] = evs[0][TS]
        s["lastEventTimestamp"] = evs[-1][TS]
    else:
        s["firstEventTimestamp"] = s["lastEventTimestamp"] = None


def trim_group(g, max_events, max_bytes):
    """Drop the group's oldest events until it is within both caps."""
    streams = [s for s in g["streams"].values() if s["events"]]
    merged = heapq.merge(*[s["events"] for s in streams], key=position)
    count, size = g["eventCount"], g["storedBytes"]
    cutoff = None
    for ev in merged:
        if count <= max_events and size <= max_bytes:
            break
        count -= 1
        size -= message_size(ev[MSG])
        cutoff = position(ev)
    if cutoff is None:
        return 0
    dropped = 0
    for s in streams:
        evs = s["events"]
        i = bisect_pos(evs, cutoff, right=True)
        if i:
            gone = sum(message_size(ev[MSG]) for ev in evs[:i])
            del evs[:i]
            s["storedBytes"] -= gone
            dropped += i
            _refresh_stream(s)
    g["eventCount"] = count
    g["storedBytes"] = size
    return dropped


# ---------------------------------------------------------------- querying

def bisect_pos(evs, pos, right=False):
    """Index of the first event whose position is >= pos (> pos with
    right=True) in a sorted event list (bisect without key=, 3.9-safe)."""
    lo, hi = 0, len(evs)
    while lo < hi:
        mid = (lo + hi) // 2
        p = position(evs[mid])
        if p < pos or (right and p == pos):
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_ts(evs, ts):
    """Index of the first event with timestamp >= ts."""
    return bisect_pos(evs, ts << SEQ_BITS)


def list_events(store, account_id, region, group_name, stream_name=None):
    """[(stream_name, event)] of a group (or one stream), in order."""
    with store.lock:
        g = get_group(store, account_id, region, group_name)
        if g is None:
            return []
        names = [stream_name] if stream_name else sorted(g["streams"])
        out = []
        for n in names:
            s = g["streams"].get(n)
            if s is not None:
                out.extend((n, ev) for ev in s["events"])
        out.sort(key=lambda p: position(p[1]))
        return out


def filter_scan(streams, start_ms, end_ms, matcher, limit, cursor=None,
                budget=DEFAULT_SCAN_BUDGET, max_bytes=PAGE_BYTES,
                descending=False):
    """One FilterLogEvents page over `streams` ([(name, stream)]).

    Events with start_ms <= timestamp <= end_ms (None: unbounded), merged
    across streams by position (ascending, or descending), strictly after
    `cursor` (a position; None: from the start).  Examines at most `budget`
    events, returns at most `limit` matching events and at most
    `max_bytes` of messages.

    Returns (found, cursor, more, searched): found = [(stream_name, event)],
    cursor = position of the last event examined (None if none), more =
    whether unexamined events remain, searched = [(stream_name,
    searched_completely)] of the streams examined in this call.
    """
    lo_pos = (start_ms << SEQ_BITS) if start_ms is not None else None
    hi_pos = (((end_ms + 1) << SEQ_BITS) - 1) if end_ms is not None else None
    heap = []
    bounds = {}
    for idx, (name, s) in enumerate(streams):
        evs = s["events"]
        if not evs:
            continue
        a = 0 if lo_pos is None else bisect_pos(evs, lo_pos)
        b = len(evs) if hi_pos is None else bisect_pos(evs, hi_pos,
                                                       right=True)
        if cursor is not None:
            if descending:
                b = min(b, bisect_pos(evs, cursor))
            else:
                a = max(a, bisect_pos(evs, cursor, right=True))
        if a >= b:
            continue
        bounds[idx] = (a, b)
        if descending:
            heapq.heappush(heap, (-position(evs[b - 1]), idx, b - 1))
        else:
            heapq.heappush(heap, (position(evs[a]), idx, a))
    found = []
    size = 0
    scanned = 0
    touched = {}
    last = cursor
    while heap and scanned < budget and len(found) < limit:
        key, idx, i = heap[0]
        name, s = streams[idx]
        ev = s["events"][i]
        if matcher is None or matcher(ev[MSG]):
            esize = message_size(ev[MSG])
            if found and size + esize > max_bytes:
                break
            size += esize
            found.append((name, ev))
        scanned += 1
        last = position(ev)
        a, b = bounds[idx]
        if descending:
            done = i - 1 < a
            nxt = i - 1
        else:
            done = i + 1 >= b
            nxt = i + 1
        touched[idx] = done
        if done:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (-position(s["events"][nxt])
                                     if descending else
                                     position(s["events"][nxt]), idx, nxt))
    searched = [(streams[i][0], done) for i, done in sorted(touched.items())]
    return found, last, bool(heap), searched


def stream_window(s, start_ms, end_ms):
    """(a, b): index range of the stream's events with start <= ts < end
    (GetLogEvents' range: endTime exclusive)."""
    evs = s["events"]
    a = 0 if start_ms is None else bisect_ts(evs, start_ms)
    b = len(evs) if end_ms is None else bisect_ts(evs, end_ms)
    return a, max(a, b)


def page_forward(evs, i, b, limit, max_bytes=PAGE_BYTES):
    """Events evs[i:j] from i forward within the window end b: at most
    `limit` of them and `max_bytes`.  Returns j."""
    j = i
    size = 0
    while j < b and j - i < limit:
        esize = message_size(evs[j][MSG])
        if j > i and size + esize > max_bytes:
            break
        size += esize
        j += 1
    return j


def page_backward(evs, a, j, limit, max_bytes=PAGE_BYTES):
    """Events evs[i:j] ending at j going back not past a.  Returns i."""
    i = j
    size = 0
    while i > a and j - i < limit:
        esize = message_size(evs[i - 1][MSG])
        if i < j and size + esize > max_bytes:
            break
        size += esize
        i -= 1
    return i


# ---------------------------------------------------------- filter patterns
#
# The CloudWatch Logs filter-pattern syntax (FilterLogEvents, Live Tail,
# metric and subscription filters):
#
#   (empty)                 every event
#   ERROR                   the term appears (case-sensitive substring)
#   ERROR Exception         every term appears (AND)
#   "Task timed out"        a quoted phrase (\" and \\ escapes)
#   ?ERROR ?WARN            at least one of the ?-terms appears (OR)
#   ERROR -Exiting          ... and no -term appears
#   %user-[0-9]+%           a regular expression
#   { $.level = "error" }   JSON events: =, != on strings (* wildcards,
#                           %regex%), =, !=, <, <=, >, >= on numbers,
#                           IS TRUE/FALSE/NULL, NOT EXISTS, && || ( ),
#                           selectors $.a.b, $.a[0]
#   [ip, user, ..., status = 4*, bytes > 1000]
#                           space-delimited events: fields split on blanks,
#                           "quoted" and [bracketed] fields kept whole,
#                           ... skips any number of fields

import json as _json
import re as _re


class PatternError(ValueError):
    pass


def compile_filter(pattern):
    """A predicate message -> bool for a filter pattern, or None when the
    pattern matches everything.  Raises PatternError."""
    if pattern is None:
        return None
    text = pattern.strip()
    if not text:
        return None
    if text.startswith("{"):
        if not text.endswith("}"):
            raise PatternError("unbalanced braces")
        return _compile_json(text[1:-1])
    if text.startswith("["):
        if not text.endswith("]"):
            raise PatternError("unbalanced brackets")
        return _compile_spaced(text[1:-1])
    if len(text) >= 2 and text.startswith("%") and text.endswith("%") and \
            _unquoted_percent_only(text):
        rx = _regex(text[1:-1])
        return lambda m: rx.search(m) is not None
    return _compile_terms(text)


def _unquoted_percent_only(text):
    return '"' not in text


def _regex(body):
    if not body:
        raise PatternError("empty regular expression")
    try:
        return _re.compile(body)
    except _re.error as e:
        raise PatternError("bad regular expression: %s" % e)


def _read_quoted(text, i):
    """text[i] == '"'; returns (value, index after the closing quote)."""
    out = []
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            out.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise PatternError("unterminated quote")


def parse_terms(text):
    """[(prefix, term)] with prefix '', '?' or '-'."""
    terms = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        prefix = ""
        if text[i] in "?-" and i + 1 < n and not text[i + 1].isspace():
            prefix = text[i]
            i += 1
        if text[i] == '"':
            value, i = _read_quoted(text, i)
            if i < n and not text[i].isspace():
                raise PatternError("text after a quoted term")
        else:
            j = i
            while j < n and not text[j].isspace():
                if text[j] == '"':
                    raise PatternError("quote inside a term")
                j += 1
            value, i = text[i:j], j
        terms.append((prefix, value))
    return terms


def _compile_terms(text):
    terms = parse_terms(text)
    need = [t for p, t in terms if p == ""]
    anyof = [t for p, t in terms if p == "?"]
    none = [t for p, t in terms if p == "-"]

    def match(m):
        for t in need:
            if t not in m:
                return False
        if anyof and not any(t in m for t in anyof):
            return False
        for t in none:
            if t in m:
                return False
        return True
    return match


# -- JSON patterns

_JSON_TOKEN = _re.compile(r"""
    \s*(?:
      (?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\))
    | (?P<sel>\$(?:\.[^\s.\[\]()=!<>&|]+|\[(?:\d+|\*)\]|\.\*)*)
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<rx>%(?:[^%\\]|\\.)*%)
    | (?P<word>[^\s()=!<>&|"]+)
    )""", _re.X)

_NUMBER = _re.compile(r"^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def _json_tokens(body):
    toks = []
    i, n = 0, len(body)
    while i < n:
        if body[i:].strip() == "":
            break
        m = _JSON_TOKEN.match(body, i)
        if not m or m.end() == i:
            raise PatternError("unexpected %r" % body[i:i + 10])
        kind = m.lastgroup
        val = m.group(kind)
        if kind == "str":
            val, _ = _read_quoted(val, 0)
        elif kind == "rx":
            val = val[1:-1]
        toks.append((kind, val))
        i = m.end()
    return toks


def _selector_path(sel):
    parts = []
    for m in _re.finditer(r"\.([^\s.\[\]]+)|\[(\d+|\*)\]", sel[1:]):
        if m.group(1) is not None:
            parts.append(m.group(1))
        else:
            parts.append("*" if m.group(2) == "*" else int(m.group(2)))
    return parts


_MISSING = object()


def _resolve(doc, path):
    """The values the selector points at (several with * wildcards)."""
    cur = [doc]
    for p in path:
        nxt = []
        for v in cur:
            if p == "*":
                if isinstance(v, dict):
                    nxt.extend(v.values())
                elif isinstance(v, list):
                    nxt.extend(v)
            elif isinstance(p, int):
                if isinstance(v, list) and 0 <= p < len(v):
                    nxt.append(v[p])
            elif isinstance(v, dict) and p in v:
                nxt.append(v[p])
        cur = nxt
        if not cur:
            break
    return cur


def _glob(value):
    if "*" not in value:
        return lambda s: s == value
    rx = _re.compile("^" + ".*".join(_re.escape(p) for p in value.split("*"))
                     + "$", _re.S)
    return lambda s: rx.match(s) is not None


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_NUM_OPS = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _comparison(op, kind, raw, as_text=False):
    """A predicate on one field value.  as_text: the values are strings
    from a space-delimited event (numbers are parsed from them)."""
    if op not in _NUM_OPS:
        raise PatternError("bad operator %r" % op)
    if kind == "word" and _NUMBER.match(raw):
        num = float(raw)
        f = _NUM_OPS[op]

        def cmp_num(v):
            if as_text:
                try:
                    v = float(v)
                except (TypeError, ValueError):
                    return op == "!="
            elif not _is_num(v):
                return False
            return f(v, num)
        return cmp_num
    if op not in ("=", "!="):
        raise PatternError("only = and != compare strings")
    if kind == "rx":
        rx = _regex(raw)
        test = lambda s: rx.search(s) is not None  # noqa: E731
    else:
        test = _glob(raw)

    def cmp_str(v):
        if not isinstance(v, str):
            return False
        return test(v) if op == "=" else not test(v)
    return cmp_str


class _Parser:
    def __init__(self, toks, leaf):
        self.toks = toks
        self.i = 0
        self.leaf = leaf

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def parse(self):
        if not self.toks:
            raise PatternError("empty expression")
        e = self.or_()
        if self.i != len(self.toks):
            raise PatternError("unexpected %r" % (self.peek()[1],))
        return e

    def or_(self):
        parts = [self.and_()]
        while self.peek() == ("op", "||"):
            self.take()
            parts.append(self.and_())
        if len(parts) == 1:
            return parts[0]
        return lambda ctx: any(p(ctx) for p in parts)

    def and_(self):
        parts = [self.unary()]
        while self.peek() == ("op", "&&"):
            self.take()
            parts.append(self.unary())
        if len(parts) == 1:
            return parts[0]
        return lambda ctx: all(p(ctx) for p in parts)

    def unary(self):
        if self.peek() == ("op", "("):
            self.take()
            e = self.or_()
            if self.take() != ("op", ")"):
                raise PatternError("missing )")
            return e
        return self.leaf(self)


def _json_leaf(p):
    kind, sel = p.take()
    if kind != "sel":
        raise PatternError("expected a $ selector, got %r" % (sel,))
    path = _selector_path(sel)
    kind2, word = p.take()
    if kind2 == "word" and word.upper() == "IS":
        _, what = p.take()
        what = (what or "").upper()
        if what == "TRUE":
            test = lambda v: v is True  # noqa: E731
        elif what == "FALSE":
            test = lambda v: v is False  # noqa: E731
        elif what == "NULL":
            test = lambda v: v is None  # noqa: E731
        else:
            raise PatternError("IS must be followed by TRUE, FALSE or NULL")
        return lambda doc: any(test(v) for v in _resolve(doc, path))
    if kind2 == "word" and word.upper() == "NOT":
        _, what = p.take()
        if (what or "").upper() != "EXISTS":
            raise PatternError("NOT must be followed by EXISTS")
        return lambda doc: not _resolve(doc, path)
    if kind2 != "op" or word not in _NUM_OPS:
        raise PatternError("expected an operator after %s" % sel)
    vkind, raw = p.take()
    if vkind not in ("str", "word", "rx"):
        raise PatternError("expected a value after %s %s" % (sel, word))
    if vkind == "str":
        vkind = "quoted"
    test = _comparison(word, vkind, raw)
    return lambda doc: any(test(v) for v in _resolve(doc, path))


def _compile_json(body):
    pred = _Parser(_json_tokens(body), _json_leaf).parse()

    def match(m):
        s = m.lstrip()
        if not s or s[0] not in "{[":
            return False
        try:
            doc = _json.loads(m)
        except ValueError:
            return False
        return bool(pred(doc))
    return match


# -- space-delimited patterns

def split_fields(message):
    """A space-delimited event's fields ("..." and [...] kept whole)."""
    out = []
    i, n = 0, len(message)
    while i < n:
        c = message[i]
        if c.isspace():
            i += 1
            continue
        if c in '"[':
            close = '"' if c == '"' else "]"
            j = message.find(close, i + 1)
            if j < 0:
                j = n
            out.append(message[i + 1:j])
            i = j + 1
            continue
        j = i
        while j < n and not message[j].isspace():
            j += 1
        out.append(message[i:j])
        i = j
    return out


def _split_top(body, sep=","):
    parts, cur, q = [], [], False
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and q and i + 1 < len(body):
            cur.append(body[i:i + 2])
            i += 2
            continue
        if c == '"':
            q = not q
        if c == sep and not q:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    if q:
        raise PatternError("unterminated quote")
    parts.append("".join(cur))
    return [p.strip() for p in parts]


_FIELD_TOKEN = _re.compile(r"""
    \s*(?:
      (?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\))
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<rx>%(?:[^%\\]|\\.)*%)
    | (?P<word>[^\s()=!<>&|"]+)
    )""", _re.X)


def _field_tokens(text):
    toks = []
    i, n = 0, len(text)
    while i < n:
        if text[i:].strip() == "":
            break
        m = _FIELD_TOKEN.match(text, i)
        if not m or m.end() == i:
            raise PatternError("unexpected %r" % text[i:i + 10])
        kind = m.lastgroup
        val = m.group(kind)
        if kind == "str":
            val, _ = _read_quoted(val, 0)
        elif kind == "rx":
            val = val[1:-1]
        toks.append((kind, val))
        i = m.end()
    return toks


def _spaced_leaf(p):
    kind, name = p.take()
    if kind != "word":
        raise PatternError("expected a field name")
    okind, op = p.take()
    if okind != "op" or op not in _NUM_OPS:
        raise PatternError("expected an operator after %s" % name)
    vkind, raw = p.take()
    if vkind not in ("str", "word", "rx"):
        raise PatternError("expected a value after %s %s" % (name, op))
    test = _comparison(op, "quoted" if vkind == "str" else vkind, raw,
                       as_text=True)
    return lambda env: name in env and test(env[name])


def _compile_spaced(body):
    elems = []      # (name or "...", condition or None)
    for part in _split_top(body):
        if not part:
            raise PatternError("empty field")
        if part == "...":
            elems.append(("...", None))
            continue
        toks = _field_tokens(part)
        if len(toks) == 1 and toks[0][0] == "word":
            elems.append((toks[0][1], None))
            continue
        if not toks or toks[0][0] != "word":
            raise PatternError("bad field %r" % part)
        elems.append((toks[0][1], _Parser(toks, _spaced_leaf).parse()))

    def bind(fields, k, j, env, out):
        if k == len(elems):
            if j == len(fields):
                out.append(dict(env))
            return
        name, _ = elems[k]
        if name == "...":
            for jj in range(j, len(fields) + 1):
                bind(fields, k + 1, jj, env, out)
                if len(out) > 64:
                    return
            return
        if j >= len(fields):
            return
        env[name] = fields[j]
        bind(fields, k + 1, j + 1, env, out)
        del env[name]

    conds = [c for _, c in elems if c is not None]

    def match(m):
        fields = split_fields(m)
        envs = []
        bind(fields, 0, 0, {}, envs)
        return any(all(c(env) for c in conds) for env in envs)
    return match
