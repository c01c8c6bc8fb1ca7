"""The emulator's CloudWatch metric store (shared by CloudWatch and Lambda).

Metrics are kept as per-minute aggregates, so memory stays bounded however
many datapoints arrive: for every series (namespace, metric name, exact
dimension set) and every minute, a point ``[count, sum, min, max, samples]``
where ``samples`` is a small list of values standing for uniformly spaced
quantiles of that minute's distribution (at most SAMPLES_CAP of them; for
recorded values a deterministic reservoir).  Percentiles are interpolated
from the samples of all the minutes of a period, each weighted by its
minute's count, between the true minimum and maximum.

The state is plain JSON (string keys), stored under the CloudWatch
service's region state ("monitoring"), so it is reset, saved and loaded with
the rest of the emulator.

API for other modules (call with or without the store lock; it is taken):

  record(store, account_id, region, function_name, metric_name,
         timestamp_s, value)
      One Lambda datapoint, namespace AWS/Lambda, dimension FunctionName.
      Lambda's Invoke records Invocations (1), Errors (1, only on a function
      error), Throttles (1) and Duration (ms).  Recording Invocations also
      records an Errors 0 in that minute (AWS publishes Errors for every
      invocation), and a later Errors 1 turns one of those zeros into a 1;
      record Invocations first.

  record_value(store, account_id, region, namespace, metric_name,
               dimensions, timestamp_s, value, count=1, unit=None)
      Any metric (PutMetricData, the control API).

  datapoints(store, account_id, region, namespace, metric_name, dimensions,
             start_s, end_s)
      -> [(minute_ts, count, sum, min, max, samples)] ascending, minutes in
      [start_s, end_s).  AWS/Lambda with no dimensions: all functions merged
      (Lambda's account-level metrics).

  aggregate(points, start_s, end_s, period) -> [(bucket_ts, agg)] and
  statistic(agg, stat) -> float or None   (stat: Sum, Average, Minimum,
      Maximum, SampleCount, pNN[.N], tmNN, IQM)

  seed_demo(store, account_id, region, now)
      The demo application's last 24 hours (see demo.py).
"""

import bisect
import math
import random
import re
import statistics

SERVICE_STATE = "monitoring"
LAMBDA_NS = "AWS/Lambda"
SAMPLES_CAP = 64
SEED_SAMPLES = 16
RETENTION_MINUTES = 15 * 24 * 60
MAX_SERIES = 20000

UNITS = {"Invocations": "Count", "Errors": "Count", "Throttles": "Count",
         "Duration": "Milliseconds", "ConcurrentExecutions": "Count",
         "DeadLetterErrors": "Count", "IteratorAge": "Milliseconds"}

_PCT_RE = re.compile(r"^p(\d{1,2}(?:\.\d{1,10})?|100)$")
_TM_RE = re.compile(r"^tm(\d{1,2}(?:\.\d{1,10})?)$")


# --------------------------------------------------------------- the state

def _metrics(store, account_id, region):
    st = store.region_state(SERVICE_STATE, account_id, region)
    m = st.get("metrics")
    if m is None:
        m = st["metrics"] = {"series": {}}
    return m


def _dims_list(dimensions):
    """dict, [(n, v)] or [{"Name","Value"}] -> sorted [[n, v]]."""
    if not dimensions:
        return []
    if isinstance(dimensions, dict):
        items = dimensions.items()
    else:
        items = []
        for d in dimensions:
            if isinstance(d, dict):
                items.append((d.get("Name"), d.get("Value")))
            else:
                items.append((d[0], d[1]))
    return sorted([str(n), str(v)] for n, v in items)


def series_key(namespace, metric_name, dimensions):
    dims = _dims_list(dimensions)
    return "%s|%s|%s" % (namespace, metric_name,
                         ",".join("%s=%s" % (n, v) for n, v in dims))


def _series(m, namespace, metric_name, dimensions, create=True, unit=None):
    key = series_key(namespace, metric_name, dimensions)
    s = m["series"].get(key)
    if s is None and create:
        if len(m["series"]) >= MAX_SERIES:
            return None
        s = m["series"][key] = {
            "namespace": namespace, "name": metric_name,
            "dims": _dims_list(dimensions),
            "unit": unit or UNITS.get(metric_name, "None"),
            "points": {}}
    return s


def _minute(ts):
    return int(ts // 60) * 60


def _add(s, ts, value, count=1, smin=None, smax=None, total=None):
    """Add `count` values (all equal to value, or a statistic set) to the
    minute of ts."""
    key = str(_minute(ts))
    pts = s["points"]
    p = pts.get(key)
    if total is None:
        total = value * count
    lo = value if smin is None else smin
    hi = value if smax is None else smax
    if p is None:
        p = pts[key] = [0, 0.0, lo, hi, []]
        if len(pts) > RETENTION_MINUTES:
            for k in sorted(pts, key=int)[:len(pts) - RETENTION_MINUTES]:
                del pts[k]
    p[0] += count
    p[1] += total
    p[2] = min(p[2], lo)
    p[3] = max(p[3], hi)
    samples = p[4]
    if len(samples) < SAMPLES_CAP:
        samples.append(value)
    else:
        # deterministic reservoir: keep a roughly uniform sample
        slot = ((p[0] * 2654435761) & 0xFFFFFFFF) % max(p[0], 1)
        if slot < SAMPLES_CAP:
            samples[slot] = value
    return p


# --------------------------------------------------------------- recording

def record(store, account_id, region, function_name, metric_name,
           timestamp_s, value):
    """A Lambda metric datapoint (see module doc)."""
    with store.lock:
        m = _metrics(store, account_id, region)
        dims = [["FunctionName", function_name]]
        value = float(value)
        if metric_name == "Errors":
            s = _series(m, LAMBDA_NS, "Errors", dims)
            if s is None:
                return
            p = s["points"].get(str(_minute(timestamp_s)))
            # an implicit zero from Invocations becomes this error
            if p is not None and len(p) > 5 and p[5] > 0 and value == 1.0:
                p[5] -= 1
                p[1] += 1.0
                p[3] = max(p[3], 1.0)
                zeros = p[4]
                if 0.0 in zeros:
                    zeros[zeros.index(0.0)] = 1.0
                return
            _add(s, timestamp_s, value)
            return
        s = _series(m, LAMBDA_NS, metric_name, dims)
        if s is None:
            return
        _add(s, timestamp_s, value)
        if metric_name == "Invocations":
            e = _series(m, LAMBDA_NS, "Errors", dims)
            if e is not None:
                p = _add(e, timestamp_s, 0.0)
                if len(p) == 5:
                    p.append(0)
                p[5] += 1
            c = _series(m, LAMBDA_NS, "ConcurrentExecutions", dims)
            if c is not None:
                key = str(_minute(timestamp_s))
                if key not in c["points"]:
                    _add(c, timestamp_s, 1.0)


def record_value(store, account_id, region, namespace, metric_name,
                 dimensions, timestamp_s, value, count=1, unit=None,
                 smin=None, smax=None, total=None):
    """Any metric; `count` equal values, or a statistic set when smin/smax/
    total are given (value is then used as the representative sample)."""
    with store.lock:
        m = _metrics(store, account_id, region)
        s = _series(m, namespace, metric_name, dimensions, unit=unit)
        if s is None:
            return False
        _add(s, timestamp_s, float(value), count=count, smin=smin,
             smax=smax, total=total)
        return True


def list_series(store, account_id, region):
    """[(namespace, name, [[dim, value]], last_minute_ts)]."""
    with store.lock:
        m = _metrics(store, account_id, region)
        out = []
        for s in m["series"].values():
            last = max((int(k) for k in s["points"]), default=None)
            out.append((s["namespace"], s["name"], s["dims"], last))
        return out


def unit_of(store, account_id, region, namespace, metric_name, dimensions):
    with store.lock:
        m = _metrics(store, account_id, region)
        s = _series(m, namespace, metric_name, dimensions, create=False)
        if s is not None:
            return s["unit"]
    return UNITS.get(metric_name) if namespace == LAMBDA_NS else None


# --------------------------------------------------------------- reading

def datapoints(store, account_id, region, namespace, metric_name, dimensions,
               start_s, end_s):
    """Per-minute aggregates of one series (see module doc)."""
    with store.lock:
        m = _metrics(store, account_id, region)
        dims = _dims_list(dimensions)
        if namespace == LAMBDA_NS and not dims:
            chosen = [s for s in m["series"].values()
                      if s["namespace"] == namespace and
                      s["name"] == metric_name and len(s["dims"]) == 1 and
                      s["dims"][0][0] == "FunctionName"]
        else:
            s = _series(m, namespace, metric_name, dims, create=False)
            chosen = [s] if s is not None else []
        if not chosen:
            return []
        first = _minute(start_s)
        if first < start_s:
            first += 60
        merged = {}
        n_minutes = int((end_s - first + 59) // 60) if end_s > first else 0
        for s in chosen:
            pts = s["points"]
            if n_minutes > len(pts):
                keys = (int(k) for k in pts)
                keys = [k for k in keys if first <= k < end_s]
            else:
                keys = [k for k in range(first, int(math.ceil(end_s)), 60)
                        if k < end_s and str(k) in pts]
            for k in keys:
                p = pts[str(k)]
                cur = merged.get(k)
                if cur is None:
                    merged[k] = [p[0], p[1], p[2], p[3], list(p[4])]
                else:
                    cur[0] += p[0]
                    cur[1] += p[1]
                    cur[2] = min(cur[2], p[2])
                    cur[3] = max(cur[3], p[3])
                    cur[4].extend(p[4])
        return [(k, v[0], v[1], v[2], v[3], v[4])
                for k, v in sorted(merged.items())]


class Agg:
    """The datapoints of one period."""

    __slots__ = ("count", "sum", "min", "max", "weighted")

    def __init__(self):
        self.count = 0
        self.sum = 0.0
        self.min = math.inf
        self.max = -math.inf
        self.weighted = []          # (value, weight)

    def add(self, count, total, lo, hi, samples):
        self.count += count
        self.sum += total
        self.min = min(self.min, lo)
        self.max = max(self.max, hi)
        if samples:
            w = count / float(len(samples))
            self.weighted.extend((v, w) for v in samples)
        else:
            self.weighted.append((total / count if count else lo, count))


def aggregate(points, start_s, end_s, period):
    """Group per-minute points into periods starting at start_s (rounded
    down to the minute).  -> [(bucket_ts, Agg)] ascending, only buckets that
    hold datapoints (AWS leaves empty periods out)."""
    base = _minute(start_s)
    buckets = {}
    for (ts, count, total, lo, hi, samples) in points:
        if ts < start_s or ts >= end_s:
            continue
        b = base + ((ts - base) // period) * period
        a = buckets.get(b)
        if a is None:
            a = buckets[b] = Agg()
        a.add(count, total, lo, hi, samples)
    return sorted(buckets.items())


def valid_statistic(stat):
    if stat in ("Sum", "Average", "Minimum", "Maximum", "SampleCount", "IQM"):
        return True
    m = _PCT_RE.match(stat) or _TM_RE.match(stat)
    return bool(m) and 0 <= float(m.group(1)) <= 100


def _percentile(agg, q):
    """Weighted percentile (0..100), interpolating between sample midpoints
    and the true min/max."""
    if agg.count <= 0:
        return None
    if q <= 0:
        return agg.min
    if q >= 100:
        return agg.max
    pts = sorted(agg.weighted)
    total = sum(w for _, w in pts)
    if total <= 0:
        return agg.min
    target = q / 100.0
    xs = [0.0]
    ys = [agg.min]
    acc = 0.0
    for v, w in pts:
        xs.append((acc + w / 2.0) / total)
        ys.append(min(max(v, agg.min), agg.max))
        acc += w
    xs.append(1.0)
    ys.append(agg.max)
    i = bisect.bisect_left(xs, target)
    if i <= 0:
        return ys[0]
    if i >= len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    if x1 <= x0:
        return y1
    return y0 + (y1 - y0) * (target - x0) / (x1 - x0)


def _trimmed_mean(agg, lo_q, hi_q):
    pts = sorted(agg.weighted)
    total = sum(w for _, w in pts)
    if total <= 0:
        return None
    lo, hi = total * lo_q, total * hi_q
    acc = num = den = 0.0
    for v, w in pts:
        a, b = max(acc, lo), min(acc + w, hi)
        if b > a:
            num += v * (b - a)
            den += b - a
        acc += w
    return num / den if den else None


def statistic(agg, stat):
    if agg.count <= 0 and stat != "SampleCount":
        return None
    if stat == "Sum":
        return agg.sum
    if stat == "Average":
        return agg.sum / agg.count
    if stat == "Minimum":
        return agg.min
    if stat == "Maximum":
        return agg.max
    if stat == "SampleCount":
        return float(agg.count)
    if stat == "IQM":
        return _trimmed_mean(agg, 0.25, 0.75)
    m = _PCT_RE.match(stat)
    if m:
        return _percentile(agg, float(m.group(1)))
    m = _TM_RE.match(stat)
    if m:
        return _trimmed_mean(agg, 0.0, float(m.group(1)) / 100.0)
    return None


# --------------------------------------------------------------- the demo

# per function: invocations per minute at the daily peak, duration median
# (ms) and log-normal sigma, error probability per invocation
_PROFILES = {
    "GetUserFunction": {"peak": 140, "median": 45.0, "sigma": 0.5,
                        "err": 0.002},
    "CreateUserFunction": {"peak": 18, "median": 130.0, "sigma": 0.48,
                           "err": 0.003},
    "ListUsersFunction": {"peak": 45, "median": 180.0, "sigma": 0.4,
                          "err": 0.0, "throttle_peak": True},
    "ProcessOrderFunction": {"peak": 24, "median": 850.0, "sigma": 0.35,
                             "err": 0.01},
}


def _round(v, nd=2):
    return float(round(v, nd))


def seed_demo(store, account_id, region, now, functions, alarms):
    """Synthetic, deterministic-looking last 24 h for the demo functions."""
    rng = random.Random(20240501)
    nd = statistics.NormalDist()
    qs = [(i + 0.5) / SEED_SAMPLES for i in range(SEED_SAMPLES)]
    zs = [nd.inv_cdf(q) for q in qs]
    with store.lock:
        m = _metrics(store, account_id, region)
        m["series"] = {}
        end = _minute(now)                  # the current minute is partial
        start = end - 24 * 3600
        spike = {}
        for a in alarms:
            if a.get("function") and a.get("metric") == "Errors" and \
                    a.get("state") == "ALARM" and a.get("period") == 60:
                spike[a["function"]] = _minute(now - a["since"]) - 60
        for f in functions:
            name = f["name"]
            dims = [["FunctionName", name]]
            inv = _series(m, LAMBDA_NS, "Invocations", dims)
            err = _series(m, LAMBDA_NS, "Errors", dims)
            dur = _series(m, LAMBDA_NS, "Duration", dims)
            conc = _series(m, LAMBDA_NS, "ConcurrentExecutions", dims)
            thr = None
            if f.get("behaviour") == "timeout":
                # the nightly report: one run ~9 h ago, which timed out
                ts = _minute(now - 9 * 3600 - 240)
                limit = f["timeout"] * 1000.0
                v = limit + 3.12
                _put(inv, ts, 1, 1.0, 1.0, 1.0, [])
                _put(err, ts, 1, 1.0, 1.0, 1.0, [])
                _put(dur, ts, 1, v, v, v, [v])
                _put(conc, ts, 1, 1.0, 1.0, 1.0, [])
                continue
            prof = _PROFILES.get(f["logical_id"], {
                "peak": 10, "median": 100.0, "sigma": 0.4, "err": 0.001})
            if prof.get("throttle_peak"):
                thr = _series(m, LAMBDA_NS, "Throttles", dims)
            spike_at = spike.get(name)
            mu_shift = prof["sigma"] ** 2 / 2.0
            for ts in range(start, end, 60):
                hour = (ts % 86400) / 3600.0
                # daily curve: busiest around 15:00 UTC, quiet at night
                curve = 0.55 + 0.45 * math.sin(2 * math.pi * (hour - 9) / 24)
                lam = max(prof["peak"] * curve, 0.3)
                n = int(round(rng.gauss(lam, math.sqrt(lam))))
                if n <= 0:
                    continue
                if spike_at is not None and ts >= spike_at - 60:
                    if ts == spike_at:
                        e = 17
                    elif ts == spike_at - 60:
                        e = 4
                    else:
                        e = rng.randint(8, 24)
                    n = max(n, e + 20)
                else:
                    e = sum(1 for _ in range(n) if rng.random() < prof["err"])
                _put(inv, ts, n, float(n), 1.0, 1.0, [])
                ones = int(round(SEED_SAMPLES * e / float(n)))
                _put(err, ts, n, float(e), 0.0, 1.0 if e else 0.0,
                     [0.0] * (SEED_SAMPLES - ones) + [1.0] * ones)
                med = prof["median"] * rng.uniform(0.9, 1.12)
                if spike_at is not None and ts >= spike_at - 60:
                    med *= 1.6
                samples = [_round(med * math.exp(prof["sigma"] * z))
                           for z in zs]
                mean = med * math.exp(mu_shift)
                lo = _round(med * math.exp(prof["sigma"] * nd.inv_cdf(
                    0.5 / (n + 1))) * 0.9)
                hi = _round(med * math.exp(prof["sigma"] * nd.inv_cdf(
                    1 - 0.5 / (n + 1))) * rng.uniform(1.0, 1.35))
                lo = min(lo, samples[0])
                hi = max(hi, samples[-1])
                _put(dur, ts, n, _round(mean * n, 3), lo, hi, samples)
                c = max(1, int(math.ceil(n / 60.0 * mean / 1000.0 *
                                         rng.uniform(1.5, 3.0))))
                _put(conc, ts, 1, float(c), float(c), float(c), [])
                if thr is not None and curve > 0.97 and rng.random() < 0.3:
                    t = rng.randint(1, 3)
                    _put(thr, ts, t, float(t), 1.0, 1.0, [])


def _put(s, ts, count, total, lo, hi, samples):
    s["points"][str(ts)] = [count, total, lo, hi, samples]
