"""Independent AWS Signature Version 4 verifier.

This is the emulator's own implementation, written from the published algorithm
(not from slctl's C signer): it rebuilds the canonical request from what
actually arrived on the wire and compares signatures.

Everything here is pure: no sockets, no global state.  ``verify()`` takes a
``WireRequest`` (what the server read), a function that looks an access key up,
and the server's current time (``now``; ``None`` disables the clock checks --
only the unit test against the 2015 vectors does that, the server never does).

Path rules:
  * non-S3 services: the path as sent (already percent-encoded once by the
    client) has its dot and empty segments removed and is then encoded AGAIN
    (so ``%3A`` becomes ``%253A``);
  * S3: the path exactly as sent (encoded once by the client), no
    normalisation.
"""

import datetime
import hashlib
import hmac
import re
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
DEFAULT_MAX_SKEW = 300          # seconds (5 minutes)
MAX_PRESIGN_EXPIRES = 604800    # 7 days

_UNRESERVED = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
_AMZ_DATE_RE = re.compile(r"^\d{8}T\d{6}Z$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
_WS_RE = re.compile(rb"\s+")


# ---------------------------------------------------------------- verdicts

class SigError(Exception):
    """A verification failure.  ``kind`` is protocol-neutral; callers map it
    to the service's error shape with ``auth_error()``."""

    def __init__(self, kind, message, **detail):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail


class Verdict:
    """Outcome of ``verify()``: ``ok`` plus what the log wants to show."""

    def __init__(self):
        self.ok = False
        self.kind = None            # failure kind, None when ok
        self.message = None
        self.detail = {}
        self.auth = None            # AuthInfo or None (unsigned)
        self.identity = None        # whatever lookup() returned
        self.canonical_request = None
        self.string_to_sign = None
        self.notes = []             # e.g. "token-unsigned"

    @property
    def label(self):
        if self.ok:
            return "valid"
        return self.kind or "invalid"

    def __repr__(self):
        return "<Verdict %s %s>" % (self.label, self.message or "")


class AuthInfo:
    """What the client claimed in Authorization / X-Amz-* query params."""

    def __init__(self, mode, access_key, scope_date, region, service,
                 terminator, signed_headers, signature, amz_date=None,
                 expires=None, credential=""):
        self.mode = mode                    # "header" or "query"
        self.access_key = access_key
        self.scope_date = scope_date
        self.region = region
        self.service = service
        self.terminator = terminator
        self.signed_headers = signed_headers  # list, as the client listed it
        self.signature = signature
        self.amz_date = amz_date
        self.expires = expires
        self.credential = credential

    @property
    def scope(self):
        return "%s/%s/%s/%s" % (self.scope_date, self.region, self.service,
                                self.terminator)


class WireRequest:
    """A request as read from the socket.

    ``target`` is the raw request-target (path and query, still
    percent-encoded, as a latin-1 str the way http.server decodes it);
    ``headers`` is a list of (name, value) in arrival order (duplicates
    kept); ``body`` is bytes.
    """

    def __init__(self, method, target, headers, body=b""):
        self.method = method
        self.target = target
        self.headers = list(headers)
        self.body = body or b""
        path, _, query = target.partition("?")
        if path.startswith(("http://", "https://")):   # absolute-form
            parts = urllib.parse.urlsplit(path)
            path = parts.path or "/"
        self.raw_path = path
        self.raw_query = query

    def header(self, name, default=None):
        lname = name.lower()
        vals = [v for k, v in self.headers if k.lower() == lname]
        if not vals:
            return default
        return ",".join(vals)

    def has_header(self, name):
        lname = name.lower()
        return any(k.lower() == lname for k, _ in self.headers)

    def query_pairs(self):
        """Decoded (name, value) pairs of the raw query ('+' is literal)."""
        return [(urllib.parse.unquote(n, errors="replace"),
                 urllib.parse.unquote(v, errors="replace"))
                for n, v in _split_query(self.raw_query)]


# ---------------------------------------------------------------- encoding

def _to_bytes(s):
    if isinstance(s, bytes):
        return s
    # http.server hands us latin-1 strings for raw wire bytes; anything that
    # is not latin-1 came from a caller with real text: use UTF-8.
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        return s.encode("utf-8")


def uri_encode(data, keep_slash):
    """RFC 3986 encoding of every byte but the unreserved set (uppercase
    hex); '/' kept when ``keep_slash``."""
    out = []
    for b in _to_bytes(data):
        if b in _UNRESERVED or (keep_slash and b == 0x2F):
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def remove_dot_segments(path):
    """Drop '.', '..' and empty segments; keep a leading and (if anything is
    left) a trailing slash."""
    if not path:
        return "/"
    out = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    result = "/" + "/".join(out)
    if path.endswith("/") and out:
        result += "/"
    return result


def canonical_uri(raw_path, s3=False, normalize=None):
    """Canonical URI from the wire path.

    Non-S3: normalise, then encode again.  S3: verbatim.  ``normalize`` can
    override the default of the chosen mode (the test vectors use it).
    """
    if normalize is None:
        normalize = not s3
    path = raw_path or "/"
    if s3:
        if normalize:
            path = remove_dot_segments(path)
        return path
    if normalize:
        path = remove_dot_segments(path)
    return uri_encode(path, keep_slash=True)


def _split_query(raw_query):
    pairs = []
    if not raw_query:
        return pairs
    for piece in raw_query.split("&"):
        if piece == "":
            continue
        name, _, value = piece.partition("=")
        pairs.append((name, value))
    return pairs


def canonical_query(raw_query, drop=()):
    """Canonical query string: decode each name/value ('+' stays '+'),
    re-encode strictly, sort by name then value."""
    drop = {d.lower() for d in drop}
    items = []
    for name, value in _split_query(raw_query):
        dname = urllib.parse.unquote_to_bytes(_to_bytes(name))
        if dname.decode("latin-1").lower() in drop:
            continue
        dvalue = urllib.parse.unquote_to_bytes(_to_bytes(value))
        items.append((uri_encode(dname, False), uri_encode(dvalue, False)))
    items.sort()
    return "&".join("%s=%s" % kv for kv in items)


def _canon_header_value(value):
    return _WS_RE.sub(b" ", _to_bytes(value).strip())


def canonical_headers(headers, signed):
    """Bytes of the canonical header block for the lowercase names in
    ``signed`` (in the order given), plus the list of signed names that the
    request did not carry."""
    by_name = {}
    for name, value in headers:
        by_name.setdefault(name.lower(), []).append(_canon_header_value(value))
    lines = []
    missing = []
    for name in signed:
        vals = by_name.get(name)
        if vals is None:
            missing.append(name)
            vals = [b""]
        lines.append(name.encode("latin-1") + b":" + b",".join(vals) + b"\n")
    return b"".join(lines), missing


def build_canonical_request(method, can_uri, can_query, header_block,
                            signed_headers, payload_hash):
    return b"\n".join([
        method.encode("latin-1"),
        can_uri.encode("latin-1"),
        can_query.encode("latin-1"),
        header_block,
        ";".join(signed_headers).encode("latin-1"),
        payload_hash.encode("latin-1"),
    ])


def build_string_to_sign(amz_date, scope, canonical_request):
    return "\n".join([ALGORITHM, amz_date, scope,
                      hashlib.sha256(canonical_request).hexdigest()])


def derive_key(secret, date, region, service):
    k = hmac.new(("AWS4" + secret).encode("utf-8"), date.encode(),
                 hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def compute_signature(secret, scope_date, region, service, string_to_sign):
    key = derive_key(secret, scope_date, region, service)
    return hmac.new(key, string_to_sign.encode("utf-8"),
                    hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- parsing

def parse_amz_date(value):
    """'YYYYMMDDTHHMMSSZ' -> aware datetime, or None."""
    if not value or not _AMZ_DATE_RE.match(value):
        return None
    try:
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def format_amz_date(ts):
    return datetime.datetime.fromtimestamp(
        ts, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _parse_credential(cred):
    parts = cred.split("/")
    if len(parts) != 5:
        raise SigError(
            "malformed",
            "Credential should be of the form <AccessKeyId>/<Date>/<Region>/"
            "<Service>/aws4_request, not '%s'." % "/".join(parts[1:]))
    if not all(parts):
        raise SigError("malformed",
                       "Credential should be scoped to a valid region, not "
                       "'%s'. " % parts[2])
    return parts


def parse_authorization(value):
    """Parse an ``Authorization: AWS4-HMAC-SHA256 ...`` header."""
    value = value.strip()
    algo, _, rest = value.partition(" ")
    if algo != ALGORITHM:
        raise SigError("malformed",
                       "Unsupported AWS 'algorithm': '%s'" % algo)
    fields = {}
    for piece in rest.split(","):
        piece = piece.strip()
        if not piece:
            continue
        k, eq, v = piece.partition("=")
        if not eq:
            raise SigError("malformed",
                           "'%s' not a valid key=value pair (missing equal-sign)"
                           " in Authorization header: '%s'." % (piece, value))
        fields[k.strip()] = v.strip()
    for need in ("Credential", "SignedHeaders", "Signature"):
        if not fields.get(need):
            raise SigError("malformed",
                           "Authorization header requires '%s' parameter. "
                           "Authorization=%s" % (need, value))
    akid, date, region, service, term = _parse_credential(fields["Credential"])
    signed = fields["SignedHeaders"].split(";")
    return AuthInfo("header", akid, date, region, service, term, signed,
                    fields["Signature"], credential=fields["Credential"])


def parse_presigned(wire):
    """AuthInfo from X-Amz-* query parameters, or None if not presigned."""
    q = {}
    for name, value in wire.query_pairs():
        q.setdefault(name.lower(), value)
    if "x-amz-signature" not in q and "x-amz-credential" not in q:
        return None
    if q.get("x-amz-algorithm") != ALGORITHM:
        raise SigError("malformed",
                       "X-Amz-Algorithm only supports \"%s\"" % ALGORITHM)
    for need in ("x-amz-credential", "x-amz-signedheaders", "x-amz-signature",
                 "x-amz-date"):
        if not q.get(need):
            raise SigError("malformed",
                           "AWS query-string parameters must include "
                           "'X-Amz-Algorithm', 'X-Amz-Credential', "
                           "'X-Amz-Signature', 'X-Amz-Date', "
                           "'X-Amz-SignedHeaders'. Re-examine the "
                           "query-string parameters.")
    akid, date, region, service, term = _parse_credential(q["x-amz-credential"])
    expires = q.get("x-amz-expires")
    if expires is not None:
        try:
            expires = int(expires)
        except ValueError:
            raise SigError("malformed", "X-Amz-Expires should be a number")
        if expires < 0 or expires > MAX_PRESIGN_EXPIRES:
            raise SigError("malformed",
                           "X-Amz-Expires must be less than a week (in "
                           "seconds) that is 604800")
    return AuthInfo("query", akid, date, region, service, term,
                    q["x-amz-signedheaders"].split(";"), q["x-amz-signature"],
                    amz_date=q["x-amz-date"], expires=expires,
                    credential=q["x-amz-credential"])


def extract_auth(wire):
    """AuthInfo (header or presigned) or None for an unsigned request.
    Raises SigError('malformed') for garbage."""
    authz = wire.header("Authorization")
    if authz is not None:
        return parse_authorization(authz)
    return parse_presigned(wire)


# ---------------------------------------------------------------- verify

def verify(wire, lookup, now, s3=False, max_skew=DEFAULT_MAX_SKEW,
           normalize=None, service=None):
    """Verify a SigV4-signed request.

    lookup(access_key) -> object with ``secret`` and optionally
    ``session_token`` (None for permanent keys) and ``expires`` (epoch
    seconds or None), or None for an unknown key.
    now: server time in epoch seconds (with any clock offset applied), or
    None to skip the clock and expiry checks (unit tests only).
    service: when given, the credential scope must name it.
    Returns a Verdict; never raises for client mistakes.
    """
    v = Verdict()
    try:
        _verify(v, wire, lookup, now, s3, max_skew, normalize, service)
        v.ok = True
    except SigError as e:
        v.ok = False
        v.kind = e.kind
        v.message = e.message
        v.detail = e.detail
    return v


def _check_clock(auth, amz_dt, now, max_skew):
    if now is None:
        return
    req = amz_dt.timestamp()
    if auth.mode == "query" and auth.expires is not None:
        if now > req + auth.expires:
            raise SigError(
                "presign_expired", "Request has expired",
                expires=format_amz_date(req + auth.expires),
                server_time=format_amz_date(now), amz_date=auth.amz_date,
                x_amz_expires=auth.expires)
        if req - now > max_skew:
            raise SigError(
                "skew_future",
                "Signature not yet current: %s is still later than %s "
                "(%s + %d min.)" % (auth.amz_date,
                                    format_amz_date(now + max_skew),
                                    format_amz_date(now), max_skew // 60),
                server_time=format_amz_date(now), amz_date=auth.amz_date)
        return
    if now - req > max_skew:
        raise SigError(
            "skew_expired",
            "Signature expired: %s is now earlier than %s (%s - %d min.)"
            % (auth.amz_date, format_amz_date(now - max_skew),
               format_amz_date(now), max_skew // 60),
            server_time=format_amz_date(now), amz_date=auth.amz_date,
            skew=now - req)
    if req - now > max_skew:
        raise SigError(
            "skew_future",
            "Signature not yet current: %s is still later than %s "
            "(%s + %d min.)" % (auth.amz_date,
                                format_amz_date(now + max_skew),
                                format_amz_date(now), max_skew // 60),
            server_time=format_amz_date(now), amz_date=auth.amz_date,
            skew=req - now)


def _payload_hash(v, wire, auth, s3):
    body_hash = hashlib.sha256(wire.body).hexdigest()
    claimed = wire.header("x-amz-content-sha256")
    if auth.mode == "query":
        if s3:
            return claimed or UNSIGNED_PAYLOAD
        return body_hash
    if claimed is None:
        if s3:
            raise SigError("missing_content_sha",
                           "Missing required header for this request: "
                           "x-amz-content-sha256")
        return body_hash
    claimed = claimed.strip()
    if s3 and (claimed == UNSIGNED_PAYLOAD or claimed.startswith("STREAMING-")):
        v.notes.append("payload-" + claimed.lower())
        return claimed
    if claimed != body_hash:
        if s3:
            kind = "payload_mismatch" if _HEX64_RE.match(claimed) else \
                "payload_invalid"
            raise SigError(kind,
                           "The provided 'x-amz-content-sha256' header does "
                           "not match what was computed.",
                           client_sha=claimed, server_sha=body_hash)
        raise SigError("bad_signature",
                       "The request signature we calculated does not match "
                       "the signature you provided.",
                       reason="x-amz-content-sha256 does not match the body")
    return claimed


def _verify(v, wire, lookup, now, s3, max_skew, normalize, service):
    auth = extract_auth(wire)
    if auth is None:
        raise SigError("missing", "Request is missing Authentication Token")
    v.auth = auth
    if auth.terminator != "aws4_request":
        raise SigError("malformed",
                       "Credential should be scoped with a valid terminator: "
                       "'aws4_request', not '%s'." % auth.terminator)
    if service is not None and auth.service != service:
        raise SigError("malformed",
                       "Credential should be scoped to correct service: '%s'. "
                       % service)
    signed = auth.signed_headers
    if any(h != h.lower() or not h for h in signed):
        raise SigError("malformed",
                       "Signed headers must be lowercase and non-empty: "
                       "'%s'" % ";".join(signed))
    if "host" not in signed:
        raise SigError("malformed",
                       "'Host' or ':authority' must be a 'SignedHeader' in "
                       "the AWS Authorization.")
    if auth.mode == "header":
        amz_date = wire.header("x-amz-date")
        if amz_date is None:
            raise SigError("malformed",
                           "Authorization header requires existence of "
                           "either a 'X-Amz-Date' or a 'Date' header. "
                           "(slemu requires X-Amz-Date)")
        amz_date = amz_date.strip()
        if "x-amz-date" not in signed:
            raise SigError("malformed",
                           "'X-Amz-Date' must be a 'SignedHeader' in the AWS "
                           "Authorization.")
        auth.amz_date = amz_date
    amz_dt = parse_amz_date(auth.amz_date)
    if amz_dt is None:
        raise SigError("malformed",
                       "Date must be in ISO-8601 'basic format'. Got '%s'. "
                       "See http://en.wikipedia.org/wiki/ISO_8601"
                       % auth.amz_date)
    if auth.scope_date != auth.amz_date[:8]:
        raise SigError("malformed",
                       "Date in Credential scope does not match YYYYMMDD from "
                       "ISO-8601 version of date from HTTP: '%s' != '%s', from "
                       "'%s'." % (auth.scope_date, auth.amz_date[:8],
                                  auth.amz_date))

    ident = lookup(auth.access_key)
    if ident is None:
        raise SigError("unknown_key",
                       "The security token included in the request is "
                       "invalid.", access_key=auth.access_key)
    v.identity = ident

    # session token
    if auth.mode == "header":
        token = wire.header("x-amz-security-token")
        token_signed = "x-amz-security-token" in signed
    else:
        token = None
        for n, val in wire.query_pairs():
            if n.lower() == "x-amz-security-token":
                token = val
                break
        token_signed = True
    expected = getattr(ident, "session_token", None)
    if expected:
        if token is None or not hmac.compare_digest(
                token.strip().encode(), expected.encode()):
            raise SigError("token_invalid",
                           "The security token included in the request is "
                           "invalid.")
        if not token_signed:
            v.notes.append("token-unsigned")
    elif token:
        raise SigError("token_invalid",
                       "The security token included in the request is invalid.")
    expires = getattr(ident, "expires", None)
    if now is not None and expires is not None and now >= expires:
        raise SigError("token_expired",
                       "The security token included in the request is "
                       "expired")

    _check_clock(auth, amz_dt, now, max_skew)

    payload = _payload_hash(v, wire, auth, s3)

    header_block, missing = canonical_headers(wire.headers, signed)
    can_uri = canonical_uri(wire.raw_path, s3=s3, normalize=normalize)
    drops = [("X-Amz-Signature",)] if auth.mode == "query" else [()]
    if auth.mode == "query" and token is not None:
        # the legacy "token added after signing" form of presigned URLs
        drops.append(("X-Amz-Signature", "X-Amz-Security-Token"))
    matched = False
    for i, drop in enumerate(drops):
        creq = build_canonical_request(
            wire.method, can_uri, canonical_query(wire.raw_query, drop),
            header_block, signed, payload)
        sts = build_string_to_sign(auth.amz_date, auth.scope, creq)
        expect = compute_signature(ident.secret, auth.scope_date, auth.region,
                                   auth.service, sts)
        if i == 0:
            v.canonical_request = creq.decode("latin-1")
            v.string_to_sign = sts
        if _HEX64_RE.match(auth.signature) and \
                hmac.compare_digest(expect, auth.signature):
            matched = True
            if i > 0:
                v.notes.append("token-unsigned")
                v.canonical_request = creq.decode("latin-1")
                v.string_to_sign = sts
            break
    if not matched:
        detail = {"string_to_sign": v.string_to_sign,
                  "canonical_request": v.canonical_request,
                  "signature_provided": auth.signature,
                  "access_key": auth.access_key}
        if missing:
            detail["reason"] = "signed header(s) absent from request: %s" \
                % ",".join(missing)
        raise SigError("bad_signature",
                       "The request signature we calculated does not match "
                       "the signature you provided. Check your AWS Secret "
                       "Access Key and signing method. Consult the service "
                       "documentation for details.", **detail)


# ------------------------------------------------------ errors per protocol

_SIG_MSG_QUERY = ("The request signature we calculated does not match the "
                  "signature you provided. Check your AWS Secret Access Key "
                  "and signing method. Consult the service documentation for "
                  "details.")
_SIG_MSG_S3 = ("The request signature we calculated does not match the "
               "signature you provided. Check your key and signing method.")
_TOKEN_INVALID = "The security token included in the request is invalid."
_TOKEN_EXPIRED = "The security token included in the request is expired"


def auth_error(verdict, family):
    """(status, code, message, extra_fields) for a failed verdict.

    family: 'query', 'json', 'rest-json' or 's3'.
    """
    k = verdict.kind
    msg = verdict.message
    d = verdict.detail
    if family == "s3":
        if k == "missing":
            return 403, "AccessDenied", "Access Denied", {}
        if k == "malformed":
            return 400, "AuthorizationHeaderMalformed", msg, {}
        if k == "unknown_key":
            return 403, "InvalidAccessKeyId", (
                "The AWS Access Key Id you provided does not exist in our "
                "records."), {"AWSAccessKeyId": d.get("access_key", "")}
        if k == "token_invalid":
            return 400, "InvalidToken", (
                "The provided token is malformed or otherwise invalid."), {}
        if k == "token_expired":
            return 400, "ExpiredToken", "The provided token has expired.", {}
        if k in ("skew_expired", "skew_future"):
            return 403, "RequestTimeTooSkewed", (
                "The difference between the request time and the current "
                "time is too large."), {
                    "RequestTime": d.get("amz_date", ""),
                    "ServerTime": d.get("server_time", ""),
                    "MaxAllowedSkewMilliseconds": "300000"}
        if k == "presign_expired":
            return 403, "AccessDenied", "Request has expired", {
                "X-Amz-Expires": str(d.get("x_amz_expires", "")),
                "Expires": d.get("expires", ""),
                "ServerTime": d.get("server_time", "")}
        if k == "payload_mismatch":
            return 400, "XAmzContentSHA256Mismatch", msg, {
                "ClientComputedContentSHA256": d.get("client_sha", ""),
                "S3ComputedContentSHA256": d.get("server_sha", "")}
        if k == "payload_invalid":
            return 400, "InvalidArgument", (
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid "
                "sha256 value."), {}
        if k == "missing_content_sha":
            return 400, "InvalidRequest", msg, {}
        extra = {}
        if "string_to_sign" in d:
            extra = {"AWSAccessKeyId": d.get("access_key", ""),
                     "StringToSign": d["string_to_sign"],
                     "SignatureProvided": d.get("signature_provided", ""),
                     "CanonicalRequest": d.get("canonical_request", "")}
        return 403, "SignatureDoesNotMatch", _SIG_MSG_S3, extra

    if family == "query":
        if k == "missing":
            return 403, "MissingAuthenticationToken", (
                "Request is missing Authentication Token"), {}
        if k == "malformed":
            return 400, "IncompleteSignature", msg, {}
        if k in ("unknown_key", "token_invalid"):
            return 403, "InvalidClientTokenId", _TOKEN_INVALID, {}
        if k == "token_expired":
            return 403, "ExpiredToken", _TOKEN_EXPIRED, {}
        if k in ("skew_expired", "skew_future"):
            return 403, "SignatureDoesNotMatch", msg, {}
        if k == "presign_expired":
            return 400, "RequestExpired", "Request has expired.", {}
        return 403, "SignatureDoesNotMatch", _SIG_MSG_QUERY, {}

    # JSON services answer 400 for auth problems, Lambda (rest-json) 403
    st = 403 if family == "rest-json" else 400
    if k == "missing":
        return (403 if family == "rest-json" else 400,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token", {})
    if k == "malformed":
        return st, "IncompleteSignatureException", msg, {}
    if k in ("unknown_key", "token_invalid"):
        return st, "UnrecognizedClientException", _TOKEN_INVALID, {}
    if k == "token_expired":
        return st, "ExpiredTokenException", _TOKEN_EXPIRED, {}
    if k in ("skew_expired", "skew_future"):
        return st, "InvalidSignatureException", msg, {}
    if k == "presign_expired":
        return st, "InvalidSignatureException", "Signature expired", {}
    return st, "InvalidSignatureException", _SIG_MSG_QUERY, {}
