"""CloudFormation (awsQuery, 2010-05-15): the read side a console needs.

Operations: ListStacks, DescribeStacks, ListStackResources,
DescribeStackResource, DescribeStackResources, DescribeStackEvents,
ListExports.

Like AWS: the server picks the page size (PAGE_SIZE) and NextToken is
opaque; ListStacks without a filter includes DELETE_COMPLETE stacks; a
deleted stack answers only to its stack id (ARN); DescribeStacks without a
name lists the live stacks; events are newest first; almost every error is
a 400 ValidationError.

State (region state "cloudformation"): {"stacks": [stack, ...]} in creation
order (append-only, so page tokens stay valid while stacks are added); each
stack holds its resources and its events (oldest first).

Control endpoints (POST, JSON; optional "account", "region"):
  /__emulator/cloudformation/stacks
      {"count": 200, "prefix": "bench-stack-", "resources": 5, "events": N?,
       "status": "CREATE_COMPLETE"?, "start": 1?}
      -> stacks PREFIX0001.. with `resources` resources each and their
         creation history (2 + 3 * resources events, padded with update
         cycles up to `events` when given); or
      {"stacks": [{"name", "status"?, "description"?, "resources": N |
       [{"logical_id", "type", "physical_id"?, "status"?}],
       "parameters": {}?, "outputs": [[key, value, description, export]]?,
       "tags": {}?, "age": seconds?, "events": N?}]}
      -> {"count": N, "stacks": [{"name", "id"}]}
  /__emulator/cloudformation/events
      {"stack": "name or ARN", "events": [{"logical_id"?, "type"?,
       "status", "reason"?, "physical_id"?}]}
      -> appends events timestamped now (stack-level when logical_id is
         absent or the stack name: the stack's status follows), updating
         or adding the resources -> {"event_ids": [...], "stack_status"}
"""

import base64
import datetime
import hashlib
import json
import random
import re

from .. import demo as demo_app
from ..protocols import get_list
from ..service import AwsError, Service, missing_param

SERVICE = Service(
    signing_name="cloudformation", protocol="query",
    api_version="2010-05-15",
    xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/")

PAGE_SIZE = 100
HOUR = 3600
DAY = 86400
STACK_TYPE = "AWS::CloudFormation::Stack"

STACK_STATUSES = (
    "CREATE_IN_PROGRESS", "CREATE_FAILED", "CREATE_COMPLETE",
    "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE",
    "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE",
    "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS", "IMPORT_IN_PROGRESS",
    "IMPORT_COMPLETE", "IMPORT_ROLLBACK_IN_PROGRESS",
    "IMPORT_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE")

NAME_RE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$")


# ------------------------------------------------------------------ helpers

def _uuid(seed, time_based=True):
    h = hashlib.sha256(seed.encode()).hexdigest()
    third = ("11ef" if time_based else "4" + h[13:16])
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], third, h[16:20], h[20:32])


def _stack_arn(region, account, name, seed):
    return "arn:aws:cloudformation:%s:%s:stack/%s/%s" % (
        region, account, name, _uuid("stack:%s:%s" % (name, seed)))


def _suffix(seed, n=12):
    h = hashlib.sha256(seed.encode()).digest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(alphabet[b % 36] for b in h[:n])


def _iso_ms(ts):
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (
        dt.microsecond // 1000)


def _dt(ts):
    return datetime.datetime.fromtimestamp(round(ts, 3),
                                           datetime.timezone.utc)


def _state(store, account, region):
    st = store.region_state("cloudformation", account, region)
    st.setdefault("stacks", [])
    return st


def _validation(message):
    return AwsError("ValidationError", message, 400)


def _token(data):
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _untoken(token, fp):
    try:
        pad = "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(token + pad).decode())
        if not isinstance(data, dict) or data.get("f") != fp or \
                not isinstance(data.get("i"), int):
            raise ValueError
        return data["i"]
    except (ValueError, UnicodeDecodeError, TypeError):
        raise _validation("Invalid NextToken")


def _fp(*parts):
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()
                        ).hexdigest()[:10]


# ------------------------------------------------------------ stack building

class _Builder:
    """Builds one stack: its resources and a realistic event history."""

    def __init__(self, st, account, region, name, created, seed=None,
                 description="", rng_seed=None):
        self.st = st
        self.account = account
        self.region = region
        seed = seed or "%s:%d" % (name, len(st["stacks"]))
        self.rng = random.Random(rng_seed or seed)
        self.stack = {
            "id": _stack_arn(region, account, name, seed), "name": name,
            "status": "CREATE_IN_PROGRESS", "created": created,
            "updated": None, "deleted": None, "description": description,
            "parameters": [], "outputs": [], "tags": [],
            "capabilities": [], "drift": "NOT_CHECKED", "drift_checked": None,
            "change_set": None, "termination_protection": False,
            "disable_rollback": False, "notification_arns": [],
            "resources": [], "events": [], "reason": None}
        self.t = created

    # events -------------------------------------------------------------
    def tick(self, lo=0.4, hi=3.0):
        self.t += self.rng.uniform(lo, hi)
        return self.t

    def event(self, logical, rtype, status, reason="", physical=None,
              ts=None):
        s = self.stack
        ts = self.tick() if ts is None else ts
        ts = max(ts, s["events"][-1]["ts"] + 0.001) if s["events"] else ts
        ts = round(ts, 3)
        self.t = max(self.t, ts)
        if logical == s["name"] and rtype == STACK_TYPE:
            eid = _uuid("%s:%d:%s" % (s["id"], len(s["events"]), status))
            physical = s["id"]
            s["status"] = status
        else:
            eid = "%s-%s-%s" % (logical, status, _iso_ms(ts))
            res = self.resource(logical)
            if res is not None:
                if physical is None and (
                        not status.endswith("IN_PROGRESS") or status in (
                            "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS")):
                    physical = res["physical"]
                if status != "DELETE_SKIPPED":
                    res["status"] = status
                    res["reason"] = reason or None
                    res["updated"] = ts
                    if physical:
                        res["physical"] = physical
        ev = {"id": eid, "logical": logical, "physical": physical or "",
              "type": rtype, "ts": ts, "status": status, "reason": reason}
        s["events"].append(ev)
        return ev

    def stack_event(self, status, reason=""):
        return self.event(self.stack["name"], STACK_TYPE, status, reason)

    def resource(self, logical):
        for r in self.stack["resources"]:
            if r["logical"] == logical:
                return r
        return None

    def add_resource(self, logical, rtype, physical, metadata=None,
                     description=None):
        r = {"logical": logical, "type": rtype, "physical": physical,
             "status": "CREATE_IN_PROGRESS", "reason": None,
             "updated": self.t, "drift": "NOT_CHECKED",
             "metadata": metadata, "description": description}
        self.stack["resources"].append(r)
        return r

    # whole operations ------------------------------------------------------
    def create(self, specs):
        """specs: [(logical, type, final physical id)] in dependency order."""
        self.stack_event("CREATE_IN_PROGRESS", "User Initiated")
        self.tick(2, 4)
        for logical, rtype, physical in specs:
            if self.resource(logical) is None:
                self.add_resource(logical, rtype, physical)
            self.event(logical, rtype, "CREATE_IN_PROGRESS", "", "")
            self.event(logical, rtype, "CREATE_IN_PROGRESS",
                       "Resource creation Initiated", physical, self.t +
                       self.rng.uniform(0.5, 1.5))
            self.event(logical, rtype, "CREATE_COMPLETE", "", physical,
                       self.t + self.slow(rtype))
        self.stack_event("CREATE_COMPLETE")

    def slow(self, rtype):
        if rtype in ("AWS::DynamoDB::Table", "AWS::IAM::Role"):
            return self.rng.uniform(8, 20)
        if rtype in ("AWS::SQS::Queue", "AWS::ApiGateway::Deployment"):
            return self.rng.uniform(2, 60)
        return self.rng.uniform(0.5, 6)

    def update(self, at, changes, replaced=()):
        """changes: [logical]; replaced: [(logical, new physical)]."""
        self.t = at
        s = self.stack
        self.stack_event("UPDATE_IN_PROGRESS", "User Initiated")
        s["updated"] = self.t
        old = {}
        for logical, new_physical in replaced:
            r = self.resource(logical)
            old[logical] = r["physical"]
            self.event(logical, r["type"], "UPDATE_IN_PROGRESS",
                       "Requested update requires the creation of a new "
                       "physical resource; hence creating one.",
                       r["physical"])
            self.event(logical, r["type"], "UPDATE_IN_PROGRESS",
                       "Resource creation Initiated", new_physical)
            self.event(logical, r["type"], "UPDATE_COMPLETE", "",
                       new_physical)
        for logical in changes:
            r = self.resource(logical)
            self.event(logical, r["type"], "UPDATE_IN_PROGRESS")
            self.event(logical, r["type"], "UPDATE_COMPLETE", "", None,
                       self.t + self.slow(r["type"]))
        self.stack_event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
        for logical, physical in old.items():
            r = self.resource(logical)
            self.event(logical, r["type"], "DELETE_SKIPPED", "", physical)
        self.stack_event("UPDATE_COMPLETE")

    def delete(self, at):
        self.t = at
        self.stack_event("DELETE_IN_PROGRESS", "User Initiated")
        for r in reversed(self.stack["resources"]):
            self.event(r["logical"], r["type"], "DELETE_IN_PROGRESS")
            self.event(r["logical"], r["type"], "DELETE_COMPLETE", "", None,
                       self.t + self.slow(r["type"]))
        self.stack_event("DELETE_COMPLETE")
        self.stack["deleted"] = self.t

    def replay(self, rows, now):
        """demo.py's failed update: (seconds ago, logical, type, status,
        reason), oldest first."""
        for ago, logical, rtype, status, reason in rows:
            if rtype == STACK_TYPE:
                logical = self.stack["name"]
            ev = self.event(logical, rtype, status, reason, ts=now - ago)
            if status == "UPDATE_IN_PROGRESS" and rtype == STACK_TYPE:
                self.stack["updated"] = ev["ts"]

    def finish(self):
        s = self.stack
        s["reason"] = _status_reason(s)
        self.st["stacks"].append(s)
        return s


def _status_reason(stack):
    """The last non-empty stack-level reason of the latest operation (what
    AWS keeps, e.g. 'The following resource(s) failed to update: ...')."""
    reason = None
    for ev in stack["events"]:
        if ev["type"] != STACK_TYPE:
            continue
        if ev["reason"] == "User Initiated":
            reason = None
        elif ev["reason"]:
            reason = ev["reason"]
    return reason


# --------------------------------------------------------------------- demo

def _alarm_logical(stack, alarm_name):
    rest = alarm_name[len(stack) + 1:] if alarm_name.startswith(
        stack + "-") else alarm_name
    return "".join(p[:1].upper() + p[1:] for p in rest.split("-")) + "Alarm"


def _demo_stack(st, account, region, spec, now):
    name = spec["name"]
    created = now - spec["created"] + 0.512
    b = _Builder(st, account, region, name, created, seed=name + ":demo",
                 description=spec.get("description", ""))
    s = b.stack
    s["parameters"] = [[k, v] for k, v in spec.get("parameters", {}).items()]
    s["outputs"] = [list(o) for o in spec.get("outputs", [])]
    s["tags"] = [[k, v] for k, v in spec.get("tags", {}).items()]
    s["capabilities"] = ["CAPABILITY_IAM"]
    fns = demo_app.functions_of(name)
    layer = demo_app.LAYER
    layer_arn = "arn:aws:lambda:%s:%s:layer:%s:%%d" % (region, account,
                                                       layer["name"])
    alarms = [a for a in demo_app.ALARMS
              if (a.get("function") and any(f["name"] == a["function"]
                                            for f in fns)) or
              (a.get("composite") and a["name"].startswith(name + "-"))]
    topic = "arn:aws:sns:%s:%s:%s-alerts" % (region, account, name)
    specs = []
    if name == "users-api":
        s["capabilities"] = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
        s["change_set"] = "arn:aws:cloudformation:%s:%s:changeSet/" \
            "samcli-deploy%d/%s" % (region, account,
                                    int(now - spec["updated"]),
                                    _uuid("cs:" + name, False))
        specs.append((demo_app.TABLE["logical_id"], "AWS::DynamoDB::Table",
                      demo_app.TABLE["physical_id"]))
        specs.append(("UsersDepsLayer", "AWS::Lambda::LayerVersion",
                      layer_arn % 1))
    elif name == "orders-pipeline":
        specs.append(("OrdersQueue", "AWS::SQS::Queue",
                      "https://sqs.%s.amazonaws.com/%s/orders"
                      % (region, account)))
    if alarms:
        specs.append(("AlertsTopic", "AWS::SNS::Topic", topic))
    for f in fns:
        specs.append((f["logical_id"] + "Role", "AWS::IAM::Role",
                      "%s-%sRole-%s" % (name, f["logical_id"],
                                        _suffix(f["name"] + ":role"))))
    for f in fns:
        specs.append((f["logical_id"], "AWS::Lambda::Function", f["name"]))
        specs.append((f["logical_id"] + "LogGroup", "AWS::Logs::LogGroup",
                      demo_app.log_group_of(f)))
    if name == "users-api":
        api_id = "k3x9q2m1za"
        for out in spec.get("outputs", []):
            m = re.match(r"https://([a-z0-9]+)\.execute-api\.", out[1])
            if m:
                api_id = m.group(1)
        specs.append(("ServerlessRestApi", "AWS::ApiGateway::RestApi",
                      api_id))
        specs.append(("ServerlessRestApiDeployment" + _suffix(
            "dep", 10).lower(), "AWS::ApiGateway::Deployment",
            _suffix("deployment", 6).lower()))
        specs.append(("ServerlessRestApiProdStage", "AWS::ApiGateway::Stage",
                      spec.get("parameters", {}).get("Stage", "prod")))
        for f in fns:
            if f["description"].startswith(("GET", "POST", "PUT", "DELETE")):
                lid = f["logical_id"] + f["logical_id"].replace(
                    "Function", "") + "ApiPermissionProd"
                specs.append((lid, "AWS::Lambda::Permission",
                              "%s-%s-%s" % (name, lid, _suffix(lid))))
            elif f["behaviour"] == "timeout":
                rule = f["logical_id"].replace("Function", "") + "Schedule"
                specs.append((rule, "AWS::Events::Rule", "%s-%s-%s" % (
                    name, rule, _suffix(rule))))
                specs.append((rule + "Permission", "AWS::Lambda::Permission",
                              "%s-%sPermission-%s" % (name, rule,
                                                      _suffix(rule + "p"))))
    elif name == "orders-pipeline":
        for f in fns:
            specs.append((f["logical_id"] + "SQSEvent",
                          "AWS::Lambda::EventSourceMapping",
                          _uuid("esm:" + f["name"], False)))
    elif name == "legacy-cron":
        specs += [("CronFunctionRole", "AWS::IAM::Role",
                   "legacy-cron-CronFunctionRole-" + _suffix("cronrole")),
                  ("CronFunction", "AWS::Lambda::Function",
                   "legacy-cron-CronFunction-" + _suffix("cronfn")),
                  ("CronSchedule", "AWS::Events::Rule",
                   "legacy-cron-CronSchedule-" + _suffix("cronrule")),
                  ("CronSchedulePermission", "AWS::Lambda::Permission",
                   "legacy-cron-CronSchedulePermission-" +
                   _suffix("cronperm"))]
    for a in sorted(alarms, key=lambda a: bool(a.get("composite"))):
        specs.append((_alarm_logical(name, a["name"]) if not a.get(
            "composite") else _alarm_logical(name, a["name"]).replace(
                "Alarm", "CompositeAlarm"),
            "AWS::CloudWatch::CompositeAlarm" if a.get("composite") else
            "AWS::CloudWatch::Alarm", a["name"]))
    b.create(specs)
    for f in fns:
        r = b.resource(f["logical_id"])
        r["metadata"] = json.dumps({"SamResourceId": f["logical_id"]},
                                    separators=(",", ":")) \
            if name == "users-api" else None
        r["description"] = f.get("description")

    if name == "users-api":
        # the updates behind the functions' and layer versions' ages: a
        # function changed at its age, and with every new layer version
        # if it uses the layer
        ages = sorted({f["age"] for f in fns} |
                      {v["age"] for v in layer["versions"]}, reverse=True)
        for age in ages:
            if age >= spec["created"]:
                continue
            new_layer = any(v["age"] == age for v in layer["versions"])
            changed = [f["logical_id"] for f in fns
                       if f["age"] == age or (new_layer and f["age"] < age
                                              and f.get("layer_version"))]
            replaced = [("UsersDepsLayer", layer_arn % v["version"])
                        for v in layer["versions"] if v["age"] == age and
                        v["version"] > 1]
            b.update(now - age + 3.217, changed, replaced)
    elif name == "orders-pipeline":
        for f in fns:
            if f["age"] < spec["created"]:
                b.update(now - f["age"] + 1.733, [f["logical_id"]])
        if spec.get("failed_update"):
            b.replay(spec["failed_update"], now)
    if spec.get("deleted"):
        b.delete(now - spec["deleted"] + 0.145)
    s["drift"] = spec.get("drift", "NOT_CHECKED")
    if s["drift"] != "NOT_CHECKED":
        s["drift_checked"] = round(now - (2 * HOUR if s["drift"] == "DRIFTED"
                                          else DAY) + 0.377, 3)
        for r in s["resources"]:
            r["drift"] = "IN_SYNC"
            r["drift_checked"] = s["drift_checked"]
        if s["drift"] == "DRIFTED" and s["resources"]:
            s["resources"][0]["drift"] = "MODIFIED"
    if spec.get("status") and not spec.get("deleted"):
        s["status"] = spec["status"]
    return b.finish()


@SERVICE.on_reset
def seed(store, demo):
    if not demo:
        return
    now = store.clock()
    account = store.default_account
    st = _state(store, account, demo_app.REGION)
    for spec in sorted(demo_app.STACKS, key=lambda s: -s["created"]):
        _demo_stack(st, account, demo_app.REGION, spec, now)


# ------------------------------------------------------------------ lookups

def _find(st, ref, message="Stack with id %s does not exist"):
    """A stack by name (live only) or by stack id (any status)."""
    if ref is None:
        return None
    if ref.startswith("arn:"):
        for s in st["stacks"]:
            if s["id"] == ref:
                return s
        raise _validation(message % ref)
    for s in reversed(st["stacks"]):
        if s["name"] == ref and s["status"] != "DELETE_COMPLETE":
            return s
    raise _validation(message % ref)


def _live(s):
    return s["status"] != "DELETE_COMPLETE"


def _drift_summary(s):
    d = {"StackDriftStatus": s["drift"]}
    if s.get("drift_checked"):
        d["LastCheckTimestamp"] = _dt(s["drift_checked"])
    return d


def _summary(s):
    out = {"StackId": s["id"], "StackName": s["name"],
           "TemplateDescription": s["description"] or None,
           "CreationTime": _dt(s["created"])}
    if s["updated"]:
        out["LastUpdatedTime"] = _dt(s["updated"])
    if s["deleted"]:
        out["DeletionTime"] = _dt(s["deleted"])
    out["StackStatus"] = s["status"]
    if s.get("reason"):
        out["StackStatusReason"] = s["reason"]
    out["DriftInformation"] = _drift_summary(s)
    return out


def _describe(s):
    out = {"StackId": s["id"], "StackName": s["name"]}
    if s.get("change_set"):
        out["ChangeSetId"] = s["change_set"]
    if s["description"]:
        out["Description"] = s["description"]
    out["Parameters"] = [{"ParameterKey": k, "ParameterValue": v}
                         for k, v in s["parameters"]]
    out["CreationTime"] = _dt(s["created"])
    if s["deleted"]:
        out["DeletionTime"] = _dt(s["deleted"])
    if s["updated"]:
        out["LastUpdatedTime"] = _dt(s["updated"])
    out["RollbackConfiguration"] = {}
    out["StackStatus"] = s["status"]
    if s.get("reason"):
        out["StackStatusReason"] = s["reason"]
    out["DisableRollback"] = bool(s.get("disable_rollback"))
    out["NotificationARNs"] = list(s.get("notification_arns", []))
    if s["capabilities"]:
        out["Capabilities"] = list(s["capabilities"])
    if s["outputs"]:
        outs = []
        for o in s["outputs"]:
            item = {"OutputKey": o[0], "OutputValue": o[1]}
            if len(o) > 2 and o[2]:
                item["Description"] = o[2]
            if len(o) > 3 and o[3]:
                item["ExportName"] = o[3]
            outs.append(item)
        out["Outputs"] = outs
    out["Tags"] = [{"Key": k, "Value": v} for k, v in s["tags"]]
    out["EnableTerminationProtection"] = bool(s.get("termination_protection"))
    out["DriftInformation"] = _drift_summary(s)
    return out


def _resource_drift(r):
    d = {"StackResourceDriftStatus": r.get("drift", "NOT_CHECKED")}
    if r.get("drift_checked"):
        d["LastCheckTimestamp"] = _dt(r["drift_checked"])
    return d


def _page(items, token, fp):
    """items newest first, each with its creation-order index; the token is
    the index to continue below."""
    if token:
        below = _untoken(token, fp)
        items = [(i, x) for i, x in items if i < below]
    page = items[:PAGE_SIZE]
    nxt = _token({"f": fp, "i": page[-1][0]}) \
        if len(items) > PAGE_SIZE else None
    return [x for _, x in page], nxt


# --------------------------------------------------------------- operations

@SERVICE.operation("ListStacks")
def list_stacks(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    wanted = get_list(ctx.params, "StackStatusFilter")
    bad = [w for w in wanted if w not in STACK_STATUSES]
    if bad:
        raise _validation(
            "1 validation error detected: Value '[%s]' at 'stackStatusFilter'"
            " failed to satisfy constraint: Member must satisfy constraint: "
            "[Member must satisfy enum value set: [%s]]"
            % (", ".join(wanted), ", ".join(STACK_STATUSES)))
    items = [(i, s) for i, s in enumerate(st["stacks"])
             if not wanted or s["status"] in wanted]
    items.sort(key=lambda p: -p[0])
    page, nxt = _page(items, ctx.param("NextToken"),
                      _fp("ListStacks", sorted(wanted)))
    out = {"StackSummaries": [_summary(s) for s in page]}
    if nxt:
        out["NextToken"] = nxt
    return out


@SERVICE.operation("DescribeStacks")
def describe_stacks(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = ctx.param("StackName")
    if name is not None:
        s = _find(st, name)
        return {"Stacks": [_describe(s)]}
    items = [(i, s) for i, s in enumerate(st["stacks"]) if _live(s)]
    items.sort(key=lambda p: -p[0])
    page, nxt = _page(items, ctx.param("NextToken"), _fp("DescribeStacks"))
    out = {"Stacks": [_describe(s) for s in page]}
    if nxt:
        out["NextToken"] = nxt
    return out


@SERVICE.operation("ListStackResources")
def list_stack_resources(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = ctx.param("StackName")
    if name is None:
        raise missing_param(ctx, "StackName")
    s = _find(st, name)
    items = list(enumerate(s["resources"]))
    token = ctx.param("NextToken")
    fp = _fp("ListStackResources", s["id"])
    start = _untoken(token, fp) if token else 0
    page = items[start:start + PAGE_SIZE]
    out = {"StackResourceSummaries": []}
    for _, r in page:
        item = {"LogicalResourceId": r["logical"]}
        if r["physical"] and not (r["status"] == "CREATE_IN_PROGRESS"
                                  and not r["physical"]):
            item["PhysicalResourceId"] = r["physical"]
        item["ResourceType"] = r["type"]
        item["LastUpdatedTimestamp"] = _dt(r["updated"])
        item["ResourceStatus"] = r["status"]
        if r.get("reason"):
            item["ResourceStatusReason"] = r["reason"]
        item["DriftInformation"] = _resource_drift(r)
        out["StackResourceSummaries"].append(item)
    if start + PAGE_SIZE < len(items):
        out["NextToken"] = _token({"f": fp, "i": start + PAGE_SIZE})
    return out


def _detail(s, r, with_metadata=True):
    item = {"StackName": s["name"], "StackId": s["id"],
            "LogicalResourceId": r["logical"]}
    if r["physical"]:
        item["PhysicalResourceId"] = r["physical"]
    item["ResourceType"] = r["type"]
    item["LastUpdatedTimestamp"] = _dt(r["updated"])
    item["ResourceStatus"] = r["status"]
    if r.get("reason"):
        item["ResourceStatusReason"] = r["reason"]
    if r.get("description"):
        item["Description"] = r["description"]
    if with_metadata:
        item["Metadata"] = r.get("metadata") or "{}"
    item["DriftInformation"] = _resource_drift(r)
    return item


@SERVICE.operation("DescribeStackResource")
def describe_stack_resource(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = ctx.param("StackName")
    logical = ctx.param("LogicalResourceId")
    if name is None:
        raise missing_param(ctx, "StackName")
    if logical is None:
        raise missing_param(ctx, "LogicalResourceId")
    s = _find(st, name, "Stack '%s' does not exist")
    for r in s["resources"]:
        if r["logical"] == logical:
            return {"StackResourceDetail": _detail(s, r)}
    raise _validation("Resource %s does not exist for stack %s"
                      % (logical, s["name"]))


@SERVICE.operation("DescribeStackResources")
def describe_stack_resources(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = ctx.param("StackName")
    logical = ctx.param("LogicalResourceId")
    physical = ctx.param("PhysicalResourceId")
    if name is None and physical is None:
        raise _validation("Either StackName or PhysicalResourceId must be "
                          "specified.")
    if name is not None:
        s = _find(st, name, "Stack '%s' does not exist")
    else:
        s = None
        for cand in reversed(st["stacks"]):
            if _live(cand) and any(r["physical"] == physical
                                   for r in cand["resources"]):
                s = cand
                break
        if s is None:
            raise _validation("Stack for %s does not exist" % physical)
    out = []
    for r in s["resources"]:
        if logical and r["logical"] != logical:
            continue
        if physical and r["physical"] != physical:
            continue
        d = _detail(s, r, with_metadata=False)
        d.pop("LastUpdatedTimestamp")
        items = list(d.items())
        items.insert(5, ("Timestamp", _dt(r["updated"])))
        out.append(dict(items))
    return {"StackResources": out}


@SERVICE.operation("DescribeStackEvents")
def describe_stack_events(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    name = ctx.param("StackName")
    if name is None:
        raise missing_param(ctx, "StackName")
    s = _find(st, name, "Stack [%s] does not exist")
    items = list(enumerate(s["events"]))
    items.reverse()
    page, nxt = _page(items, ctx.param("NextToken"),
                      _fp("DescribeStackEvents", s["id"]))
    out = {"StackEvents": []}
    for ev in page:
        item = {"StackId": s["id"], "EventId": ev["id"],
                "StackName": s["name"], "LogicalResourceId": ev["logical"],
                "PhysicalResourceId": ev["physical"],
                "ResourceType": ev["type"], "Timestamp": _dt(ev["ts"]),
                "ResourceStatus": ev["status"]}
        if ev.get("reason"):
            item["ResourceStatusReason"] = ev["reason"]
        out["StackEvents"].append(item)
    if nxt:
        out["NextToken"] = nxt
    return out


@SERVICE.operation("ListExports")
def list_exports(ctx):
    st = _state(ctx.store, ctx.account_id, ctx.region)
    items = []
    for s in st["stacks"]:
        if not _live(s):
            continue
        for o in s["outputs"]:
            if len(o) > 3 and o[3]:
                items.append({"ExportingStackId": s["id"], "Name": o[3],
                              "Value": o[1]})
    items.sort(key=lambda e: e["Name"])
    token = ctx.param("NextToken")
    fp = _fp("ListExports")
    start = _untoken(token, fp) if token else 0
    out = {"Exports": items[start:start + PAGE_SIZE]}
    if start + PAGE_SIZE < len(items):
        out["NextToken"] = _token({"f": fp, "i": start + PAGE_SIZE})
    return out


# ------------------------------------------------------------------ control

_BENCH_TYPES = [
    ("Function", "AWS::Lambda::Function"),
    ("FunctionRole", "AWS::IAM::Role"),
    ("LogGroup", "AWS::Logs::LogGroup"),
    ("Table", "AWS::DynamoDB::Table"),
    ("Queue", "AWS::SQS::Queue"),
    ("Topic", "AWS::SNS::Topic"),
    ("Bucket", "AWS::S3::Bucket"),
]


def _bench_physical(account, region, stack, logical, rtype):
    sfx = _suffix(stack + ":" + logical)
    if rtype == "AWS::Logs::LogGroup":
        return "/aws/lambda/%s-%s" % (stack, sfx)
    if rtype == "AWS::SQS::Queue":
        return "https://sqs.%s.amazonaws.com/%s/%s-%s" % (region, account,
                                                          stack, logical)
    if rtype == "AWS::SNS::Topic":
        return "arn:aws:sns:%s:%s:%s-%s-%s" % (region, account, stack,
                                               logical, sfx)
    if rtype == "AWS::S3::Bucket":
        return ("%s-%s-%s" % (stack, logical, sfx)).lower()[:63]
    return "%s-%s-%s" % (stack, logical, sfx)


def _bench_stack(st, account, region, name, spec, created):
    b = _Builder(st, account, region, name, created,
                 description=spec.get("description",
                                      "Benchmark stack %s" % name))
    res = spec.get("resources", 3)
    specs = []
    if isinstance(res, list):
        for r in res:
            lid = r["logical_id"]
            rtype = r.get("type", "AWS::CloudFormation::WaitConditionHandle")
            specs.append((lid, rtype, r.get("physical_id") or
                          _bench_physical(account, region, name, lid,
                                          rtype)))
    else:
        for i in range(int(res)):
            base, rtype = _BENCH_TYPES[i % len(_BENCH_TYPES)]
            lid = "%s%d" % (base, i // len(_BENCH_TYPES) + 1)
            specs.append((lid, rtype, _bench_physical(account, region, name,
                                                      lid, rtype)))
    b.stack["parameters"] = [[k, str(v)] for k, v in
                             spec.get("parameters", {}).items()]
    b.stack["outputs"] = [list(o) for o in spec.get("outputs", [])]
    b.stack["tags"] = [[k, str(v)] for k, v in spec.get("tags", {}).items()]
    if any(t == "AWS::IAM::Role" for _, t, _ in specs):
        b.stack["capabilities"] = ["CAPABILITY_IAM"]
    b.create(specs)
    want = spec.get("events")
    if want is not None:
        want = int(want)
        n = 0
        while len(b.stack["events"]) < want and specs:
            lid = specs[n % len(specs)][0]
            b.update(b.t + 60, [lid])
            n += 1
        if len(b.stack["events"]) > want >= 1:
            del b.stack["events"][want:]
            stack_evs = [e for e in b.stack["events"]
                         if e["type"] == STACK_TYPE]
            if stack_evs:
                b.stack["status"] = stack_evs[-1]["status"]
    status = spec.get("status")
    if status:
        if status not in STACK_STATUSES:
            raise ValueError("bad status %r" % status)
        if status == "DELETE_COMPLETE":
            b.delete(b.t + 30)
        else:
            b.stack["status"] = status
    return b.finish()


def _scope(cctx, spec):
    return (str(spec.get("account") or cctx.store.default_account),
            str(spec.get("region") or "us-east-1"))


@SERVICE.control("POST", "stacks")
def control_stacks(cctx):
    spec = cctx.json()
    if not isinstance(spec, dict):
        return 400, {"error": "expected a JSON object"}
    account, region = _scope(cctx, spec)
    st = _state(cctx.store, account, region)
    now = cctx.store.clock()
    specs = spec.get("stacks")
    if specs is None:
        count = int(spec.get("count", 1))
        if not 0 < count <= 20000:
            return 400, {"error": "count must be 1..20000"}
        first = int(spec.get("start", 1))
        width = max(4, len(str(first + count - 1)))
        prefix = str(spec.get("prefix", "bench-stack-"))
        specs = [dict(spec, name="%s%0*d" % (prefix, width, first + i),
                      age=(count - i) * 60.0) for i in range(count)]
        for s in specs:
            s.pop("count", None)
    live = {s["name"] for s in st["stacks"] if _live(s)}
    for s in specs:
        if not isinstance(s, dict) or not NAME_RE.match(str(s.get("name"))):
            return 400, {"error": "bad stack name in %r" % (s,)}
        if s["name"] in live:
            return 409, {"error": "stack %s already exists" % s["name"]}
        live.add(s["name"])
    made = []
    for s in specs:
        age = float(s.get("age", 600))
        try:
            stack = _bench_stack(st, account, region, s["name"], s,
                                 now - age - 120)
        except (ValueError, KeyError, TypeError) as e:
            return 400, {"error": "bad stack spec: %s" % e}
        made.append({"name": stack["name"], "id": stack["id"]})
    return {"count": len(made), "stacks": made}


@SERVICE.control("POST", "events")
def control_events(cctx):
    spec = cctx.json()
    if not isinstance(spec, dict) or not spec.get("stack"):
        return 400, {"error": "stack is required"}
    account, region = _scope(cctx, spec)
    st = _state(cctx.store, account, region)
    try:
        s = _find(st, str(spec["stack"]))
    except AwsError as e:
        return 404, {"error": e.message}
    evs = spec.get("events")
    if not isinstance(evs, list) or not evs:
        return 400, {"error": "events must be a non-empty list"}
    b = _Builder(st, account, region, s["name"], s["created"])
    b.stack = s
    now = cctx.store.clock()
    ids = []
    for e in evs:
        if not (isinstance(e, dict) and isinstance(e.get("status"), str)
                and re.match(r"^[A-Z_]+$", e["status"])):
            return 400, {"error": "bad event %r" % (e,)}
        logical = e.get("logical_id") or s["name"]
        rtype = e.get("type")
        if logical == s["name"]:
            rtype = STACK_TYPE
        elif rtype is None:
            r = b.resource(logical)
            rtype = r["type"] if r else \
                "AWS::CloudFormation::WaitConditionHandle"
        if rtype != STACK_TYPE and b.resource(logical) is None:
            b.t = now
            b.add_resource(logical, rtype, e.get("physical_id") or "")
        ev = b.event(logical, rtype, e["status"], e.get("reason", ""),
                     e.get("physical_id"), ts=now)
        if rtype == STACK_TYPE:
            if e["status"].startswith("UPDATE_IN_PROGRESS"):
                s["updated"] = ev["ts"]
            if e["status"] == "DELETE_COMPLETE":
                s["deleted"] = ev["ts"]
        ids.append(ev["id"])
    s["reason"] = _status_reason(s)
    return {"event_ids": ids, "stack_status": s["status"]}
