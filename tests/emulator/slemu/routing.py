"""Find the service, protocol and operation of a request.

The service is the signing name in the credential scope (Authorization
header or X-Amz-Credential of a presigned URL).  Unsigned requests are
matched by X-Amz-Target prefix, by an unsigned query Action (STS
AssumeRoleWithWebIdentity) or by the first label of the Host header.

Within the service:
  * X-Amz-Target "Prefix.Op"                 -> json
  * form body (or GET query) with Action=Op  -> query
  * otherwise the REST routes                -> rest-json / rest-xml
"""

import importlib
import pkgutil
import sys
import urllib.parse

from . import protocols
from .service import AwsError, Service


class Registry:
    """The services known to this server."""

    def __init__(self, services=()):
        self.services = []
        self.by_signing = {}
        for s in services:
            self.add(s)

    def add(self, service):
        if service.signing_name in self.by_signing:
            raise ValueError("two services sign as %r" % service.signing_name)
        self.services.append(service)
        self.by_signing[service.signing_name] = service

    @classmethod
    def discover(cls, package="slemu.services", only=None):
        """Import every module of the services package that defines
        SERVICE.  `only`: optional list of signing names to keep."""
        reg = cls()
        pkg = importlib.import_module(package)
        for info in sorted(pkgutil.iter_modules(pkg.__path__),
                           key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            try:
                mod = importlib.import_module("%s.%s" % (package, info.name))
            except Exception as e:  # a broken module must not stop the rest
                print("slemu: cannot load service module %s: %s"
                      % (info.name, e), file=sys.stderr)
                continue
            svc = getattr(mod, "SERVICE", None)
            if not isinstance(svc, Service):
                continue
            if only and svc.signing_name not in only:
                continue
            reg.add(svc)
        return reg

    def by_target(self, target):
        prefix = target.rsplit(".", 1)[0]
        for s in self.services:
            if s.target_prefix and s.target_prefix == prefix:
                return s
        return None

    def by_host(self, host):
        if not host:
            return None
        name = host.split(":", 1)[0].lower()
        labels = name.split(".")
        for s in self.services:
            for h in s.hosts:
                if labels[0] == h or (len(labels) > 1 and labels[1] == h
                                      and s.is_s3):
                    return s
        return None

    def unsigned_action(self, action):
        found = [s for s in self.services
                 if action in s.operations and
                 s.operations[action].auth in ("none", "optional")]
        return found[0] if len(found) == 1 else None


class Routed:
    """The result of routing one request."""

    def __init__(self):
        self.service = None
        self.protocol = None
        self.op_name = None
        self.operation = None
        self.labels = {}
        self.params = {}
        self.query = {}
        self.query_all = []
        self.version = None
        self.error = None       # AwsError to answer with, if routing failed


def _is_form(wire):
    ctype = (wire.header("Content-Type") or "").lower()
    return ctype.startswith("application/x-www-form-urlencoded")


def guess_protocol(wire):
    """Best guess when no service matched (for the error's shape)."""
    if wire.has_header("X-Amz-Target"):
        return "json"
    if _is_form(wire) or "Action=" in wire.raw_query:
        return "query"
    if wire.has_header("x-amz-content-sha256"):
        return "rest-xml"
    return "rest-json"


def route(registry, wire, auth):
    """Route a request; `auth` is the parsed AuthInfo or None."""
    r = Routed()
    r.query_all = wire.query_pairs()
    for k, v in r.query_all:
        r.query.setdefault(k, v)
    target = wire.header("X-Amz-Target")
    form = {}
    if _is_form(wire):
        form = protocols.parse_form(wire.body)

    svc = None
    if auth is not None:
        svc = registry.by_signing.get(auth.service)
        if svc is None:
            r.protocol = guess_protocol(wire)
            r.error = AwsError(
                "UnknownService" if r.protocol != "rest-xml" else
                "InvalidRequest",
                "slemu: no emulated service signs as '%s'" % auth.service, 400)
            return r
    else:
        if target:
            svc = registry.by_target(target)
        if svc is None:
            action = form.get("Action") or r.query.get("Action")
            if action:
                svc = registry.unsigned_action(action)
        if svc is None:
            svc = registry.by_host(wire.header("Host"))
        if svc is None:
            r.protocol = guess_protocol(wire)
            r.error = None      # caller answers "missing authentication"
            return r
    r.service = svc

    # protocol
    if target and "json" in svc.protocols:
        r.protocol = "json"
    elif "query" in svc.protocols and (
            form or "Action" in r.query or
            not any(p.startswith("rest") for p in svc.protocols)):
        r.protocol = "query"
    else:
        rest = [p for p in svc.protocols if p.startswith("rest")]
        r.protocol = rest[0] if rest else svc.protocols[0]

    if r.protocol == "json":
        prefix, _, name = target.rpartition(".")
        if prefix != svc.target_prefix or not name:
            r.op_name = target
            r.error = AwsError("UnknownOperationException", "", 400)
            return r
        r.op_name = name
    elif r.protocol == "query":
        params = dict(r.query)
        params.update(form)
        r.params = params
        r.op_name = params.get("Action")
        r.version = params.get("Version")
        if not r.op_name:
            r.error = AwsError("MissingAction", "Missing Action", 400)
            return r
        if r.version is not None and svc.api_version and \
                r.version != svc.api_version:
            r.error = protocols.unknown_operation(svc, "query", r.op_name,
                                                  r.version)
            return r
    r.operation = svc.operations.get(r.op_name) if r.op_name else None
    return r


def resolve_rest(r, ctx):
    """Fill in the REST operation once a Context exists."""
    op, labels = r.service.resolve_route(ctx)
    r.operation = op
    r.labels = labels or {}
    r.op_name = op.name if op is not None else None
    return r


def decoded_path(raw_path):
    return urllib.parse.unquote(raw_path)
