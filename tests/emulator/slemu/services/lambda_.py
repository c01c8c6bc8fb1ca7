"""Lambda (restJson1, signing name "lambda").

Functions: ListFunctions, GetFunction, GetFunctionConfiguration,
ListVersionsByFunction, ListAliases, GetAlias, ListTags, GetAccountSettings,
Invoke.  Layers: ListLayers, ListLayerVersions, GetLayerVersion,
GetLayerVersionByArn, PublishLayerVersion, DeleteLayerVersion.

How Invoke runs a function
--------------------------
A nodejs* function runs for real when ``node`` is on PATH: its handler file
from ``tests/emulator/demo/functions/`` (the handler's module name, else the
file of its behaviour) runs in a subprocess under ``_bootstrap.js`` (event on
stdin, console lines, the result or error and timings on a side file).
Otherwise (no node, a python runtime, or ``use_node`` false) a built-in
Python twin of the behaviour runs.  Behaviours (demo.py's "behaviour"):

  get-user       API Gateway proxy event; {"pathParameters":{"id":"u-123"}}
                 -> 200 + the user; id "u-404" -> 404; id "boom" or no
                 pathParameters -> TypeError "Cannot read properties of
                 undefined (reading 'id')" (a function error)
  create-user    body JSON with "email" -> 201 (logs a JSON line
                 {"level":"info","msg":"user created","userId":...});
                 no email -> 400; a body that is not JSON -> 400
  list-users     -> 200 with a JSON list of users (queryStringParameters.limit)
  timeout        sleeps past its Timeout -> Sandbox.Timedout
  process-order  (python) SQS batch -> {"batchItemFailures":[...]} for the
                 records whose body has "fail": true; no Records -> KeyError
  echo           (functions created through the control API) returns the
                 event; knobs: "log_lines": N, "sleep_ms": N, "throw": "msg"

Real waits are capped: a function is stopped after min(Timeout, cap) seconds
of real time (cap: ``timeout_cap_seconds``, 3 s by default) and then reported
as timed out after its full Timeout.

Every invocation writes to /aws/lambda/NAME (slemu/logdata.py) in the stream
of its execution environment ("YYYY/MM/DD/[VERSION]<32 hex>"; a cold start
opens a new one, warm invocations reuse it): INIT_START (cold), START, the
function's lines, END, REPORT; and records Invocations, Errors and Duration
(slemu/metricdata.py).

Control API (``/__emulator/lambda/...``):
  POST   functions  {"count":N,"prefix":"bench-fn-"} or {"name":"x"}, plus
                    optional "runtime", "handler", "behaviour", "memory",
                    "timeout", "architecture", "description", "env",
                    "layers", "tags", "versions" (N published versions),
                    "region", "account"
                    -> {"created":N, "names":[...], "total":N}
  DELETE functions  ?prefix=P (&region=&account=)  -> {"removed":N}
  GET    settings                                  -> the settings
  POST   settings   {"timeout_cap_seconds" (3), "use_node" (true),
                     "warm_seconds" (1200)}, any of them    -> the settings
  DELETE containers                                -> {"removed":N} (all cold)
"""

import base64
import binascii
import datetime
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from .. import demo as demo_app
from .. import zipcheck
from ..service import AwsError, Response, Service
from . import s3 as s3svc

SERVICE = Service(signing_name="lambda", protocol="rest-json")

HERE = os.path.dirname(os.path.abspath(__file__))
FUNCTIONS_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "demo",
                                              "functions"))
BOOTSTRAP = os.path.join(FUNCTIONS_DIR, "_bootstrap.js")

RUNTIMES = [
    "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x",
    "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x",
    "nodejs22.x", "nodejs24.x", "java8", "java8.al2", "java11", "java17",
    "java21", "java25", "python2.7", "python3.6", "python3.7", "python3.8",
    "python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
    "python3.14", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "dotnet6", "dotnet8", "dotnet10", "nodejs4.3-edge",
    "go1.x", "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4",
    "provided", "provided.al2", "provided.al2023"]
ARCHITECTURES = ["x86_64", "arm64"]

SYNC_LIMIT = 6291456
ASYNC_LIMIT = 1048576
RESPONSE_LIMIT = 6291556
LAYER_ZIP_LIMIT = 52428800
LAYER_REQUEST_LIMIT = 69905067
UNZIPPED_LIMIT = 262144000
CLIENT_CONTEXT_LIMIT = 3583
TAIL_BYTES = 4096
RUNTIME_OVERHEAD_MB = 26
MAX_RUN_SECONDS = 960
LIST_CAP = 50

DEFAULT_SETTINGS = {"timeout_cap_seconds": 3.0, "use_node": True,
                    "warm_seconds": 1200}

BEHAVIOUR_FILES = {"get-user": "get-user.js", "create-user": "create-user.js",
                   "list-users": "list-users.js", "timeout": "slow-report.js",
                   "echo": "echo.js"}

# runtime -> (version, ARN hash); nodejs20.x and python3.12 as in
# slemu/demo_logs.py, so fresh invocations look like the demo history
RUNTIME_VERSIONS = {
    "nodejs18.x": ("nodejs:18.v30", None),
    "nodejs20.x": ("nodejs:20.v33", "0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea"
                   "0686b404502a0c9ce83931b9"),
    "nodejs22.x": ("nodejs:22.v9", None),
    "python3.11": ("python:3.11.v36", None),
    "python3.12": ("python:3.12.v38", "7f3b0bc2d4c2a1e8d1b8f0b3f7e0b9d6c5a4e3f"
                   "2d1c0b9a8e7f6d5c4b3a2e1f0"),
    "python3.13": ("python:3.13.v10", None)}

# demo: published versions and aliases per logical id
DEMO_VERSIONS = {
    "GetUserFunction": (4, {"live": ("3", {"4": 0.1}, "Production traffic "
                                         "(10% canary on 4)"),
                            "staging": ("4", None, "Staging")}),
    "CreateUserFunction": (2, {"live": ("2", None, "Production traffic")}),
    "ListUsersFunction": (2, {"live": ("2", None, "Production traffic")}),
    "SlowReportFunction": (1, {}),
    "ProcessOrderFunction": (3, {"live": ("3", None, "Production traffic")}),
}

FN_NAME_PATTERN = (r"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-"
                   r"\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LAT"
                   r"EST|[a-zA-Z0-9-_]+))?")
_FN_NAME_RE = re.compile("^(?:%s)$" % FN_NAME_PATTERN)
LAYER_NAME_PATTERN = (r"(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:"
                      r"[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+")
_LAYER_NAME_RE = re.compile("^(?:%s)$" % LAYER_NAME_PATTERN)
_LAYER_VERSION_ARN_RE = re.compile(
    r"^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:"
    r"([a-zA-Z0-9-_]+):([0-9]+)$")
LAYER_VERSION_ARN_PATTERN = (r"(arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|"
                             r"(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:layer:"
                             r"[a-zA-Z0-9-_]+:[0-9]+)")
_QUALIFIER_RE = re.compile(r"^(\$LATEST|[a-zA-Z0-9$_-]+)$")


# ================================================================ helpers

def _lm(ts):
    """Lambda's timestamp format: 2024-05-01T12:00:00.000+0000."""
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+0000" % (
        dt.microsecond // 1000)


def _iso_ms(ts_ms):
    dt = datetime.datetime.fromtimestamp(ts_ms / 1000.0,
                                         datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond //
                                                          1000)


def fn_arn(region, account, name, qualifier=None):
    arn = "arn:aws:lambda:%s:%s:function:%s" % (region, account, name)
    return arn + ":" + qualifier if qualifier else arn


def layer_arn(region, account, name, version=None):
    arn = "arn:aws:lambda:%s:%s:layer:%s" % (region, account, name)
    return "%s:%d" % (arn, version) if version is not None else arn


def _uuid(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "slemu:" + ":".join(
        str(p) for p in parts)))


def _sha_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def _runtime_version(runtime):
    v = RUNTIME_VERSIONS.get(runtime, (None, None))[0]
    if v is None:
        m = re.match(r"^([a-z]+)([0-9.]*)", runtime or "provided")
        v = "%s:%s.v1" % (m.group(1), (m.group(2) or "1").rstrip(".x"))
    return v


def _runtime_version_arn(region, runtime):
    h = RUNTIME_VERSIONS.get(runtime, (None, None))[1] or \
        hashlib.sha256(_runtime_version(runtime).encode()).hexdigest()
    return "arn:aws:lambda:%s::runtime:%s" % (region, h)


def _state(store, account, region):
    st = store.region_state("lambda", account, region)
    st.setdefault("functions", {})
    st.setdefault("layers", {})
    st.setdefault("containers", {})
    st.setdefault("alias_counts", {})
    return st


def settings(store):
    g = store.global_state("lambda")
    s = g.setdefault("settings", {})
    for k, v in DEFAULT_SETTINGS.items():
        s.setdefault(k, v)
    return s


class _Validation:
    """Constraint violations, worded like Lambda's ValidationException."""

    def __init__(self):
        self.errors = []

    def add(self, value, member, constraint):
        self.errors.append("Value '%s' at '%s' failed to satisfy constraint: "
                           "%s" % (value, member, constraint))

    def length(self, value, member, lo, hi):
        if value is None:
            return
        n = len(value)
        if n < lo:
            self.add(value, member, "Member must have length greater than or "
                     "equal to %d" % lo)
        elif n > hi:
            self.add(value, member, "Member must have length less than or "
                     "equal to %d" % hi)

    def pattern(self, value, member, regex, text):
        if value is not None and not regex.match(value):
            self.add(value, member, "Member must satisfy regular expression "
                     "pattern: %s" % text)

    def raise_if_any(self):
        if self.errors:
            n = len(self.errors)
            raise AwsError("ValidationException", "%d validation error%s "
                           "detected: %s" % (n, "" if n == 1 else "s",
                                             "; ".join(self.errors)), 400)


def _list_repr(items):
    return "[%s]" % ", ".join(str(i) for i in items)


def _max_items(ctx, cap=None, hi=10000):
    raw = ctx.query.get("MaxItems")
    if raw is None or raw == "":
        return cap or hi
    try:
        n = int(raw)
    except ValueError:
        raise AwsError("InvalidParameterValueException", "Invalid value for "
                       "MaxItems: %s" % raw, 400)
    v = _Validation()
    if n < 1:
        v.add(n, "maxItems", "Member must have value greater than or equal "
              "to 1")
    elif n > hi:
        v.add(n, "maxItems", "Member must have value less than or equal to "
              "%d" % hi)
    v.raise_if_any()
    return min(n, cap) if cap else n


def _marker(key):
    return base64.b64encode(("slemu1:" + key).encode("utf-8")).decode("ascii")


def _unmarker(tok):
    try:
        raw = base64.b64decode(tok.encode("ascii"), validate=True).decode(
            "utf-8")
        if not raw.startswith("slemu1:"):
            raise ValueError
        return raw[len("slemu1:"):]
    except (ValueError, binascii.Error, UnicodeError):
        raise AwsError("InvalidParameterValueException", "Invalid marker: %s"
                       % tok, 400)


def _page(items, ctx, cap=LIST_CAP, hi=10000):
    """items: [(sort_key, obj)] already sorted.  -> (objs, next_marker)."""
    n = _max_items(ctx, cap, hi)
    tok = ctx.query.get("Marker")
    if tok:
        after = _unmarker(tok)
        items = [it for it in items if it[0] > after]
    page = items[:n]
    nxt = _marker(page[-1][0]) if len(items) > n and page else None
    return [o for _, o in page], nxt


# ============================================================ functions

def _code_zip(fn_name, runtime, handler, size=None, variant=""):
    """The deployment package shown behind Code.Location: the demo handler
    file (or a stub), padded to `size` bytes when given."""
    module = (handler or "index.handler").rsplit(".", 1)[0]
    files = {}
    if (runtime or "").startswith("python"):
        files[module + ".py"] = ("import json\n\n\n"
                                 "def handler(event, context):\n"
                                 "    return event\n")
    else:
        path = os.path.join(FUNCTIONS_DIR, module + ".js")
        try:
            with open(path, "rb") as f:
                files[module + ".js"] = f.read()
        except OSError:
            files[module + ".js"] = ("exports.handler = async (event) => "
                                     "event;\n")
    if variant:
        files["VERSION"] = variant
    if size:
        return zipcheck.build_zip_of_size(files, size)
    return zipcheck.build_zip(files)


def _store_code(store, account, region, name, data):
    key = "snapshots/%s/%s-%s" % (account, name, _uuid(name, _sha_b64(data)))
    s3svc.put_object_internal(store, "awslambda-%s-tasks" % region, key,
                              data, "application/zip", region=region)
    return key


def _new_function(store, account, region, spec, now):
    """Create a function record from a spec (demo entry or control call)."""
    name = spec["name"]
    runtime = spec.get("runtime") or "nodejs20.x"
    behaviour = spec.get("behaviour") or "echo"
    handler = spec.get("handler") or (
        "app.handler" if runtime.startswith("python") else "index.handler")
    last_modified = now - spec.get("age", 0)
    layers = list(spec.get("layers") or [])
    if spec.get("layer_version"):
        layers = [layer_arn(region, account, demo_app.LAYER["name"],
                            spec["layer_version"])]
    data = _code_zip(name, runtime, handler, spec.get("code_size"))
    fn = {
        "name": name, "role": "arn:aws:iam::%s:role/%s" % (
            account, spec.get("role_name") or
            ("%s-role-%s" % (name[:40], hashlib.sha256(name.encode())
                             .hexdigest()[:8]))),
        "runtime": runtime, "handler": handler,
        "memory": int(spec.get("memory") or 128),
        "timeout": int(spec.get("timeout") or 3),
        "architecture": spec.get("architecture") or "x86_64",
        "description": spec.get("description") or "",
        "env": dict(spec.get("env") or {}),
        "layers": layers, "behaviour": behaviour,
        "code_size": len(data), "code_sha256": _sha_b64(data),
        "code_key": _store_code(store, account, region, name, data),
        "last_modified": last_modified,
        "tags": dict(spec.get("tags") or {}),
        "versions": {}, "aliases": {}, "next_version": 1,
    }
    fn["revision_id"] = _uuid(name, fn["code_sha256"], last_modified)
    return fn


_VERSION_FIELDS = ("runtime", "handler", "memory", "timeout", "architecture",
                   "description", "env", "layers", "behaviour", "code_size",
                   "code_sha256", "code_key", "last_modified")


def _publish(store, account, region, fn, lm=None, layers=None, variant=None):
    """Publish $LATEST as the next version (optionally with older code or
    layers, for the demo's history)."""
    n = fn["next_version"]
    fn["next_version"] = n + 1
    snap = {k: json.loads(json.dumps(fn[k])) for k in _VERSION_FIELDS}
    if layers is not None:
        snap["layers"] = layers
    if variant:
        data = _code_zip(fn["name"], fn["runtime"], fn["handler"],
                         fn["code_size"], variant)
        snap["code_sha256"] = _sha_b64(data)
        snap["code_size"] = len(data)
        snap["code_key"] = _store_code(store, account, region, fn["name"],
                                       data)
    if lm is not None:
        snap["last_modified"] = lm
    snap["revision_id"] = _uuid(fn["name"], n, snap["code_sha256"])
    fn["versions"][str(n)] = snap
    return str(n)


def _layer_size(store, account, region, arn):
    m = _LAYER_VERSION_ARN_RE.match(arn)
    if not m:
        return 0
    st = _state(store, m.group(2), m.group(1))
    lay = st["layers"].get(m.group(3))
    lv = lay["versions"].get(m.group(4)) if lay else None
    return lv["code_size"] if lv else 0


def _configuration(store, account, region, fn, version="$LATEST",
                   arn_qualifier=None, full=True):
    src = fn if version == "$LATEST" else fn["versions"][version]
    cfg = {
        "FunctionName": fn["name"],
        "FunctionArn": fn_arn(region, account, fn["name"], arn_qualifier),
        "Runtime": src["runtime"], "Role": fn["role"],
        "Handler": src["handler"], "CodeSize": src["code_size"],
        "Description": src["description"], "Timeout": src["timeout"],
        "MemorySize": src["memory"],
        "LastModified": _lm(src["last_modified"]),
        "CodeSha256": src["code_sha256"], "Version": version,
    }
    if src["env"]:
        cfg["Environment"] = {"Variables": dict(src["env"])}
    cfg["TracingConfig"] = {"Mode": "PassThrough"}
    cfg["RevisionId"] = src.get("revision_id") or fn["revision_id"]
    if src["layers"]:
        cfg["Layers"] = [{"Arn": a, "CodeSize": _layer_size(
            store, account, region, a)} for a in src["layers"]]
    if full:
        cfg["State"] = "Active"
        cfg["LastUpdateStatus"] = "Successful"
    cfg["PackageType"] = "Zip"
    cfg["Architectures"] = [src["architecture"]]
    cfg["EphemeralStorage"] = {"Size": 512}
    cfg["SnapStart"] = {"ApplyOn": "None", "OptimizationStatus": "Off"}
    if full:
        cfg["RuntimeVersionConfig"] = {
            "RuntimeVersionArn": _runtime_version_arn(region, src["runtime"])}
    cfg["LoggingConfig"] = {"LogFormat": "Text",
                            "LogGroup": "/aws/lambda/" + fn["name"]}
    return cfg


def _not_found(ctx, name, qualifier=None):
    return AwsError("ResourceNotFoundException", "Function not found: %s"
                    % fn_arn(ctx.region, ctx.account_id, name, qualifier),
                    404)


def _denied(ctx, resource):
    who = ctx.identity.arn if ctx.identity else "anonymous"
    return AwsError("AccessDeniedException", "User: %s is not authorized to "
                    "perform: lambda:%s on resource: %s"
                    % (who, ctx.operation, resource), 403)


def _parse_name(ctx, raw, member="functionName", max_len=170):
    """FunctionName label -> (name, qualifier from the name or None)."""
    v = _Validation()
    v.length(raw, member, 1, max_len)
    v.pattern(raw, member, _FN_NAME_RE, FN_NAME_PATTERN)
    v.raise_if_any()
    parts = raw.split(":")
    qual = None
    if parts[0] == "arn":
        region, account, name = parts[3], parts[4], parts[6]
        qual = parts[7] if len(parts) > 7 else None
        if region != ctx.region:
            raise AwsError("ResourceNotFoundException", "Functions from '%s' "
                           "are not reachable in this region ('%s')"
                           % (region, ctx.region), 404)
        if account != ctx.account_id:
            raise _denied(ctx, raw)
    elif len(parts) >= 3 and parts[1] == "function":
        if parts[0] != ctx.account_id:
            raise _denied(ctx, raw)
        name = parts[2]
        qual = parts[3] if len(parts) > 3 else None
    else:
        name = parts[0]
        qual = parts[1] if len(parts) > 1 else None
    return name, qual


def _resolve(ctx, st, allow_qualifier=True, pick_weighted=False):
    """-> (fn, version, qualifier).  version: "$LATEST" or "N"."""
    raw = ctx.labels["FunctionName"]
    name, qual_name = _parse_name(ctx, raw)
    qual_param = ctx.query.get("Qualifier")
    if qual_param is not None:
        v = _Validation()
        v.length(qual_param, "qualifier", 1, 128)
        v.pattern(qual_param, "qualifier", _QUALIFIER_RE,
                  r"(|[a-zA-Z0-9$_-]+)")
        v.raise_if_any()
    if qual_name and qual_param and qual_name != qual_param:
        raise AwsError("InvalidParameterValueException", "The derived "
                       "qualifier from the function name does not match the "
                       "specified qualifier.", 400)
    qual = qual_name or qual_param
    if qual and not allow_qualifier:
        raise AwsError("InvalidParameterValueException", "Qualifier is not "
                       "supported for this operation", 400)
    fn = st["functions"].get(name)
    if fn is None:
        raise _not_found(ctx, name, qual)
    if qual is None or qual == "$LATEST":
        return fn, "$LATEST", qual
    if qual.isdigit():
        if qual not in fn["versions"]:
            raise _not_found(ctx, name, qual)
        return fn, qual, qual
    alias = fn["aliases"].get(qual)
    if alias is None:
        raise _not_found(ctx, name, qual)
    version = alias["version"]
    if pick_weighted and alias.get("weights"):
        # deterministic weighted routing: the n-th call goes to an extra
        # version when the running share owed to it grows past a whole call
        # (weight 0.1: calls 10, 20, 30, ...)
        key = fn_arn(ctx.region, ctx.account_id, name, qual)
        n = st["alias_counts"].get(key, 0) + 1
        st["alias_counts"][key] = n

        def owed(k, lo, hi):
            return math.floor(k * hi + 1e-9) - math.floor(k * lo + 1e-9)
        acc = 0.0
        for extra, w in sorted(alias["weights"].items()):
            if owed(n, acc, acc + w) > owed(n - 1, acc, acc + w) and \
                    extra in fn["versions"]:
                version = extra
                break
            acc += w
    return fn, version, qual


def _code_location(ctx, fn, version):
    src = fn if version == "$LATEST" else fn["versions"][version]
    return s3svc.presigned_get_url(
        ctx.store, ctx.host or "127.0.0.1", "awslambda-%s-tasks" % ctx.region,
        src["code_key"], region=ctx.region, expires=600)


@SERVICE.route("GET", "/2015-03-31/functions/", "ListFunctions")
def list_functions(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fv = ctx.query.get("FunctionVersion")
    if fv is not None and fv != "ALL":
        raise AwsError("ValidationException", "1 validation error detected: "
                       "Value '%s' at 'functionVersion' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [ALL]"
                       % fv, 400)
    items = []
    for name in sorted(st["functions"]):
        fn = st["functions"][name]
        if fv == "ALL":
            items.append((name + "\x00", (fn, "$LATEST", "$LATEST")))
            for v in sorted(fn["versions"], key=int):
                items.append((name + "\x00%010d" % int(v), (fn, v, v)))
        else:
            items.append((name, (fn, "$LATEST", None)))
    page, nxt = _page(items, ctx)
    out = {"Functions": [_configuration(ctx.store, ctx.account_id, ctx.region,
                                        fn, v, q, full=False)
                         for fn, v, q in page]}
    if nxt:
        out["NextMarker"] = nxt
    return out


@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction")
def get_function(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fn, version, qual = _resolve(ctx, st)
    out = {"Configuration": _configuration(ctx.store, ctx.account_id,
                                           ctx.region, fn, version, qual),
           "Code": {"RepositoryType": "S3",
                    "Location": _code_location(ctx, fn, version)}}
    if fn["tags"] and qual is None:
        out["Tags"] = dict(fn["tags"])
    if fn.get("reserved_concurrency") is not None:
        out["Concurrency"] = {"ReservedConcurrentExecutions":
                              fn["reserved_concurrency"]}
    return out


@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}/configuration",
               "GetFunctionConfiguration")
def get_function_configuration(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fn, version, qual = _resolve(ctx, st)
    return _configuration(ctx.store, ctx.account_id, ctx.region, fn, version,
                          qual)


@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}/versions",
               "ListVersionsByFunction")
def list_versions_by_function(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fn, _, _ = _resolve(ctx, st, allow_qualifier=False)
    items = [("", "$LATEST")] + [("%010d" % int(v), v)
                                 for v in sorted(fn["versions"], key=int)]
    page, nxt = _page(items, ctx)
    out = {"Versions": [_configuration(ctx.store, ctx.account_id, ctx.region,
                                       fn, v, v, full=False) for v in page]}
    if nxt:
        out["NextMarker"] = nxt
    return out


def _alias_json(ctx, fn, name, a):
    d = {"AliasArn": fn_arn(ctx.region, ctx.account_id, fn["name"], name),
         "Name": name, "FunctionVersion": a["version"],
         "Description": a.get("description", "")}
    if a.get("weights"):
        d["RoutingConfig"] = {"AdditionalVersionWeights": dict(a["weights"])}
    d["RevisionId"] = a["revision_id"]
    return d


@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}/aliases",
               "ListAliases")
def list_aliases(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fn, _, _ = _resolve(ctx, st, allow_qualifier=False)
    want = ctx.query.get("FunctionVersion")
    items = [(n, n) for n in sorted(fn["aliases"])
             if want is None or fn["aliases"][n]["version"] == want]
    page, nxt = _page(items, ctx)
    out = {"Aliases": [_alias_json(ctx, fn, n, fn["aliases"][n])
                       for n in page]}
    if nxt:
        out["NextMarker"] = nxt
    return out


@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}",
               "GetAlias")
def get_alias(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    fn, _, _ = _resolve(ctx, st, allow_qualifier=False)
    name = ctx.labels["Name"]
    a = fn["aliases"].get(name)
    if a is None:
        raise AwsError("ResourceNotFoundException", "Alias not found: %s"
                       % fn_arn(ctx.region, ctx.account_id, fn["name"], name),
                       404)
    return _alias_json(ctx, fn, name, a)


@SERVICE.route("GET", "/2017-03-31/tags/{Resource}", "ListTags")
def list_tags(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    arn = ctx.labels["Resource"]
    m = re.match(r"^arn:aws[a-zA-Z-]*:lambda:([^:]+):(\d{12}):function:"
                 r"([^:]+)$", arn)
    fn = st["functions"].get(m.group(3)) if m else None
    if fn is None:
        raise AwsError("ResourceNotFoundException", "Function not found: %s"
                       % arn, 404)
    return {"Tags": dict(fn["tags"])}


@SERVICE.route("GET", "/2016-08-19/account-settings/", "GetAccountSettings")
def get_account_settings(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    total = 0
    for fn in st["functions"].values():
        total += fn["code_size"] + sum(v["code_size"]
                                       for v in fn["versions"].values())
    for lay in st["layers"].values():
        total += sum(lv["code_size"] for lv in lay["versions"].values())
    return {"AccountLimit": {"TotalCodeSize": 80530636800,
                             "CodeSizeUnzipped": UNZIPPED_LIMIT,
                             "CodeSizeZipped": LAYER_ZIP_LIMIT,
                             "ConcurrentExecutions": 1000,
                             "UnreservedConcurrentExecutions": 1000},
            "AccountUsage": {"TotalCodeSize": total,
                             "FunctionCount": len(st["functions"])}}


# ================================================================ Invoke

def _jackson_error(text):
    """Lambda's (Jackson's) wording for a payload that is not JSON."""
    def reject(const):
        raise ValueError("Non-standard token '%s': enable JsonParser.Feature."
                         "ALLOW_NON_NUMERIC_NUMBERS to allow" % const)
    try:
        json.loads(text, parse_constant=reject)
        return None
    except ValueError as e:
        if not isinstance(e, json.JSONDecodeError):
            msg = str(e)
            pos = len(text)
        else:
            pos = e.pos
            if pos >= len(text.rstrip()):
                msg = ("Unexpected end-of-input: expected close marker for "
                       "Object" if text.lstrip().startswith("{") else
                       "Unexpected end-of-input")
            else:
                m = re.match(r"[A-Za-z0-9_$.+-]+", text[pos:])
                if m and (text[pos].isalpha()):
                    msg = ("Unrecognized token '%s': was expecting (JSON "
                           "String, Number, Array, Object or token 'null', "
                           "'true' or 'false')" % m.group(0))
                    pos += len(m.group(0))
                else:
                    ch = text[pos]
                    msg = "Unexpected character ('%s' (code %d))" % (
                        ch, ord(ch))
                    if e.msg.startswith("Expecting value"):
                        msg += (": expected a valid value (JSON String, "
                                "Number, Array, Object or token 'null', "
                                "'true' or 'false')")
                    elif e.msg.startswith("Extra data"):
                        msg += ": expected end-of-input"
                    elif "property name" in e.msg:
                        msg += (": was expecting double-quote to start field "
                                "name")
                    elif "delimiter" in e.msg:
                        msg += (": was expecting comma to separate Object "
                                "entries")
        before = text[:pos]
        line = before.count("\n") + 1
        col = pos - (before.rfind("\n") + 1) + 1
        snippet = text if len(text) <= 500 else text[:500] + "\"[truncated " \
            "%d chars]; line" % (len(text) - 500)
        return ("Could not parse request body into json: Could not parse "
                "payload into json: %s\n at [Source: (byte[])\"%s\"; line: "
                "%d, column: %d]" % (msg, snippet, line, col))


class FunctionFailure(Exception):
    """A function error raised by a Python behaviour: the body is `error`."""

    def __init__(self, error):
        super().__init__(error.get("errorMessage"))
        self.error = error


class _TimedOut(Exception):
    pass


class Outcome:
    def __init__(self):
        self.kind = "ok"            # ok | error | timeout
        self.result = "null"        # JSON text
        self.error = None           # error body (dict)
        self.lines = []             # [(ts_ms, message without newline)]
        self.duration_ms = 0.0
        self.init_ms = 0.0
        self.memory_mb = 0
        self.start_ms = 0
        self.end_ms = 0


class Invocation:
    """Everything one run needs, copied out of the store."""

    def __init__(self, ctx, fn, version, qualifier, payload, client_context,
                 request_id, settings_):
        src = fn if version == "$LATEST" else fn["versions"][version]
        self.store = ctx.store
        self.generation = ctx.store.generation
        self.account = ctx.account_id
        self.region = ctx.region
        self.name = fn["name"]
        self.version = version
        self.invoked_arn = fn_arn(ctx.region, ctx.account_id, fn["name"],
                                  qualifier)
        self.runtime = src["runtime"]
        self.handler = src["handler"]
        self.memory = src["memory"]
        self.timeout = src["timeout"]
        self.env = dict(src["env"])
        self.behaviour = src["behaviour"]
        self.payload = payload
        self.client_context = client_context
        self.request_id = request_id
        self.cap = float(settings_["timeout_cap_seconds"])
        self.use_node = bool(settings_["use_node"])
        self.warm_seconds = float(settings_["warm_seconds"])
        self.stopping = ctx.stopping
        self.stream = None
        self.cold = False
        self.container = None

    @property
    def deadline_s(self):
        return max(0.0, min(float(self.timeout), self.cap))

    @property
    def python_runtime(self):
        return self.runtime.startswith("python")

    def sleep(self, seconds):
        ev = self.stopping
        if ev is not None:
            ev.wait(seconds)
        else:
            time.sleep(seconds)


# ----------------------------------------------------- execution environments

def _acquire_container(inv):
    """Pick a warm execution environment or open a new one (cold start).
    Call with the store lock held."""
    st = _state(inv.store, inv.account, inv.region)
    key = "%s:%s" % (inv.name, inv.version)
    now = time.time()
    envs = st["containers"].setdefault(key, [])
    # idle ones expire; a busy one older than Lambda's longest run is a
    # leftover (a saved state loaded mid-invocation)
    envs[:] = [c for c in envs
               if (c["busy"] and now - c.get("since", 0) < MAX_RUN_SECONDS)
               or (not c["busy"] and
                   now - c["last_used"] <= inv.warm_seconds)]
    for c in envs:
        if not c["busy"]:
            c["busy"] = True
            c["since"] = now
            inv.container, inv.stream, inv.cold = c, c["stream"], False
            return
    stream = _stream_name(int(now * 1000), inv.version)
    c = {"stream": stream, "busy": True, "last_used": now, "since": now}
    envs.append(c)
    inv.container, inv.stream, inv.cold = c, stream, True


def _release_container(inv, discard=False):
    st = _state(inv.store, inv.account, inv.region)
    envs = st["containers"].get("%s:%s" % (inv.name, inv.version), [])
    for i, c in enumerate(envs):
        if c["stream"] == inv.stream:
            if discard:
                del envs[i]
            else:
                c["busy"] = False
                c["last_used"] = time.time()
            return


def _stream_name(ts_ms, version):
    try:
        from ..logdata import lambda_stream_name
        return lambda_stream_name(ts_ms, version)
    except ImportError:
        day = time.strftime("%Y/%m/%d", time.gmtime(ts_ms / 1000.0))
        return "%s/[%s]%s" % (day, version, os.urandom(16).hex())


# ---------------------------------------------------------------- node

def _node_handler(inv):
    """(node, handler file, export) when the function runs under node."""
    if inv.python_runtime or not inv.runtime.startswith("nodejs") or \
            not inv.use_node:
        return None
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None or not os.path.exists(BOOTSTRAP):
        return None
    module, _, export = inv.handler.rpartition(".")
    if not module:
        module, export = export, "handler"
    for cand in (module + ".js", module + ".cjs",
                 BEHAVIOUR_FILES.get(inv.behaviour, "")):
        if not cand or os.path.basename(cand).startswith("_"):
            continue
        path = os.path.join(FUNCTIONS_DIR, cand)
        if os.path.isfile(path) and \
                os.path.dirname(os.path.abspath(path)) == FUNCTIONS_DIR:
            return node, path, export
    return None


def _run_node(inv, node, path, export):
    out = Outcome()
    fd, side = tempfile.mkstemp(prefix="slemu-lambda-", suffix=".jsonl")
    os.close(fd)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "LANG": "C.UTF-8", "TZ": ":UTC", "HOME": tempfile.gettempdir()}
    env.update({str(k): str(v) for k, v in inv.env.items()})
    env.update({
        "AWS_LAMBDA_FUNCTION_NAME": inv.name,
        "AWS_LAMBDA_FUNCTION_VERSION": inv.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(inv.memory),
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + inv.name,
        "AWS_LAMBDA_LOG_STREAM_NAME": inv.stream,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": inv.region, "AWS_DEFAULT_REGION": inv.region,
        "AWS_EXECUTION_ENV": "AWS_Lambda_" + inv.runtime,
        "LAMBDA_TASK_ROOT": "/var/task", "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": inv.handler,
        "SLEMU_SIDE_FILE": side, "SLEMU_REQUEST_ID": inv.request_id,
        "SLEMU_DEADLINE_MS": str(int(inv.deadline_s * 1000)),
        "SLEMU_TIMEOUT_MS": str(inv.timeout * 1000),
        "SLEMU_INVOKED_ARN": inv.invoked_arn,
    })
    if inv.client_context is not None:
        env["SLEMU_CLIENT_CONTEXT"] = json.dumps(inv.client_context)
    spawned = time.time()
    killed = False
    try:
        proc = subprocess.Popen([node, BOOTSTRAP, path, export],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env,
                                cwd=FUNCTIONS_DIR)
        try:
            stdout, stderr = proc.communicate(inv.payload,
                                              timeout=inv.deadline_s + 15)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            killed = True
        with open(side, "rb") as f:
            raw = f.read().decode("utf-8", "replace")
    finally:
        try:
            os.unlink(side)
        except OSError:
            pass
    ended = time.time()
    recs = []
    for line in raw.splitlines():
        try:
            recs.append(json.loads(line))
        except ValueError:
            continue
    final = None
    done = None
    for r in recs:
        t = r.get("t")
        if t == "init":
            out.init_ms = float(r.get("ms") or 0)
        elif t == "log":
            lvl = r.get("level", "INFO")
            out.lines.append((int(r.get("ts") or ended * 1000),
                              "%s\t%s\t%s\t%s" % (_iso_ms(r["ts"]),
                                                  inv.request_id, lvl,
                                                  r.get("msg", ""))))
        elif t in ("result", "error", "timeout"):
            final = final or r
        elif t == "done":
            done = r
    for text in (stdout, stderr):
        for line in text.decode("utf-8", "replace").splitlines():
            if line.strip():
                out.lines.append((int(ended * 1000), line))
    out.start_ms = int(spawned * 1000 + out.init_ms)
    out.end_ms = int(ended * 1000)
    # node's own peak RSS plus what the Lambda runtime client adds
    out.memory_mb = min(inv.memory, int((done or {}).get("rss_mb") or 40) +
                        RUNTIME_OVERHEAD_MB)
    if killed or final is None or final.get("t") == "timeout":
        if final is None and not killed:
            # the process died without a word
            out.kind = "error"
            out.error = {"errorType": "Runtime.ExitError",
                         "errorMessage": "RequestId: %s Error: Runtime exited "
                         "with error: exit status %s" % (
                             inv.request_id, proc.returncode)}
            out.duration_ms = (ended - spawned) * 1000 - out.init_ms
            return out
        out.kind = "timeout"
        return out
    out.duration_ms = float((done or {}).get("ms") or
                            (ended - spawned) * 1000 - out.init_ms)
    if final["t"] == "result":
        out.result = final.get("json", "null")
    else:
        out.kind = "error"
        out.error = {"errorType": final.get("errorType", "Error"),
                     "errorMessage": final.get("errorMessage", ""),
                     "trace": final.get("trace") or []}
    return out


# ----------------------------------------------------- Python behaviours

_UNDEF = object()       # JavaScript's undefined


def _js_str(v):
    if v is _UNDEF:
        return "undefined"
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e21:
            return str(int(v))
        return repr(v)
    if isinstance(v, dict):
        return "[object Object]"
    if isinstance(v, list):
        return ",".join("" if x is None else _js_str(x) for x in v)
    return str(v)


def _js_truthy(v):
    if v is _UNDEF or v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0 and v == v
    if isinstance(v, str):
        return v != ""
    return True


def _js_get(obj, key):
    """obj[key] for a property read in JS (TypeError on null/undefined)."""
    if obj is _UNDEF or obj is None:
        raise _JsTypeError("Cannot read properties of %s (reading '%s')"
                           % ("undefined" if obj is _UNDEF else "null", key))
    if isinstance(obj, dict):
        return obj.get(key, _UNDEF)
    return _UNDEF


class _JsTypeError(Exception):
    pass


def _js_json(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _node_error(etype, message, frame):
    return FunctionFailure({
        "errorType": etype, "errorMessage": message,
        "trace": ["%s: %s" % (etype, message), "    at " + frame,
                  "    at Runtime.handleOnceNonStreaming "
                  "(file:///var/runtime/index.mjs:1173:29)"]})


def _proxy(status, body):
    return {"statusCode": status,
            "headers": {"Content-Type": "application/json"},
            "body": _js_json(body)}


_USERS = [{"id": "u-123", "name": "Ada Lovelace", "email": "ada@example.com"},
          {"id": "u-42", "name": "Alan Turing", "email": "alan@example.com"},
          {"id": "u-7", "name": "Grace Hopper", "email": "grace@example.com"}]


def _b_get_user(event, sb):
    try:
        pp = _js_get(event, "pathParameters")
        col = 35
        ident = _js_get(pp, "id")
    except _JsTypeError as e:
        col = 20 if event is None or event is _UNDEF else 35
        raise _node_error("TypeError", str(e), "exports.handler "
                          "(/var/task/get-user.js:15:%d)" % col)
    sid = _js_str(ident)
    sb.log("INFO", "fetching user %s" % sid)
    if sid == "u-404":
        sb.log("WARN", "user %s not found" % sid)
        return _proxy(404, {"message": "user %s not found" % sid})
    if sid == "boom":
        raise _node_error("TypeError", "Cannot read properties of undefined "
                          "(reading 'id')", "exports.handler "
                          "(/var/task/get-user.js:22:31)")
    known = {u["id"]: u for u in _USERS[:2]}
    user = known.get(sid) if isinstance(ident, str) else None
    if user is None:
        user = {"id": ident, "name": "User %s" % sid,
                "email": "%s@example.com" % sid}
    body = {k: user[k] for k in ("id", "name", "email")
            if user[k] is not _UNDEF}
    return _proxy(200, body)


def _b_create_user(event, sb):
    def bad_json():
        sb.log("WARN", "request body is not valid JSON")
        return _proxy(400, {"message": "request body is not valid JSON"})

    if event is None or event is _UNDEF:
        return bad_json()
    body = _js_get(event, "body")
    if not _js_truthy(body):
        body = "{}"
    if isinstance(body, str):
        def reject(c):
            raise ValueError(c)
        try:
            data = json.loads(body, parse_constant=reject)
        except ValueError:
            return bad_json()
    elif isinstance(body, (bool, int, float)):
        data = body
    else:
        return bad_json()
    email = data.get("email", _UNDEF) if isinstance(data, dict) else _UNDEF
    if not _js_truthy(data) or not isinstance(email, str) or email == "":
        sb.log("WARN", "rejected: email is required")
        return _proxy(400, {"message": "email is required"})
    user_id = "u-" + hashlib.sha256(email.encode(
        "utf-8", "surrogatepass")).hexdigest()[:8]
    name = data.get("name")
    if not isinstance(name, str) or name == "":
        name = email.split("@")[0]
    sb.log("INFO", _js_json({"level": "info", "msg": "user created",
                             "userId": user_id}))
    return _proxy(201, {"id": user_id, "name": name, "email": email})


def _js_parse_int(v):
    m = re.match(r"^\s*([+-]?\d+)", _js_str(v))
    return int(m.group(1)) if m else None


def _b_list_users(event, sb):
    qs = _UNDEF
    if _js_truthy(event):
        qs = _js_get(event, "queryStringParameters")
    if not _js_truthy(qs):
        qs = {}
    limit = _js_parse_int(_js_get(qs, "limit"))
    if limit is None or limit <= 0:
        limit = len(_USERS)
    users = _USERS[:limit]
    if (sb.env.get("LOG_LEVEL") or "info") != "warn":
        sb.log("INFO", "listing %d users" % len(users))
    return {"statusCode": 200,
            "headers": {"Content-Type": "application/json"},
            "body": _js_json(users)}


def _b_timeout(event, sb):
    sb.log("INFO", "building nightly report")
    sb.sleep(sb.remaining_ms() / 1000.0 + 1.0)
    sb.log("INFO", "report done")
    return {"status": "done"}


def _b_echo(event, sb):
    e = event if isinstance(event, dict) else {}
    n = e.get("log_lines")
    if (isinstance(n, int) and not isinstance(n, bool)) or \
            (isinstance(n, float) and n.is_integer()):
        for i in range(1, int(n) + 1):
            sb.log("INFO", "line %d of %s" % (i, _js_str(n)))
    ms = e.get("sleep_ms")
    if isinstance(ms, (int, float)) and not isinstance(ms, bool) and ms > 0:
        sb.sleep(ms / 1000.0)
    t = e.get("throw", _UNDEF)
    if t is not _UNDEF and t is not None and t is not False:
        raise _node_error("Error", _js_str(t), "exports.handler "
                          "(/var/task/echo.js:16:11)")
    return event


def _py_error(sb, etype, message, frames):
    return FunctionFailure({"errorMessage": message, "errorType": etype,
                            "requestId": sb.request_id,
                            "stackTrace": frames})


def _b_process_order(event, sb):
    frame = ('  File "/var/task/app.py", line 12, in handler\n'
             '    records = event["Records"]\n')
    if not isinstance(event, dict):
        if event is None:
            raise _py_error(sb, "TypeError", "'NoneType' object is not "
                            "subscriptable", [frame])
        raise _py_error(sb, "TypeError", "%s indices must be integers" % (
            type(event).__name__), [frame])
    if "Records" not in event:
        raise _py_error(sb, "KeyError", "'Records'", [frame])
    records = event["Records"]
    if not isinstance(records, list):
        records = []
    sb.plog("INFO", "received %d records" % len(records))
    failures = []
    for r in records:
        r = r if isinstance(r, dict) else {}
        mid = r.get("messageId")
        try:
            body = json.loads(r.get("body") or "")
            if not isinstance(body, dict):
                raise ValueError
        except (ValueError, TypeError):
            sb.plog("WARNING", "record %s: body is not a JSON object" % mid)
            failures.append({"itemIdentifier": mid})
            continue
        if body.get("fail") is True:
            sb.plog("WARNING", "order %s failed" % body.get("orderId"))
            failures.append({"itemIdentifier": mid})
        else:
            sb.plog("INFO", "order %s processed" % body.get("orderId"))
    return {"batchItemFailures": failures}


BEHAVIOURS = {"get-user": _b_get_user, "create-user": _b_create_user,
              "list-users": _b_list_users, "timeout": _b_timeout,
              "process-order": _b_process_order, "echo": _b_echo}

# simulated handler time (ms): base, spread
_SIM_MS = {"get-user": (9.0, 30.0), "create-user": (45.0, 60.0),
           "list-users": (18.0, 25.0), "process-order": (6.0, 10.0),
           "echo": (1.2, 2.5)}


class _Sandbox:
    def __init__(self, inv, out):
        self.inv = inv
        self.out = out
        self.env = inv.env
        self.request_id = inv.request_id
        self.t0 = time.time()

    def elapsed(self):
        return time.time() - self.t0

    def remaining_ms(self):
        return max(0, int(self.inv.timeout * 1000 - self.elapsed() * 1000))

    def log(self, level, msg):          # Node's console.*
        ts = int(time.time() * 1000)
        self.out.lines.append((ts, "%s\t%s\t%s\t%s" % (
            _iso_ms(ts), self.request_id, level, msg)))

    def plog(self, level, msg):         # Python's logging in Lambda
        ts = int(time.time() * 1000)
        self.out.lines.append((ts, "[%s]\t%s\t%s\t%s" % (
            level, _iso_ms(ts), self.request_id, msg)))

    def sleep(self, seconds):
        left = self.inv.deadline_s - self.elapsed()
        if seconds >= left:
            if left > 0:
                self.inv.sleep(left)
            raise _TimedOut()
        self.inv.sleep(seconds)


def _frac(seed, salt):
    h = hashlib.sha256(("%s:%s" % (seed, salt)).encode()).digest()
    return int.from_bytes(h[:4], "big") / float(1 << 32)


def _run_python(inv):
    out = Outcome()
    rid = inv.request_id
    out.init_ms = (92.0 if inv.python_runtime else 150.0) + \
        70.0 * _frac(rid, "init")
    start = time.time()
    out.start_ms = int(start * 1000)
    sb = _Sandbox(inv, out)
    text = inv.payload.decode("utf-8") if inv.payload.strip() else "{}"
    event = json.loads(text)
    fn = BEHAVIOURS.get(inv.behaviour, _b_echo)
    try:
        result = fn(event, sb)
        out.result = _js_json(result)
    except FunctionFailure as f:
        out.kind = "error"
        out.error = f.error
    except _TimedOut:
        out.kind = "timeout"
    end = time.time()
    out.end_ms = int(end * 1000)
    base, spread = _SIM_MS.get(inv.behaviour, (2.0, 3.0))
    out.duration_ms = (end - start) * 1000 + base + spread * _frac(rid, "d")
    base_mem = 44 if inv.python_runtime else 68
    out.memory_mb = min(inv.memory, base_mem + int(14 * _frac(rid, "m")))
    return out


# ---------------------------------------------------------- the run

def _execute(inv):
    """Run one invocation end to end (without the store lock); returns
    (outcome, log text).  Writes logs and metrics."""
    with inv.store.lock:
        _acquire_container(inv)
    discard = False
    try:
        target = _node_handler(inv)
        if target is not None:
            out = _run_node(inv, *target)
        else:
            out = _run_python(inv)
    except Exception:
        with inv.store.lock:
            _release_container(inv, discard=True)
        raise
    rid = inv.request_id
    if out.kind == "timeout":
        out.duration_ms = inv.timeout * 1000.0
        out.error = {"errorType": "Sandbox.Timedout",
                     "errorMessage": "RequestId: %s Error: Task timed out "
                     "after %.2f seconds" % (rid, inv.timeout)}
        discard = True
    elif out.kind == "ok" and len(out.result.encode("utf-8")) > RESPONSE_LIMIT:
        out.kind = "error"
        out.error = {"errorType": "Function.ResponseSizeTooLarge",
                     "errorMessage": "Response payload size exceeded maximum "
                     "allowed payload size (%d bytes)." % RESPONSE_LIMIT}
    # the log, as the Lambda service and runtime write it
    events = []
    start = out.start_ms
    if inv.cold:
        events.append((int(start - out.init_ms),
                       "INIT_START Runtime Version: %s\tRuntime Version ARN: "
                       "%s" % (_runtime_version(inv.runtime),
                               _runtime_version_arn(inv.region,
                                                    inv.runtime))))
    events.append((start, "START RequestId: %s Version: %s"
                   % (rid, inv.version)))
    events.extend(out.lines)
    end = max(out.end_ms, start)
    if out.kind == "error" and out.error["errorType"].startswith(
            "Function."):
        pass        # the service's own verdict: the runtime logged nothing
    elif out.kind == "error" and "stackTrace" in out.error:
        events.append((end, "[ERROR] %s: %s\nTraceback (most recent call "
                       "last):\n%s" % (out.error["errorType"],
                                       out.error["errorMessage"],
                                       "".join(out.error["stackTrace"])
                                       .rstrip("\n"))))
    elif out.kind == "error":
        events.append((end, "%s\t%s\tERROR\tInvoke Error \t%s" % (
            _iso_ms(end), rid, json.dumps(
                {"errorType": out.error["errorType"],
                 "errorMessage": out.error["errorMessage"],
                 "stack": out.error.get("trace", [])},
                ensure_ascii=False, separators=(",", ":")))))
    elif out.kind == "timeout":
        events.append((end, "%s %s Task timed out after %.2f seconds"
                       % (_iso_ms(end), rid, inv.timeout)))
    events.append((end, "END RequestId: %s" % rid))
    report = ("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d "
              "ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t" % (
                  rid, out.duration_ms, int(math.ceil(out.duration_ms)),
                  inv.memory, out.memory_mb))
    if inv.cold:
        report += "Init Duration: %.2f ms\t" % out.init_ms
    if out.kind == "timeout":
        report += "Status: timeout\t"
    events.append((end, report))
    events = [(ts, msg + "\n") for ts, msg in events]
    log_text = "".join(m for _, m in events)
    with inv.store.lock:
        _release_container(inv, discard=discard)
        if inv.store.generation == inv.generation:
            _write_logs(inv, events)
            _write_metrics(inv, out)
    return out, log_text


def _write_logs(inv, events):
    try:
        from ..logdata import append_events
    except ImportError:
        return
    append_events(inv.store, inv.account, inv.region, "/aws/lambda/" +
                  inv.name, inv.stream, events)


def _write_metrics(inv, out):
    try:
        from ..metricdata import record
    except ImportError:
        return
    ts = out.start_ms / 1000.0
    record(inv.store, inv.account, inv.region, inv.name, "Invocations", ts, 1)
    record(inv.store, inv.account, inv.region, inv.name, "Duration", ts,
           round(out.duration_ms, 2))
    if out.kind != "ok":
        record(inv.store, inv.account, inv.region, inv.name, "Errors", ts, 1)


def _header_enum(ctx, header, member, allowed, default):
    v = ctx.headers.get(header)
    if v is None or v == "":
        return default
    if v not in allowed:
        raise AwsError("ValidationException", "1 validation error detected: "
                       "Value '%s' at '%s' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [%s]"
                       % (v, member, ", ".join(allowed)), 400)
    return v


@SERVICE.route("POST", "/2015-03-31/functions/{FunctionName}/invocations",
               "Invoke", locked=False)
def invoke(ctx):
    itype = _header_enum(ctx, "X-Amz-Invocation-Type", "invocationType",
                         ["Event", "RequestResponse", "DryRun"],
                         "RequestResponse")
    log_type = _header_enum(ctx, "X-Amz-Log-Type", "logType",
                            ["None", "Tail"], "None")
    payload = ctx.body
    limit = ASYNC_LIMIT if itype == "Event" else SYNC_LIMIT
    if len(payload) > limit:
        raise AwsError("RequestTooLargeException", "Request must be smaller "
                       "than %d bytes for the %s operation" % (
                           limit, "InvokeAsync" if itype == "Event" else
                           "InvokeFunction"), 413)
    client_context = None
    raw_cc = ctx.headers.get("X-Amz-Client-Context")
    if raw_cc:
        if len(raw_cc) > CLIENT_CONTEXT_LIMIT:
            raise AwsError("InvalidRequestContentException", "Client context "
                           "must be smaller than %d bytes"
                           % CLIENT_CONTEXT_LIMIT, 400)
        try:
            client_context = json.loads(base64.b64decode(
                raw_cc.encode("ascii"), validate=True).decode("utf-8"))
            if not isinstance(client_context, dict):
                raise ValueError
        except (ValueError, binascii.Error, UnicodeError):
            raise AwsError("InvalidRequestContentException", "Client context "
                           "must be a valid Base64-encoded JSON object.", 400)
    with ctx.store.lock:
        st = _state(ctx.store, ctx.account_id, ctx.region)
        fn, version, qual = _resolve(ctx, st,
                                     pick_weighted=itype != "DryRun")
        sets = dict(settings(ctx.store))
        inv = Invocation(ctx, fn, version, qual, payload, client_context,
                         ctx.request_id, sets)
    if payload.strip():
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as e:
            raise AwsError("InvalidRequestContentException", "Could not parse "
                           "request body into json: Could not parse payload "
                           "into json: Invalid UTF-8 start byte 0x%02x"
                           % payload[e.start], 400)
        problem = _jackson_error(text)
        if problem is not None:
            raise AwsError("InvalidRequestContentException", problem, 400)
    headers = [("X-Amzn-Trace-Id", "root=1-%08x-%s;sampled=0" % (
        int(time.time()), ctx.request_id.replace("-", "")[:24]))]
    if itype == "DryRun":
        return Response(204, b"", headers)
    if itype == "Event":
        def background():
            try:
                _execute(inv)
            except Exception as e:  # never kill the server
                print("slemu: async invoke of %s failed: %r" % (inv.name, e),
                      file=sys.stderr)
        threading.Thread(target=background, name="slemu-lambda-async",
                         daemon=True).start()
        return Response(202, b"", headers)
    out, log_text = _execute(inv)
    headers.append(("X-Amz-Executed-Version", version))
    if out.kind == "ok":
        body = out.result.encode("utf-8")
    else:
        headers.append(("X-Amz-Function-Error", "Unhandled"))
        body = json.dumps(out.error, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    if log_type == "Tail":
        tail = log_text.encode("utf-8")[-TAIL_BYTES:]
        headers.append(("X-Amz-Log-Result",
                        base64.b64encode(tail).decode("ascii")))
    return Response(200, body, headers, content_type="application/json")


# ================================================================ layers

def _layer_name(ctx):
    raw = ctx.labels["LayerName"]
    v = _Validation()
    v.length(raw, "layerName", 1, 140)
    v.pattern(raw, "layerName", _LAYER_NAME_RE, LAYER_NAME_PATTERN)
    v.raise_if_any()
    return raw.rsplit(":", 1)[-1] if raw.startswith("arn:") else raw


def _enum_filter(ctx, param, member, allowed):
    v = ctx.query.get(param)
    if v is not None and v not in allowed:
        raise AwsError("ValidationException", "1 validation error detected: "
                       "Value '%s' at '%s' failed to satisfy constraint: "
                       "Member must satisfy enum value set: [%s]"
                       % (v, member, ", ".join(allowed)), 400)
    return v


def _lv_matches(lv, runtime, arch):
    if runtime is not None and runtime not in lv["runtimes"]:
        return False
    if arch is not None and arch not in lv["architectures"]:
        return False
    return True


def _lv_json(ctx, name, lv, full=False, account=None, region=None):
    account = account or ctx.account_id
    region = region or ctx.region
    d = {}
    if full:
        d["Content"] = {
            "Location": s3svc.presigned_get_url(
                ctx.store, ctx.host or "127.0.0.1",
                "awslambda-%s-layers" % region, lv["code_key"],
                region=region, expires=600),
            "CodeSha256": lv["code_sha256"], "CodeSize": lv["code_size"]}
        d["LayerArn"] = layer_arn(region, account, name)
    d["LayerVersionArn"] = layer_arn(region, account, name, lv["version"])
    if not full:
        d["Version"] = lv["version"]
    d["Description"] = lv["description"]
    d["CreatedDate"] = _lm(lv["created"])
    if full:
        d["Version"] = lv["version"]
    if lv["runtimes"]:
        d["CompatibleRuntimes"] = list(lv["runtimes"])
    if lv["license"] is not None:
        d["LicenseInfo"] = lv["license"]
    if lv["architectures"]:
        d["CompatibleArchitectures"] = list(lv["architectures"])
    return d


@SERVICE.route("GET", "/2018-10-31/layers", "ListLayers")
def list_layers(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    runtime = _enum_filter(ctx, "CompatibleRuntime", "compatibleRuntime",
                           RUNTIMES)
    arch = _enum_filter(ctx, "CompatibleArchitecture",
                        "compatibleArchitecture", ARCHITECTURES)
    items = []
    for name in sorted(st["layers"]):
        lay = st["layers"][name]
        match = [lv for lv in lay["versions"].values()
                 if _lv_matches(lv, runtime, arch)]
        if not match:
            continue
        latest = max(match, key=lambda lv: lv["version"])
        items.append((name, {"LayerName": name,
                             "LayerArn": layer_arn(ctx.region, ctx.account_id,
                                                   name),
                             "LatestMatchingVersion": _lv_json(ctx, name,
                                                               latest)}))
    page, nxt = _page(items, ctx, cap=None, hi=50)
    out = {"Layers": page}
    if nxt:
        out["NextMarker"] = nxt
    return out


@SERVICE.route("GET", "/2018-10-31/layers/{LayerName}/versions",
               "ListLayerVersions")
def list_layer_versions(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = _layer_name(ctx)
    runtime = _enum_filter(ctx, "CompatibleRuntime", "compatibleRuntime",
                           RUNTIMES)
    arch = _enum_filter(ctx, "CompatibleArchitecture",
                        "compatibleArchitecture", ARCHITECTURES)
    lay = st["layers"].get(name)
    versions = sorted(lay["versions"].values() if lay else [],
                      key=lambda lv: -lv["version"])
    items = [("%010d" % (10 ** 9 - lv["version"]), _lv_json(ctx, name, lv))
             for lv in versions if _lv_matches(lv, runtime, arch)]
    page, nxt = _page(items, ctx, cap=None, hi=50)
    out = {"LayerVersions": page}
    if nxt:
        out["NextMarker"] = nxt
    return out


def _get_lv(ctx, st, name, number):
    try:
        n = int(number)
    except (TypeError, ValueError):
        raise AwsError("ValidationException", "1 validation error detected: "
                       "Value '%s' at 'versionNumber' failed to satisfy "
                       "constraint: Member must be a number" % number, 400)
    lay = st["layers"].get(name)
    lv = lay["versions"].get(str(n)) if lay else None
    if lv is None:
        raise AwsError("ResourceNotFoundException", "The resource you "
                       "requested does not exist.", 404)
    return lv


@SERVICE.route("GET", "/2018-10-31/layers/{LayerName}/versions/"
               "{VersionNumber}", "GetLayerVersion")
def get_layer_version(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = _layer_name(ctx)
    lv = _get_lv(ctx, st, name, ctx.labels["VersionNumber"])
    return _lv_json(ctx, name, lv, full=True)


@SERVICE.route("GET", "/2018-10-31/layers", "GetLayerVersionByArn",
               query={"find": "LayerVersion"})
def get_layer_version_by_arn(ctx):
    arn = ctx.query.get("Arn") or ""
    m = _LAYER_VERSION_ARN_RE.match(arn)
    if not m:
        raise AwsError("ValidationException", "1 validation error detected: "
                       "Value '%s' at 'arn' failed to satisfy constraint: "
                       "Member must satisfy regular expression pattern: %s"
                       % (arn, LAYER_VERSION_ARN_PATTERN), 400)
    region, account, name, number = m.groups()
    st = _state(ctx.store, account, region)
    lv = _get_lv(ctx, st, name, number)
    return _lv_json(ctx, name, lv, full=True, account=account, region=region)


@SERVICE.route("DELETE", "/2018-10-31/layers/{LayerName}/versions/"
               "{VersionNumber}", "DeleteLayerVersion")
def delete_layer_version(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = _layer_name(ctx)
    lay = st["layers"].get(name)
    try:
        n = str(int(ctx.labels["VersionNumber"]))
    except ValueError:
        n = None
    if lay is not None and n is not None:
        lay["versions"].pop(n, None)
    return Response(204, b"")


def _new_layer_version(store, account, region, name, data, description,
                       runtimes, architectures, license_info, created):
    st = _state(store, account, region)
    lay = st["layers"].setdefault(name, {"next_version": 1, "versions": {}})
    n = lay["next_version"]
    lay["next_version"] = n + 1
    key = "snapshots/%s/%s-%s" % (account, name, _uuid(
        account, region, name, n, _sha_b64(data)))
    s3svc.put_object_internal(store, "awslambda-%s-layers" % region, key,
                              data, "application/zip", region=region)
    lv = {"version": n, "description": description or "",
          "runtimes": list(runtimes or []),
          "architectures": list(architectures or []),
          "license": license_info, "created": created,
          "code_sha256": _sha_b64(data), "code_size": len(data),
          "code_key": key}
    lay["versions"][str(n)] = lv
    return lv


def _bad_zip():
    return AwsError("InvalidParameterValueException", "Could not unzip "
                    "uploaded file. Please check your file, then try to "
                    "upload again.", 400)


@SERVICE.route("POST", "/2018-10-31/layers/{LayerName}/versions",
               "PublishLayerVersion")
def publish_layer_version(ctx):
    if len(ctx.body) > LAYER_REQUEST_LIMIT:
        raise AwsError("RequestEntityTooLargeException", "Request must be "
                       "smaller than %d bytes for the PublishLayerVersion "
                       "operation" % LAYER_REQUEST_LIMIT, 413)
    name = _layer_name(ctx)
    body = ctx.json()
    if not isinstance(body, dict):
        raise AwsError("InvalidRequestContentException", "Could not parse "
                       "request body into json: Unexpected token", 400)
    content = body.get("Content")
    description = body.get("Description")
    license_info = body.get("LicenseInfo")
    runtimes = body.get("CompatibleRuntimes")
    archs = body.get("CompatibleArchitectures")
    v = _Validation()
    if content is None:
        v.add("null", "content", "Member must not be null")
    if description is not None:
        v.length(description, "description", 0, 256)
    if license_info is not None:
        v.length(license_info, "licenseInfo", 0, 512)
    if runtimes is not None:
        if not isinstance(runtimes, list):
            runtimes = [runtimes]
        if len(runtimes) > 15:
            v.add(_list_repr(runtimes), "compatibleRuntimes",
                  "Member must have length less than or equal to 15")
        elif any(r not in RUNTIMES for r in runtimes):
            v.add(_list_repr(runtimes), "compatibleRuntimes",
                  "Member must satisfy constraint: [Member must satisfy enum "
                  "value set: [%s]]" % ", ".join(RUNTIMES))
    if archs is not None:
        if not isinstance(archs, list):
            archs = [archs]
        if len(archs) > 2:
            v.add(_list_repr(archs), "compatibleArchitectures",
                  "Member must have length less than or equal to 2")
        elif any(a not in ARCHITECTURES for a in archs):
            v.add(_list_repr(archs), "compatibleArchitectures",
                  "Member must satisfy constraint: [Member must satisfy enum "
                  "value set: [x86_64, arm64]]")
    v.raise_if_any()
    if not isinstance(content, dict):
        raise AwsError("InvalidParameterValueException", "Please provide a "
                       "source for the layer content.", 400)
    zf = content.get("ZipFile")
    bucket, key = content.get("S3Bucket"), content.get("S3Key")
    if zf is not None and (bucket or key):
        raise AwsError("InvalidParameterValueException", "Please do not "
                       "provide other FunctionCode parameters when providing "
                       "a ZipFile.", 400)
    if zf is not None:
        try:
            data = base64.b64decode(str(zf).encode("ascii"), validate=True)
        except (ValueError, binascii.Error, UnicodeError):
            raise AwsError("InvalidRequestContentException", "Could not parse "
                           "request body into json: Could not parse payload "
                           "into json: Failed to decode VALUE_STRING as "
                           "base64 (MIME-NO-LINEFEEDS): Illegal character",
                           400)
        if len(data) > LAYER_ZIP_LIMIT:
            raise AwsError("RequestEntityTooLargeException", "Request must be "
                           "smaller than %d bytes for the PublishLayerVersion "
                           "operation" % LAYER_REQUEST_LIMIT, 413)
    elif bucket and key:
        exists, obj = s3svc.get_object_internal(ctx.store, bucket, key)
        if not exists:
            raise AwsError("InvalidParameterValueException", "Error occurred "
                           "while GetObject. S3 Error Code: NoSuchBucket. S3 "
                           "Error Message: The specified bucket does not "
                           "exist", 400)
        with ctx.store.lock:
            b = s3svc.s3_state(ctx.store)["buckets"][bucket]
            if b["region"] != ctx.region and not b.get("system"):
                raise AwsError("InvalidParameterValueException", "Error "
                               "occurred while GetObject. S3 Error Code: "
                               "PermanentRedirect. S3 Error Message: The "
                               "bucket is in this region: %s. Please use "
                               "this region to retry the request"
                               % b["region"], 400)
        if obj is None:
            raise AwsError("InvalidParameterValueException", "Error occurred "
                           "while GetObject. S3 Error Code: NoSuchKey. S3 "
                           "Error Message: The specified key does not "
                           "exist.", 400)
        data = obj["data"]
    else:
        raise AwsError("InvalidParameterValueException", "Please provide a "
                       "source for the layer content.", 400)
    try:
        _, unzipped = zipcheck.check_zip(data)
    except zipcheck.ZipProblem:
        raise _bad_zip()
    if unzipped > UNZIPPED_LIMIT:
        raise AwsError("InvalidParameterValueException", "Unzipped size must "
                       "be smaller than %d bytes" % UNZIPPED_LIMIT, 400)
    lv = _new_layer_version(ctx.store, ctx.account_id, ctx.region, name, data,
                            description, runtimes, archs, license_info,
                            time.time())
    return 201, _lv_json(ctx, name, lv, full=True)


# ================================================================ seeding

def _seed_demo(store):
    account, region = demo_app.ACCOUNT, demo_app.REGION
    now = time.time()
    lay = demo_app.LAYER
    for spec in lay["versions"]:
        data = zipcheck.build_zip(spec["files"])
        _new_layer_version(store, account, region, lay["name"], data,
                           spec["description"], spec["runtimes"],
                           spec["architectures"], spec.get("license"),
                           now - spec["age"])
    st = _state(store, account, region)
    for spec in demo_app.FUNCTIONS:
        fn = _new_function(store, account, region, dict(spec), now)
        fn["role"] = "arn:aws:iam::%s:role/%s-%sRole-%s" % (
            account, spec["stack"], spec["logical_id"],
            hashlib.sha256(spec["name"].encode()).hexdigest()[:12].upper())
        fn["tags"] = {"aws:cloudformation:stack-name": spec["stack"],
                      "aws:cloudformation:logical-id": spec["logical_id"],
                      "lambda:createdBy": "SAM"}
        count, aliases = DEMO_VERSIONS.get(spec["logical_id"], (1, {}))
        for k in range(1, count + 1):
            older = count - k
            lv = spec.get("layer_version")
            layers = None
            if lv:
                layers = [layer_arn(region, account, lay["name"],
                                    max(1, lv - older))]
            _publish(store, account, region, fn,
                     lm=fn["last_modified"] - older * 3 * demo_app.DAY,
                     layers=layers,
                     variant=("build %d" % k) if older else None)
        for aname, (ver, weights, desc) in aliases.items():
            fn["aliases"][aname] = {
                "version": ver, "weights": weights, "description": desc,
                "revision_id": _uuid(fn["name"], "alias", aname, ver)}
        st["functions"][fn["name"]] = fn


@SERVICE.on_reset
def seed(store, demo):
    if demo:
        _seed_demo(store)


# ============================================================ control API

def _scope(cctx, spec=None):
    spec = spec or {}
    account = spec.get("account") or cctx.query.get("account") or \
        cctx.store.default_account
    region = spec.get("region") or cctx.query.get("region") or "us-east-1"
    return account, region


@SERVICE.control("POST", "functions")
def control_create_functions(cctx):
    spec = cctx.json()
    if not isinstance(spec, dict):
        return 400, {"error": "body must be a JSON object"}
    account, region = _scope(cctx, spec)
    if spec.get("name"):
        names = [str(spec["name"])]
    else:
        count = int(spec.get("count", 1))
        if count < 1 or count > 20000:
            return 400, {"error": "count must be 1..20000"}
        prefix = str(spec.get("prefix", "fn-"))
        width = max(3, len(str(count)))
        names = ["%s%0*d" % (prefix, width, i) for i in range(1, count + 1)]
    for n in names:
        if not re.match(r"^[a-zA-Z0-9-_]{1,64}$", n):
            return 400, {"error": "bad function name %r" % n}
    behaviour = spec.get("behaviour", "echo")
    if behaviour not in BEHAVIOURS:
        return 400, {"error": "behaviour must be one of %s"
                     % ", ".join(sorted(BEHAVIOURS))}
    runtime = spec.get("runtime") or ("python3.12" if behaviour ==
                                      "process-order" else "nodejs20.x")
    if runtime not in RUNTIMES:
        return 400, {"error": "unknown runtime %r" % runtime}
    st = _state(cctx.store, account, region)
    now = time.time()
    versions = int(spec.get("versions", 0))
    for n in names:
        fspec = {"name": n, "runtime": runtime, "behaviour": behaviour}
        for k in ("handler", "memory", "timeout", "architecture",
                  "description", "env", "layers", "tags", "code_size"):
            if spec.get(k) is not None:
                fspec[k] = spec[k]
        fn = _new_function(cctx.store, account, region, fspec, now)
        for _ in range(versions):
            _publish(cctx.store, account, region, fn)
        st["functions"][n] = fn
    return {"created": len(names), "names": names,
            "total": len(st["functions"]), "region": region,
            "account": account}


@SERVICE.control("DELETE", "functions")
def control_delete_functions(cctx):
    account, region = _scope(cctx)
    prefix = cctx.query.get("prefix", "")
    st = _state(cctx.store, account, region)
    gone = [n for n in st["functions"] if n.startswith(prefix)]
    for n in gone:
        del st["functions"][n]
    return {"removed": len(gone)}


@SERVICE.control("GET", "settings")
def control_get_settings(cctx):
    s = dict(settings(cctx.store))
    s["node"] = shutil.which("node") or shutil.which("nodejs")
    return s


@SERVICE.control("POST", "settings")
def control_set_settings(cctx):
    spec = cctx.json()
    s = settings(cctx.store)
    if "timeout_cap_seconds" in spec:
        cap = float(spec["timeout_cap_seconds"])
        if cap < 0:
            return 400, {"error": "timeout_cap_seconds must be >= 0"}
        s["timeout_cap_seconds"] = cap
    if "use_node" in spec:
        s["use_node"] = bool(spec["use_node"])
    if "warm_seconds" in spec:
        s["warm_seconds"] = float(spec["warm_seconds"])
    out = dict(s)
    out["node"] = shutil.which("node") or shutil.which("nodejs")
    return out


@SERVICE.control("DELETE", "containers")
def control_cold(cctx):
    n = 0
    for (svc, _, _), st in list(cctx.store.services.items()):
        if svc == "lambda" and isinstance(st, dict) and "containers" in st:
            n += sum(len(v) for v in st["containers"].values())
            st["containers"] = {}
    return {"removed": n}
