"""The control API: plain JSON under /__emulator/, no signature needed.

  GET    /__emulator/health                 -> {"status":"ok", "services":[...]}
  POST   /__emulator/faults                 rule or {"faults":[rule,...]}
                                            -> {"ids":[...], "faults":[...]}
  GET    /__emulator/faults                 -> {"faults":[...]}
  DELETE /__emulator/faults[/ID]            -> {"removed": N}
  GET    /__emulator/requests?service=&operation=&since=&status=&limit=
                                            -> {"requests":[...], "last_seq": N}
  DELETE /__emulator/requests               -> {"removed": N}
  POST   /__emulator/reset                  {"demo": bool}? -> {"status":"ok"}
  POST   /__emulator/keys                   {"access_key_id", "secret_access_key",
                                             "account_id"?, "user"?, "root"?,
                                             "session_token"?, "expires_in"? |
                                             "expiration"?} -> identity
  GET    /__emulator/keys                   -> {"keys":[...]} (no secrets)
  DELETE /__emulator/keys/AKID              -> {"removed": 1}
  POST   /__emulator/roles                  {"arn", "external_id"?, "mfa_required"?,
                                             "mfa_code"?, "mfa_serial"?,
                                             "max_session_duration"?} -> role
  GET    /__emulator/roles                  -> {"roles":[...]}
  POST   /__emulator/save                   -> {"path": ...} (with --state-dir)
  GET    /__emulator/state?service=S        -> that service's state (debug)
  ANY    /__emulator/<signing-name>/<sub>   endpoints registered by services
                                            with @SERVICE.control(...)
"""

import datetime
import json
import os
import urllib.parse

from . import __version__
from .faults import FaultError
from .store import Role

PREFIX = "/__emulator/"


class ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ControlContext:
    """What a service's control endpoint gets."""

    def __init__(self, app, method, subpath, query, body):
        self.app = app
        self.store = app.store
        self.method = method
        self.subpath = subpath
        self.query = query
        self.body = body

    def json(self):
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise ControlError(400, "body is not JSON: %s" % e)


def _json_body(body):
    if not body.strip():
        return {}
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ControlError(400, "body is not JSON: %s" % e)


def _parse_time(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        s = v.replace("Z", "+00:00")
        try:
            dt = datetime.datetime.fromisoformat(s)
        except ValueError:
            raise ControlError(400, "bad time %r" % v)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=datetime.timezone.utc)
        return dt.timestamp()
    raise ControlError(400, "bad time %r" % (v,))


def handle(app, method, target, body):
    """-> (status, JSON-able object)."""
    path, _, qs = target.partition("?")
    query = dict(urllib.parse.parse_qsl(qs, keep_blank_values=True))
    sub = path[len(PREFIX):].strip("/")
    parts = sub.split("/") if sub else []
    try:
        return _dispatch(app, method, parts, query, body)
    except ControlError as e:
        return e.status, {"error": e.message}
    except FaultError as e:
        return 400, {"error": str(e)}
    except (ValueError, TypeError, KeyError) as e:
        return 400, {"error": "bad request: %s" % e}


def _dispatch(app, method, parts, query, body):
    head = parts[0] if parts else ""
    rest = parts[1:]

    if head == "health" and method in ("GET", "HEAD"):
        return 200, {
            "status": "ok", "version": __version__, "port": app.port,
            "pid": os.getpid(),
            "demo": app.demo, "account_id": app.store.default_account,
            "access_key_id": app.store.default_access_key,
            "services": [{"signing_name": s.signing_name,
                          "protocols": list(s.protocols),
                          "operations": sorted(s.operations)}
                         for s in app.registry.services]}

    if head == "faults":
        if method == "GET":
            return 200, {"faults": app.faults.list()}
        if method == "POST":
            spec = _json_body(body)
            specs = spec.get("faults") if isinstance(spec, dict) and \
                "faults" in spec else [spec]
            if not isinstance(specs, list):
                raise ControlError(400, "faults must be a list")
            rules = app.faults.add_many(specs)
            return 200, {"ids": [r.id for r in rules],
                         "faults": [r.public() for r in rules]}
        if method == "DELETE":
            return 200, {"removed": app.faults.clear(rest[0] if rest
                                                     else None)}

    if head == "requests":
        if method == "GET":
            entries = app.log.list(
                service=query.get("service"), operation=query.get("operation"),
                since=int(query["since"]) if query.get("since") else None,
                status=int(query["status"]) if query.get("status") else None,
                limit=int(query["limit"]) if query.get("limit") else None)
            return 200, {"requests": entries, "last_seq": app.log.last_seq()}
        if method == "DELETE":
            return 200, {"removed": app.log.clear()}

    if head == "reset" and method == "POST":
        spec = _json_body(body)
        app.reset(demo=spec.get("demo") if isinstance(spec, dict) else None,
                  keep_log=bool(spec.get("keep_log")) if isinstance(
                      spec, dict) else False)
        return 200, {"status": "ok", "demo": app.demo}

    if head == "keys":
        if method == "GET":
            with app.store.lock:
                keys = [i.public() for i in app.store.identities.values()]
            return 200, {"keys": keys}
        if method == "POST":
            spec = _json_body(body)
            akid = spec.get("access_key_id")
            secret = spec.get("secret_access_key")
            if not akid or not secret or not isinstance(akid, str) or \
                    not isinstance(secret, str):
                raise ControlError(400, "access_key_id and "
                                   "secret_access_key are required")
            expires = None
            if spec.get("expires_in") is not None:
                expires = app.now() + float(spec["expires_in"])
            elif spec.get("expiration") is not None:
                expires = _parse_time(spec["expiration"])
            ident = app.store.add_key(
                akid, secret, account_id=spec.get("account_id"),
                user=spec.get("user"), root=bool(spec.get("root")),
                session_token=spec.get("session_token"), expires=expires)
            return 200, ident.public()
        if method == "DELETE" and rest:
            return 200, {"removed": int(app.store.remove_key(rest[0]))}

    if head == "roles":
        if method == "GET":
            with app.store.lock:
                roles = [r.public() for r in app.store.roles.values()]
            return 200, {"roles": roles}
        if method == "POST":
            spec = _json_body(body)
            arn = spec.get("arn")
            if not isinstance(arn, str) or ":role/" not in arn:
                raise ControlError(400, "arn must be a role ARN")
            role = Role(arn, external_id=spec.get("external_id"),
                        mfa_required=bool(spec.get("mfa_required")),
                        mfa_code=str(spec.get("mfa_code", "123456")),
                        mfa_serial=spec.get("mfa_serial"),
                        max_session_duration=int(
                            spec.get("max_session_duration", 43200)),
                        allowed_principals=spec.get("allowed_principals"))
            app.store.put_role(role)
            return 200, role.public()
        if method == "DELETE":
            arn = query.get("arn")
            with app.store.lock:
                removed = app.store.roles.pop(arn, None) is not None
            return 200, {"removed": int(removed)}

    if head == "save" and method == "POST":
        path = app.store.save()
        if path is None:
            raise ControlError(400, "the emulator runs without --state-dir")
        return 200, {"path": path}

    if head == "state" and method == "GET":
        svc = query.get("service")
        with app.store.lock:
            out = {}
            for (s, a, r), st in app.store.services.items():
                if svc and s != svc:
                    continue
                out["%s|%s|%s" % (s, a, r)] = st
            text = json.dumps(out, default=repr)
        return 200, json.loads(text)

    # service-defined endpoints
    svc = app.registry.by_signing.get(head)
    if svc is not None:
        subpath = "/".join(rest)
        for m, sp, fn in svc.controls:
            if m == method and sp == subpath:
                cctx = ControlContext(app, method, subpath, query, body)
                with app.store.lock:
                    res = fn(cctx)
                if isinstance(res, tuple):
                    return res
                return 200, res

    raise ControlError(404, "no control endpoint %s /__emulator/%s"
                       % (method, "/".join(parts)))
