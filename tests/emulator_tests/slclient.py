"""A tiny SigV4-signing HTTP client for the emulator's Python tests.

Deliberately separate from slemu.sigv4 (it uses urllib.parse.quote and its
own canonicalisation), so that a bug in one is not silently mirrored in the
other.  Stdlib only.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import urllib.parse

AKID = "AKIDEMULATOR"
SECRET = "emulator-secret-key"


def _q(s, safe="-_.~"):
    return urllib.parse.quote(s, safe=safe)


def amz_now(offset=0):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=offset)
    return t.strftime("%Y%m%dT%H%M%SZ")


def sign_headers(method, host, wire_path, query, headers, body, service,
                 region="us-east-1", akid=AKID, secret=SECRET, token=None,
                 amz_date=None, s3=None, content_sha=True,
                 double_encode=None):
    """Return the headers (dict) to send, Authorization included.

    wire_path: the path as it goes on the wire (already percent-encoded).
    query: list of (name, value) pairs (unencoded).
    """
    if s3 is None:
        s3 = service == "s3"
    if double_encode is None:
        double_encode = not s3
    amz_date = amz_date or amz_now()
    h = {k.lower(): v for k, v in headers.items()}
    h["host"] = host
    h["x-amz-date"] = amz_date
    if token:
        h["x-amz-security-token"] = token
    payload_hash = hashlib.sha256(body).hexdigest()
    if s3 and content_sha:
        h.setdefault("x-amz-content-sha256", payload_hash)
    if "x-amz-content-sha256" in h:
        payload_hash = h["x-amz-content-sha256"]
    canon_path = _q(wire_path, safe="/~") if double_encode else wire_path
    canon_query = "&".join(sorted("%s=%s" % (_q(k), _q(v)) for k, v in query))
    names = sorted(h)
    canon_headers = "".join("%s:%s\n" % (n, " ".join(str(h[n]).split()))
                            for n in names)
    signed = ";".join(names)
    creq = "\n".join([method, canon_path, canon_query, canon_headers, signed,
                      payload_hash])
    scope = "%s/%s/%s/aws4_request" % (amz_date[:8], region, service)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (amz_date[:8], region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    h["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, "
                          "SignedHeaders=%s, Signature=%s"
                          % (akid, scope, signed, sig))
    return h


def presign(method, host, wire_path, query, service, region="us-east-1",
            akid=AKID, secret=SECRET, token=None, expires=300, amz_date=None):
    """Query string (encoded) of a presigned URL (non-S3 path rules unless
    service == 's3')."""
    amz_date = amz_date or amz_now()
    scope = "%s/%s/%s/aws4_request" % (amz_date[:8], region, service)
    q = list(query) + [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                       ("X-Amz-Credential", "%s/%s" % (akid, scope)),
                       ("X-Amz-Date", amz_date),
                       ("X-Amz-Expires", str(expires)),
                       ("X-Amz-SignedHeaders", "host")]
    if token:
        q.append(("X-Amz-Security-Token", token))
    canon_query = "&".join(sorted("%s=%s" % (_q(k), _q(v)) for k, v in q))
    s3 = service == "s3"
    canon_path = wire_path if s3 else _q(wire_path, safe="/~")
    payload = "UNSIGNED-PAYLOAD" if s3 else hashlib.sha256(b"").hexdigest()
    creq = "\n".join([method, canon_path, canon_query, "host:%s\n" % host,
                      "host", payload])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (amz_date[:8], region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return canon_query + "&X-Amz-Signature=" + sig


class Client:
    """Keeps one HTTP/1.1 connection to the emulator."""

    def __init__(self, port, host="127.0.0.1", timeout=10):
        self.port = port
        self.host = "%s:%d" % (host, port)
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def close(self):
        self.conn.close()

    def raw(self, method, target, body=b"", headers=None):
        self.conn.request(method, target, body=body, headers=headers or {})
        r = self.conn.getresponse()
        data = r.read()
        return r, data

    def signed(self, method, wire_path, service, query=(), body=b"",
               headers=None, **kw):
        if isinstance(body, str):
            body = body.encode()
        h = sign_headers(method, self.host, wire_path, list(query),
                         headers or {}, body, service, **kw)
        target = wire_path
        if query:
            target += "?" + "&".join("%s=%s" % (_q(k), _q(v))
                                     for k, v in query)
        return self.raw(method, target, body, h)

    def query(self, service, action, version, params=None, **kw):
        form = [("Action", action), ("Version", version)]
        form += list((params or {}).items())
        body = urllib.parse.urlencode(form, quote_via=urllib.parse.quote)
        return self.signed("POST", "/", service, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            **kw)

    def json_call(self, service, target, payload, version="1.1", **kw):
        return self.signed("POST", "/", service,
                           body=json.dumps(payload).encode(), headers={
                               "Content-Type": "application/x-amz-json-%s"
                               % version, "X-Amz-Target": target}, **kw)

    def control(self, method, path, obj=None):
        body = json.dumps(obj).encode() if obj is not None else b""
        r, data = self.raw(method, "/__emulator/" + path.lstrip("/"), body,
                           {"Content-Type": "application/json"})
        return r.status, json.loads(data.decode() or "null")
