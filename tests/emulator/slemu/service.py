"""The plugin shape of an emulated service.

A service module (slemu/services/NAME.py) defines one module-level
``SERVICE = Service(...)`` and registers handlers on it:

    SERVICE = Service(signing_name="sts", protocol="query",
                      api_version="2011-06-15",
                      xmlns="https://sts.amazonaws.com/doc/2011-06-15/")

    @SERVICE.operation("GetCallerIdentity")
    def get_caller_identity(ctx):
        return {"UserId": ..., "Account": ..., "Arn": ...}

JSON services give ``target_prefix`` ("Logs_20140328"); REST services use
``@SERVICE.route("GET", "/2015-03-31/functions/{FunctionName}",
"GetFunction")``.  Handlers get a ``Context`` and return plain data (a dict,
rendered by the protocol), a ``Response`` (full control), or raise
``AwsError``.
"""

import json
import re
import urllib.parse

PROTOCOLS = ("query", "json", "rest-json", "rest-xml")


class AwsError(Exception):
    """An AWS error answer.  The protocol layer renders it in the service's
    shape (query XML, JSON __type, restJson X-Amzn-ErrorType, S3 XML).

    code: the error code ('ValidationError', 'ResourceNotFoundException').
    status: HTTP status.  sender: Sender (client) or Receiver (server) fault.
    query_code: for awsQuery-compatible JSON services (CloudWatch), the
    query code sent in x-amzn-query-error.  fields: extra members of the error
    body (S3: extra XML elements; JSON: extra keys).  headers: extra response
    headers (e.g. Retry-After).
    """

    def __init__(self, code, message="", status=400, sender=None,
                 query_code=None, fields=None, headers=None):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status
        self.sender = (status < 500) if sender is None else sender
        self.query_code = query_code
        self.fields = dict(fields or {})
        self.headers = list(headers or [])


class Response:
    """A raw HTTP answer.  Give `body` (bytes/str) or `stream` (an iterable
    of bytes chunks, sent with chunked transfer encoding)."""

    def __init__(self, status=200, body=b"", headers=None, stream=None,
                 content_type=None):
        self.status = status
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body or b""
        self.headers = list(headers or [])
        self.stream = stream
        if content_type and not self.get_header("Content-Type"):
            self.headers.append(("Content-Type", content_type))

    def get_header(self, name):
        lname = name.lower()
        for k, v in self.headers:
            if k.lower() == lname:
                return v
        return None

    def set_header(self, name, value):
        lname = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != lname]
        self.headers.append((name, value))


class Operation:
    def __init__(self, name, handler, auth="sigv4", locked=True):
        if auth not in ("sigv4", "none", "optional"):
            raise ValueError("auth must be sigv4, none or optional")
        self.name = name
        self.handler = handler
        self.auth = auth
        self.locked = locked


class Route:
    """A REST route: METHOD + path pattern ('{Label}', greedy '{Key+}'),
    optionally constrained by query parameters ({'uploads': None} = present,
    {'list-type': '2'} = equal)."""

    _LABEL = re.compile(r"\{([A-Za-z0-9_]+)(\+?)\}")

    def __init__(self, method, pattern, operation, query=None, headers=None):
        self.method = method.upper()
        self.pattern = pattern
        self.operation = operation
        self.query = dict(query or {})
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        regex = ["^"]
        pos = 0
        self.labels = []
        for m in self._LABEL.finditer(pattern):
            regex.append(re.escape(pattern[pos:m.start()]))
            self.labels.append(m.group(1))
            regex.append("(?P<%s>%s)" % (m.group(1),
                                         ".+" if m.group(2) else "[^/]+"))
            pos = m.end()
        tail = pattern[pos:]
        if tail.endswith("/") and len(tail) > 0:
            tail = tail[:-1]
        regex.append(re.escape(tail))
        regex.append("/?$")
        self.regex = re.compile("".join(regex))
        # more literal text and more constraints win
        self.specificity = (len(self.query) + len(self.headers),
                            len(_LABEL_STRIP.sub("", pattern)))

    def match(self, method, raw_path, query, headers):
        if method != self.method:
            return None
        m = self.regex.match(raw_path)
        if not m:
            return None
        for k, want in self.query.items():
            if k not in query:
                return None
            if want is not None and query[k] != want:
                return None
        for k, want in self.headers.items():
            got = headers.get(k)
            if got is None or (want is not None and got != want):
                return None
        return {k: urllib.parse.unquote(v) for k, v in m.groupdict().items()}


_LABEL_STRIP = re.compile(r"\{[^}]*\}")


class Service:
    """An emulated AWS service (see module doc)."""

    def __init__(self, signing_name, protocol, name=None, api_version=None,
                 xmlns=None, target_prefix=None, json_version="1.1",
                 hosts=(), max_skew=300, rest_error_style="lambda",
                 query_compatible=False):
        protos = (protocol,) if isinstance(protocol, str) else tuple(protocol)
        for p in protos:
            if p not in PROTOCOLS:
                raise ValueError("unknown protocol %r" % p)
        self.signing_name = signing_name
        self.name = name or signing_name
        self.protocols = protos
        self.api_version = api_version
        self.xmlns = xmlns
        self.target_prefix = target_prefix
        self.json_version = json_version
        self.hosts = tuple(hosts) or (signing_name,)
        self.max_skew = max_skew
        self.rest_error_style = rest_error_style
        # awsQuery-compatible JSON (CloudWatch): errors also carry
        # x-amzn-query-error: <QueryCode>;Sender
        self.query_compatible = query_compatible
        self.operations = {}
        self.routes = []
        self.controls = []
        self.reset_hooks = []
        # hooks a module may replace
        self.throttle_error = None     # callable(protocol) -> AwsError
        self.rest_resolver = None      # callable(ctx) -> (op_name, labels)

    @property
    def is_s3(self):
        return self.signing_name == "s3"

    # ------------------------------------------------------- registration
    def operation(self, name, auth="sigv4", locked=True):
        """Register an RPC operation (query Action= / JSON X-Amz-Target).
        auth='none' for unsigned operations (AssumeRoleWithWebIdentity);
        locked=False to run without holding the store lock (handlers that
        sleep or stream)."""
        def deco(fn):
            if name in self.operations:
                raise ValueError("%s: operation %s registered twice"
                                 % (self.name, name))
            self.operations[name] = Operation(name, fn, auth, locked)
            return fn
        return deco

    def route(self, method, pattern, name, query=None, headers=None,
              auth="sigv4", locked=True):
        """Register a REST operation on METHOD + path pattern."""
        def deco(fn):
            op = self.operations.get(name)
            if op is None:
                op = self.operations[name] = Operation(name, fn, auth, locked)
            elif op.handler is not fn:
                raise ValueError("%s: operation %s registered twice with "
                                 "different handlers" % (self.name, name))
            self.routes.append(Route(method, pattern, name, query, headers))
            self.routes.sort(key=lambda r: r.specificity, reverse=True)
            return fn
        return deco

    def control(self, method, subpath):
        """Register a control-API endpoint at
        /__emulator/<signing_name>/<subpath>.  Handler: fn(cctx) -> JSON-able
        object (or (status, obj)).  Runs with the store lock held."""
        def deco(fn):
            self.controls.append((method.upper(), subpath.strip("/"), fn))
            return fn
        return deco

    def on_reset(self, fn):
        """fn(store, demo) runs at start-up and after every reset, with the
        store lock held: seed default or --demo data there."""
        self.reset_hooks.append(fn)
        return fn

    # ---------------------------------------------------------- resolving
    def resolve_route(self, ctx):
        """(Operation, labels) for a REST request, or (None, None)."""
        if self.rest_resolver is not None:
            name, labels = self.rest_resolver(ctx)
            if name is None:
                return None, None
            return self.operations.get(name), labels
        for r in self.routes:
            labels = r.match(ctx.method, ctx.raw_path, ctx.query, ctx.headers)
            if labels is not None:
                return self.operations[r.operation], labels
        return None, None


class Headers:
    """Case-insensitive read-only view of request headers (duplicates joined
    with ',')."""

    def __init__(self, pairs):
        self._pairs = list(pairs)
        self._map = {}
        for k, v in self._pairs:
            lk = k.lower()
            self._map[lk] = self._map[lk] + "," + v if lk in self._map else v

    def get(self, name, default=None):
        return self._map.get(name.lower(), default)

    def __contains__(self, name):
        return name.lower() in self._map

    def __getitem__(self, name):
        return self._map[name.lower()]

    def items(self):
        return list(self._pairs)


class Context:
    """What a handler sees.

    Attributes: method, raw_path (as sent), path (decoded), query (dict of
    first values, decoded), query_all (list of pairs), headers (Headers),
    body (bytes), params (query-protocol flat dict / JSON object / REST
    labels merged over query), labels (REST path labels), identity (store
    Identity or None for unsigned calls), account_id, region, service,
    operation (name), protocol, request_id, now (server time, epoch seconds,
    clock faults applied), store, server (for server.stopping etc.).
    """

    def __init__(self, **kw):
        self.method = None
        self.raw_path = "/"
        self.path = "/"
        self.query = {}
        self.query_all = []
        self.headers = Headers([])
        self.body = b""
        self.params = {}
        self.labels = {}
        self.identity = None
        self.account_id = None
        self.region = None
        self.service = None
        self.operation = None
        self.protocol = None
        self.request_id = None
        self.now = None
        self.store = None
        self.server = None
        self.host = None
        self.__dict__.update(kw)

    @property
    def state(self):
        """This service's state dict for the caller's account and region."""
        return self.store.region_state(self.service.signing_name,
                                       self.account_id, self.region)

    @property
    def account_state(self):
        return self.store.account_state(self.service.signing_name,
                                        self.account_id)

    def json(self):
        """The body parsed as JSON ({} for an empty body); raises AwsError
        on bad JSON in the service's style."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            if self.protocol == "rest-json":
                raise AwsError("InvalidRequestContentException",
                               "Could not parse request body into json: "
                               "Unexpected character", 400)
            raise AwsError("SerializationException",
                           "Start of structure or map found where not "
                           "expected.", 400)

    def param(self, name, default=None, required=False):
        v = self.params.get(name)
        if v is None or v == "":
            if required:
                raise missing_param(self, name)
            return default
        return v

    @property
    def stopping(self):
        return self.server.stopping if self.server is not None else None


def missing_param(ctx, name):
    """The usual 'Member must not be null' validation error."""
    member = name[:1].lower() + name[1:]
    if ctx.protocol == "query":
        code = "ValidationError"
    else:
        code = "ValidationException"
    return AwsError(code, "1 validation error detected: Value null at '%s' "
                    "failed to satisfy constraint: Member must not be null"
                    % member, 400)
