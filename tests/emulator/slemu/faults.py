"""Fault injection, switched on per test through the control API.

A rule (JSON object, POST /__emulator/faults):

  type        throttle | error | reset | truncate | slow | clock   (required)
  service     signing name ("sts", "lambda", ...); absent = every service
  operation   operation name ("Invoke"); absent = every operation
  count       apply to the next N matching calls, then the rule is gone
  percent     apply to this share (0-100) of matching calls (default 100)
  phase       "before" (the handler does not run) or "after" (it runs, its
              answer is then spoiled).  Defaults: throttle/error before,
              reset/truncate/slow after.
  status      error: HTTP status (default 500; 503 gives ServiceUnavailable)
  code, message   error/throttle: override the error code and message
  retry_after throttle (Lambda 429): the Retry-After header (default 1)
  delay_ms    slow: sleep this long before the first byte (default 2000)
  after_bytes reset/truncate: body bytes sent before the cut
              (default: half of the body)
  offset_seconds  clock: the server clock runs this far ahead (negative:
              behind); both the Date header and the SigV4 skew check use it

Matching rules are tried in the order they were added; at most one
non-clock rule applies per request (clock rules combine with it).
"""

import random
import threading
import time

TYPES = ("throttle", "error", "reset", "truncate", "slow", "clock")
DEFAULT_PHASE = {"throttle": "before", "error": "before", "reset": "after",
                 "truncate": "after", "slow": "after", "clock": "before"}


class FaultError(ValueError):
    pass


class Fault:
    def __init__(self, rid, spec):
        if not isinstance(spec, dict):
            raise FaultError("a fault rule must be a JSON object")
        ftype = spec.get("type")
        if ftype not in TYPES:
            raise FaultError("type must be one of %s" % ", ".join(TYPES))
        self.id = rid
        self.type = ftype
        self.service = spec.get("service") or None
        self.operation = spec.get("operation") or None
        self.count = _opt_int(spec, "count", 1)
        self.percent = _opt_num(spec, "percent", 0, 100)
        self.phase = spec.get("phase") or DEFAULT_PHASE[ftype]
        if self.phase not in ("before", "after"):
            raise FaultError("phase must be before or after")
        self.status = _opt_int(spec, "status", 100) or 500
        if ftype == "error" and not 400 <= self.status <= 599:
            raise FaultError("status must be 4xx or 5xx")
        self.code = spec.get("code")
        self.message = spec.get("message")
        self.retry_after = _opt_int(spec, "retry_after", 0)
        self.delay_ms = _opt_int(spec, "delay_ms", 0)
        if self.delay_ms is None:
            self.delay_ms = 2000
        self.after_bytes = _opt_int(spec, "after_bytes", 0)
        self.offset_seconds = _opt_num(spec, "offset_seconds", None, None) or 0
        self.created = time.time()
        self.hits = 0

    def matches(self, service, operation):
        if self.service is not None and self.service != service:
            return False
        if self.operation is not None and self.operation != operation:
            return False
        return True

    def public(self):
        d = {"id": self.id, "type": self.type, "service": self.service,
             "operation": self.operation, "count": self.count,
             "percent": self.percent, "phase": self.phase, "hits": self.hits}
        if self.type == "error":
            d["status"] = self.status
        if self.code:
            d["code"] = self.code
        if self.message:
            d["message"] = self.message
        if self.type == "slow":
            d["delay_ms"] = self.delay_ms
        if self.type in ("reset", "truncate"):
            d["after_bytes"] = self.after_bytes
        if self.type == "clock":
            d["offset_seconds"] = self.offset_seconds
        if self.type == "throttle" and self.retry_after:
            d["retry_after"] = self.retry_after
        return d


def _opt_int(spec, key, minimum):
    v = spec.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or int(v) != v:
        raise FaultError("%s must be an integer" % key)
    if minimum is not None and v < minimum:
        raise FaultError("%s must be >= %d" % (key, minimum))
    return int(v)


def _opt_num(spec, key, lo, hi):
    v = spec.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise FaultError("%s must be a number" % key)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise FaultError("%s must be within %s..%s" % (key, lo, hi))
    return v


class FaultManager:
    """The active rules.  Thread-safe; one per server."""

    def __init__(self, seed=None):
        self._lock = threading.Lock()
        self._rules = []
        self._next = 1
        self._rng = random.Random(seed)

    def add(self, spec):
        with self._lock:
            rule = Fault("f%d" % self._next, spec)
            self._next += 1
            self._rules.append(rule)
            return rule

    def add_many(self, specs):
        # validate all first so a bad rule adds nothing
        for s in specs:
            Fault("check", s)
        return [self.add(s) for s in specs]

    def clear(self, rid=None):
        with self._lock:
            before = len(self._rules)
            if rid is None:
                self._rules = []
            else:
                self._rules = [r for r in self._rules if r.id != rid]
            return before - len(self._rules)

    def list(self):
        with self._lock:
            return [r.public() for r in self._rules]

    def _take(self, pred):
        """First rule satisfying pred that fires (percent), with its count
        consumed.  Caller holds the lock."""
        for r in list(self._rules):
            if not pred(r):
                continue
            if r.percent is not None and self._rng.random() * 100 >= r.percent:
                continue
            r.hits += 1
            if r.count is not None:
                r.count -= 1
                if r.count <= 0:
                    self._rules.remove(r)
            return r
        return None

    def clock_offset(self, service, operation=None):
        """Seconds the server clock is off for this request (0 if none)."""
        with self._lock:
            r = self._take(lambda r: r.type == "clock" and
                           r.matches(service, operation))
            return r.offset_seconds if r is not None else 0

    def peek_clock_offset(self):
        """Offset of the first unconditional clock rule (for answers that
        belong to no service), without consuming it."""
        with self._lock:
            for r in self._rules:
                if r.type == "clock" and r.service is None:
                    return r.offset_seconds
            return 0

    def pick(self, service, operation):
        """The non-clock rule that applies to this request, or None."""
        with self._lock:
            return self._take(lambda r: r.type != "clock" and
                              r.matches(service, operation))
