"""S3 (restXml, signing name "s3"): enough of the object API for layer
uploads and for the AWS CLI's `s3 cp` / `s3 ls` / `s3api`.

Operations: CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation,
ListBuckets, ListObjectsV2, ListObjects, PutObject, GetObject, HeadObject,
DeleteObject.

Addressing: path style (``/BUCKET/KEY``, what the CLI uses against an IP
endpoint) and virtual-host style (``BUCKET.s3.REGION.amazonaws.com``,
``BUCKET.localhost:PORT``, or any host whose first label is an existing
bucket).

Integrity: the SigV4 verifier already checks ``x-amz-content-sha256``
against the body (400 XAmzContentSHA256Mismatch); PutObject checks
``Content-MD5`` (400 InvalidDigest / BadDigest) and the
``x-amz-checksum-crc32|sha1|sha256`` headers when present.  ETag is the
quoted hex MD5.  An ``aws-chunked`` body (STREAMING-... payload) is decoded
without checking the chunk signatures.

Objects live in the store (``store.global_state("s3")``: the bucket
namespace is global), bounded to ``max_bytes`` in total (512 MiB; settable
through the control API).  Buckets whose names start with ``awslambda-``
are "system" buckets holding the Lambda service's code and layer zips
(services/lambda_.py puts them there, presigned GetObject URLs read them);
they are hidden from ListBuckets and not counted against the budget.

Control API (``/__emulator/s3/...``):
  POST buckets  {"name", "region"?, "account"?}      -> the bucket
  GET  buckets      -> {"buckets":[...], "total_bytes", "max_bytes"}
  POST objects  {"bucket", "key", "text"|"base64", "content_type"?}
                                                     -> {"etag", "size"}
  POST settings {"max_bytes"?}                       -> the settings
"""

import base64
import binascii
import datetime
import email.utils
import hashlib
import hmac
import re
import time
import urllib.parse
import zlib
import xml.etree.ElementTree as ET

from ..protocols import XmlFlat
from ..service import AwsError, Response, Service

SERVICE = Service(signing_name="s3", protocol="rest-xml", hosts=("s3",))

MAX_TOTAL_BYTES = 512 << 20
MAX_KEY_BYTES = 1024
SYSTEM_PREFIX = "awslambda-"
DEFAULT_CTYPE = "binary/octet-stream"
STORED_HEADERS = ("Content-Encoding", "Content-Disposition", "Cache-Control",
                  "Content-Language", "Expires")
CHECKSUMS = {"crc32": "CRC32", "sha1": "SHA1", "sha256": "SHA256"}

_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_IP_RE = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


# ------------------------------------------------------------------ state

def s3_state(store):
    """The global S3 state (call with store.lock held)."""
    st = store.global_state("s3")
    st.setdefault("buckets", {})
    st.setdefault("bytes", 0)
    st.setdefault("max_bytes", MAX_TOTAL_BYTES)
    return st


def _now():
    return time.time()


def create_bucket_internal(store, name, region="us-east-1", account_id=None,
                           system=False, created=None):
    """Create a bucket (no checks) unless it exists; returns it."""
    with store.lock:
        st = s3_state(store)
        b = st["buckets"].get(name)
        if b is None:
            b = st["buckets"][name] = {
                "name": name, "region": region,
                "owner": account_id or store.default_account,
                "created": created if created is not None else _now(),
                "system": bool(system), "objects": {}}
        return b


def put_object_internal(store, bucket, key, data, content_type=None,
                        meta=None, region="us-east-1", modified=None):
    """Store an object (the bucket is created as a system bucket if missing
    and its name starts with awslambda-).  Returns the object."""
    with store.lock:
        st = s3_state(store)
        b = st["buckets"].get(bucket)
        if b is None:
            b = create_bucket_internal(store, bucket, region,
                                       system=bucket.startswith(SYSTEM_PREFIX))
        return _store_object(st, b, key, data, content_type or DEFAULT_CTYPE,
                             meta or {}, {}, modified)


def get_object_internal(store, bucket, key):
    """(bucket_exists, object or None) for another service (Lambda's
    PublishLayerVersion from S3)."""
    with store.lock:
        st = s3_state(store)
        b = st["buckets"].get(bucket)
        if b is None:
            return False, None
        return True, b["objects"].get(key)


def _store_object(st, b, key, data, ctype, meta, extra, modified=None):
    old = b["objects"].get(key)
    if not b.get("system"):
        st["bytes"] -= len(old["data"]) if old else 0
        st["bytes"] += len(data)
    obj = b["objects"][key] = {
        "data": data, "etag": hashlib.md5(data).hexdigest(),
        "type": ctype, "modified": modified if modified is not None
        else _now(), "meta": meta, "headers": extra}
    return obj


def presigned_get_url(store, host, bucket, key, region="us-east-1",
                      expires=600, now=None, scheme="http"):
    """A working presigned GetObject URL (path style, on `host`), signed
    with the emulator's default key -- what Lambda's Code.Location and
    Content.Location point at."""
    now = _now() if now is None else now
    amz_date = datetime.datetime.fromtimestamp(
        now, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    akid = store.default_access_key
    secret = store.default_secret
    ident = store.lookup_key(akid)
    if ident is not None:
        secret = ident.secret
    scope = "%s/%s/s3/aws4_request" % (amz_date[:8], region)
    path = "/%s/%s" % (bucket, urllib.parse.quote(key, safe="/-_.~"))
    q = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
         ("X-Amz-Credential", "%s/%s" % (akid, scope)),
         ("X-Amz-Date", amz_date), ("X-Amz-Expires", str(int(expires))),
         ("X-Amz-SignedHeaders", "host")]
    cq = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"),
                             urllib.parse.quote(v, safe="-_.~"))
                  for k, v in sorted(q))
    creq = "\n".join(["GET", path, cq, "host:%s\n" % host, "host",
                      "UNSIGNED-PAYLOAD"])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    k = ("AWS4" + secret).encode("utf-8")
    for part in (amz_date[:8], region, "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return "%s://%s%s?%s&X-Amz-Signature=%s" % (scheme, host, path, cq, sig)


# ------------------------------------------------------------- addressing

def _host_bucket(ctx):
    """The bucket named by a virtual-host style Host header, or None."""
    host = (ctx.host or "").strip().lower()
    if not host:
        return None
    if host.startswith("["):
        return None
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if _IP_RE.match(name) or "." not in name:
        return None
    labels = name.split(".")
    for i, lab in enumerate(labels):
        if lab == "s3" or lab.startswith("s3-") or lab == "s3express":
            return ".".join(labels[:i]) if i > 0 else None
    if labels[-1] == "localhost":
        return ".".join(labels[:-1])
    with ctx.store.lock:
        if labels[0] in s3_state(ctx.store)["buckets"]:
            return labels[0]
    return None


def _resolve(ctx):
    raw = ctx.raw_path or "/"
    vbucket = _host_bucket(ctx)
    if vbucket is not None:
        bucket = vbucket
        key = raw[1:] if raw.startswith("/") else raw
    else:
        path = raw[1:] if raw.startswith("/") else raw
        if not path:
            bucket, key = None, ""
        else:
            bucket, _, key = path.partition("/")
            bucket = urllib.parse.unquote(bucket)
    key = urllib.parse.unquote(key) if key else ""
    q = ctx.query
    m = ctx.method
    if bucket is None:
        return ("ListBuckets", {}) if m == "GET" else (None, None)
    labels = {"Bucket": bucket}
    if not key:
        if m == "PUT" and not q:
            return "CreateBucket", labels
        if m == "HEAD":
            return "HeadBucket", labels
        if m == "DELETE" and not q:
            return "DeleteBucket", labels
        if m == "GET":
            if "location" in q:
                return "GetBucketLocation", labels
            if q.get("list-type") == "2":
                return "ListObjectsV2", labels
            if not (set(q) - {"prefix", "delimiter", "marker", "max-keys",
                              "encoding-type"}):
                return "ListObjects", labels
        return None, None
    labels["Key"] = key
    if set(q) & {"uploads", "uploadId", "partNumber", "acl", "tagging",
                 "retention", "legal-hold", "torrent", "restore", "select"}:
        return None, None
    if m == "PUT":
        if ctx.headers.get("x-amz-copy-source"):
            return None, None
        return "PutObject", labels
    if m == "GET":
        return "GetObject", labels
    if m == "HEAD":
        return "HeadObject", labels
    if m == "DELETE":
        return "DeleteObject", labels
    return None, None


SERVICE.rest_resolver = _resolve


# ----------------------------------------------------------------- errors

def _no_bucket(name):
    return AwsError("NoSuchBucket", "The specified bucket does not exist", 404,
                    fields={"BucketName": name})


def _no_key(key):
    return AwsError("NoSuchKey", "The specified key does not exist.", 404,
                    fields={"Key": key})


def _http_date(ts):
    return email.utils.formatdate(ts, usegmt=True)


def _iso(ts):
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond //
                                                          1000)


def _bucket(ctx, name=None):
    """The bucket of the request (access and region checked)."""
    name = name or ctx.labels["Bucket"]
    st = s3_state(ctx.store)
    b = st["buckets"].get(name)
    if b is None:
        raise _no_bucket(name)
    if not b.get("system") and b["owner"] != ctx.account_id:
        raise AwsError("AccessDenied", "Access Denied", 403)
    if b["region"] != ctx.region and not b.get("system"):
        if ctx.method == "HEAD":
            raise AwsError("AuthorizationHeaderMalformed", "", 400,
                           headers=[("x-amz-bucket-region", b["region"])])
        raise AwsError(
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the region '%s' is "
            "wrong; expecting '%s'" % (ctx.region, b["region"]), 400,
            fields={"Region": b["region"]},
            headers=[("x-amz-bucket-region", b["region"])])
    return b


def _valid_bucket_name(name):
    return bool(_BUCKET_RE.match(name)) and ".." not in name and \
        not _IP_RE.match(name) and ".-" not in name and "-." not in name


# ---------------------------------------------------------------- buckets

@SERVICE.operation("ListBuckets")
def list_buckets(ctx):
    st = s3_state(ctx.store)
    mine = sorted((b for b in st["buckets"].values()
                   if b["owner"] == ctx.account_id and not b.get("system")),
                  key=lambda b: b["name"])
    return {"ListAllMyBucketsResult": {
        "Owner": {"ID": hashlib.sha256(ctx.account_id.encode()).hexdigest(),
                  "DisplayName": "demo"},
        "Buckets": {"Bucket": XmlFlat(
            {"Name": b["name"], "CreationDate": _iso(b["created"])}
            for b in mine)} if mine else ""}}


@SERVICE.operation("CreateBucket")
def create_bucket(ctx):
    name = ctx.labels["Bucket"]
    if not _valid_bucket_name(name):
        raise AwsError("InvalidBucketName", "The specified bucket is not "
                       "valid.", 400, fields={"BucketName": name})
    lc = None
    if ctx.body.strip():
        try:
            root = ET.fromstring(ctx.body)
        except ET.ParseError:
            raise AwsError("MalformedXML", "The XML you provided was not "
                           "well-formed or did not validate against our "
                           "published schema", 400)
        for el in root.iter():
            if el.tag.rsplit("}", 1)[-1] == "LocationConstraint":
                lc = (el.text or "").strip() or None
    if lc is None:
        if ctx.region != "us-east-1":
            raise AwsError("IllegalLocationConstraintException",
                           "The unspecified location constraint is "
                           "incompatible for the region specific endpoint "
                           "this request was sent to.", 400)
        region = "us-east-1"
    else:
        if lc == "us-east-1" and ctx.region == "us-east-1":
            raise AwsError("InvalidLocationConstraint", "The specified "
                           "location-constraint is not valid", 400,
                           fields={"LocationConstraint": lc})
        if lc != ctx.region:
            raise AwsError("IllegalLocationConstraintException",
                           "The %s location constraint is incompatible for "
                           "the region specific endpoint this request was "
                           "sent to." % lc, 400)
        region = lc
    st = s3_state(ctx.store)
    b = st["buckets"].get(name)
    if b is not None:
        if b["owner"] != ctx.account_id or b.get("system"):
            raise AwsError("BucketAlreadyExists", "The requested bucket name "
                           "is not available. The bucket namespace is shared "
                           "by all users of the system. Please select a "
                           "different name and try again.", 409,
                           fields={"BucketName": name})
        if region != "us-east-1" or b["region"] != "us-east-1":
            raise AwsError("BucketAlreadyOwnedByYou", "Your previous request "
                           "to create the named bucket succeeded and you "
                           "already own it.", 409, fields={"BucketName": name})
    else:
        create_bucket_internal(ctx.store, name, region, ctx.account_id)
    return Response(200, b"", [("Location", "/" + name)])


@SERVICE.operation("HeadBucket")
def head_bucket(ctx):
    b = _bucket(ctx)
    return Response(200, b"", [("x-amz-bucket-region", b["region"]),
                               ("x-amz-access-point-alias", "false")])


@SERVICE.operation("DeleteBucket")
def delete_bucket(ctx):
    b = _bucket(ctx)
    if b["objects"]:
        raise AwsError("BucketNotEmpty", "The bucket you tried to delete is "
                       "not empty", 409, fields={"BucketName": b["name"]})
    del s3_state(ctx.store)["buckets"][b["name"]]
    return Response(204, b"")


@SERVICE.operation("GetBucketLocation")
def get_bucket_location(ctx):
    b = _bucket(ctx)
    return {"LocationConstraint": b["region"] if b["region"] != "us-east-1"
            else ""}


# ---------------------------------------------------------------- listing

def _enc(s, url):
    return urllib.parse.quote(s, safe="/") if url else s


def _token(kind, value):
    return base64.b64encode(("%s:%s" % (kind, value)).encode("utf-8")
                            ).decode("ascii")


def _untoken(tok):
    try:
        raw = base64.b64decode(tok.encode("ascii"), validate=True
                               ).decode("utf-8")
        kind, _, value = raw.partition(":")
        if kind not in ("k", "p"):
            raise ValueError
        return kind, value
    except (ValueError, binascii.Error, UnicodeError):
        raise AwsError("InvalidArgument", "The continuation token provided "
                       "is incorrect", 400,
                       fields={"ArgumentName": "continuation-token"})


def _max_keys(ctx):
    raw = ctx.query.get("max-keys")
    if raw is None or raw == "":
        return 1000
    try:
        n = int(raw)
        if n < 0:
            raise ValueError
    except ValueError:
        raise AwsError("InvalidArgument", "Provided max-keys not an integer "
                       "or within integer range", 400,
                       fields={"ArgumentName": "max-keys",
                               "ArgumentValue": raw})
    return min(n, 1000)


def _walk(b, prefix, delimiter, after_kind, after, max_keys):
    """-> (contents [(key, obj)], prefixes [str], truncated, last (kind,
    value) or None)."""
    contents, prefixes = [], []
    last = None
    count = 0
    truncated = False
    skip_prefix = after if after_kind == "p" else None
    for key in sorted(b["objects"]):
        if prefix and not key.startswith(prefix):
            continue
        if after is not None and key <= after:
            continue
        if skip_prefix is not None and key.startswith(skip_prefix):
            continue
        rest = key[len(prefix):]
        cp = None
        if delimiter:
            i = rest.find(delimiter)
            if i >= 0:
                cp = prefix + rest[:i + len(delimiter)]
        if cp is not None and prefixes and prefixes[-1] == cp:
            continue
        if count >= max_keys:
            truncated = True
            break
        if cp is not None:
            prefixes.append(cp)
            last = ("p", cp)
            skip_prefix = cp
        else:
            contents.append((key, b["objects"][key]))
            last = ("k", key)
        count += 1
    return contents, prefixes, truncated, last


def _content(key, obj, url, owner=None):
    d = {"Key": _enc(key, url), "LastModified": _iso(obj["modified"]),
         "ETag": '"%s"' % obj["etag"], "Size": len(obj["data"])}
    if owner is not None:
        d["Owner"] = owner
    d["StorageClass"] = "STANDARD"
    return d


def _encoding(ctx):
    enc = ctx.query.get("encoding-type")
    if enc is not None and enc != "url":
        raise AwsError("InvalidArgument", "Invalid Encoding Method specified "
                       "in Request", 400, fields={
                           "ArgumentName": "encoding-type",
                           "ArgumentValue": enc})
    return enc


@SERVICE.operation("ListObjectsV2")
def list_objects_v2(ctx):
    b = _bucket(ctx)
    q = ctx.query
    enc = _encoding(ctx)
    url = enc == "url"
    prefix = q.get("prefix", "")
    delimiter = q.get("delimiter", "")
    max_keys = _max_keys(ctx)
    token = q.get("continuation-token")
    start_after = q.get("start-after")
    kind, after = None, None
    if token:
        kind, after = _untoken(token)
    elif start_after:
        kind, after = "k", start_after
    contents, prefixes, truncated, last = _walk(b, prefix, delimiter, kind,
                                                after, max_keys)
    owner = None
    if q.get("fetch-owner") == "true":
        owner = {"ID": hashlib.sha256(b["owner"].encode()).hexdigest(),
                 "DisplayName": "demo"}
    res = {"Name": b["name"], "Prefix": _enc(prefix, url)}
    if token:
        res["ContinuationToken"] = token
    if truncated and last is not None:
        res["NextContinuationToken"] = _token(*last)
    res["KeyCount"] = len(contents) + len(prefixes)
    res["MaxKeys"] = max_keys
    if delimiter:
        res["Delimiter"] = _enc(delimiter, url)
    if enc:
        res["EncodingType"] = enc
    res["IsTruncated"] = truncated
    if start_after:
        res["StartAfter"] = _enc(start_after, url)
    res["Contents"] = XmlFlat(_content(k, o, url, owner) for k, o in contents)
    res["CommonPrefixes"] = XmlFlat({"Prefix": _enc(p, url)}
                                    for p in prefixes)
    return {"ListBucketResult": res}


@SERVICE.operation("ListObjects")
def list_objects(ctx):
    b = _bucket(ctx)
    q = ctx.query
    enc = _encoding(ctx)
    url = enc == "url"
    prefix = q.get("prefix", "")
    delimiter = q.get("delimiter", "")
    marker = q.get("marker", "")
    max_keys = _max_keys(ctx)
    contents, prefixes, truncated, last = _walk(
        b, prefix, delimiter, "k" if marker else None, marker or None,
        max_keys)
    owner = {"ID": hashlib.sha256(b["owner"].encode()).hexdigest(),
             "DisplayName": "demo"}
    res = {"Name": b["name"], "Prefix": _enc(prefix, url),
           "Marker": _enc(marker, url), "MaxKeys": max_keys}
    if delimiter:
        res["Delimiter"] = _enc(delimiter, url)
        if truncated and last is not None:
            res["NextMarker"] = _enc(last[1], url)
    if enc:
        res["EncodingType"] = enc
    res["IsTruncated"] = truncated
    res["Contents"] = XmlFlat(_content(k, o, url, owner) for k, o in contents)
    res["CommonPrefixes"] = XmlFlat({"Prefix": _enc(p, url)}
                                    for p in prefixes)
    return {"ListBucketResult": res}


# ---------------------------------------------------------------- objects

def _decode_aws_chunked(body):
    """Strip aws-chunked framing
    ("<hex>;chunk-signature=...\\r\\n<data>\\r\\n"), trailers ignored."""
    out = []
    i = 0
    n = len(body)
    while i < n:
        j = body.find(b"\r\n", i)
        if j < 0:
            raise AwsError("IncompleteBody", "The request body terminated "
                           "unexpectedly", 400)
        try:
            size = int(body[i:j].split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise AwsError("InvalidChunkSizeError", "Only the last chunk is "
                           "allowed to have a size less than 8192 bytes", 403)
        i = j + 2
        if size == 0:
            break
        out.append(body[i:i + size])
        i += size + 2
    return b"".join(out)


def _check_digests(ctx, body):
    cmd5 = ctx.headers.get("Content-MD5")
    if cmd5 is not None:
        try:
            want = base64.b64decode(cmd5.strip().encode("ascii"),
                                    validate=True)
        except (ValueError, binascii.Error, UnicodeError):
            want = b""
        if len(want) != 16:
            raise AwsError("InvalidDigest", "The Content-MD5 you specified "
                           "was invalid.", 400, fields={"Content-MD5": cmd5})
        got = hashlib.md5(body).digest()
        if want != got:
            raise AwsError("BadDigest", "The Content-MD5 you specified did "
                           "not match what we received.", 400, fields={
                               "ExpectedDigest": cmd5,
                               "CalculatedDigest": base64.b64encode(got)
                               .decode("ascii")})
    echo = []
    for algo, label in CHECKSUMS.items():
        hdr = ctx.headers.get("x-amz-checksum-" + algo)
        if hdr is None:
            continue
        if algo == "crc32":
            got = (zlib.crc32(body) & 0xFFFFFFFF).to_bytes(4, "big")
        else:
            got = hashlib.new(algo, body).digest()
        got64 = base64.b64encode(got).decode("ascii")
        if hdr.strip() != got64:
            raise AwsError("BadDigest", "The %s you specified did not match "
                           "the calculated checksum." % label, 400)
        echo.append(("x-amz-checksum-" + algo, got64))
    return echo


@SERVICE.operation("PutObject")
def put_object(ctx):
    b = _bucket(ctx)
    key = ctx.labels["Key"]
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise AwsError("KeyTooLongError", "Your key is too long", 400,
                       fields={"MaxSizeAllowed": MAX_KEY_BYTES,
                               "Size": len(key.encode("utf-8"))})
    body = ctx.body
    sha = (ctx.headers.get("x-amz-content-sha256") or "").strip()
    if sha.startswith("STREAMING-") or "aws-chunked" in (
            ctx.headers.get("Content-Encoding") or ""):
        body = _decode_aws_chunked(body)
        dlen = ctx.headers.get("x-amz-decoded-content-length")
        if dlen is not None and dlen.strip().isdigit() and \
                int(dlen) != len(body):
            raise AwsError("IncompleteBody", "You did not provide the number "
                           "of bytes specified by the Content-Length HTTP "
                           "header", 400)
    echo = _check_digests(ctx, body)
    st = s3_state(ctx.store)
    if not b.get("system"):
        old = b["objects"].get(key)
        after = st["bytes"] - (len(old["data"]) if old else 0) + len(body)
        if after > st["max_bytes"]:
            raise AwsError("InvalidRequest", "slemu: the emulated object "
                           "store is full (%d of %d bytes used); delete "
                           "objects or POST /__emulator/reset"
                           % (st["bytes"], st["max_bytes"]), 400)
    meta = {}
    for k, v in ctx.headers.items():
        if k.lower().startswith("x-amz-meta-"):
            meta[k.lower()[len("x-amz-meta-"):]] = v
    extra = {}
    for h in STORED_HEADERS:
        v = ctx.headers.get(h)
        if v is not None:
            if h == "Content-Encoding":
                v = ",".join(p for p in (s.strip() for s in v.split(","))
                             if p and p != "aws-chunked")
                if not v:
                    continue
            extra[h] = v
    obj = _store_object(st, b, key, body,
                        ctx.headers.get("Content-Type") or DEFAULT_CTYPE,
                        meta, extra)
    headers = [("ETag", '"%s"' % obj["etag"]),
               ("x-amz-server-side-encryption", "AES256")] + echo
    return Response(200, b"", headers)


def _object(ctx):
    b = _bucket(ctx)
    key = ctx.labels["Key"]
    obj = b["objects"].get(key)
    if obj is None:
        raise _no_key(key)
    return b, key, obj


def _object_headers(ctx, obj):
    h = [("Last-Modified", _http_date(obj["modified"])),
         ("ETag", '"%s"' % obj["etag"]),
         ("x-amz-server-side-encryption", "AES256"),
         ("Accept-Ranges", "bytes"),
         ("Content-Type", ctx.query.get("response-content-type") or
          obj["type"])]
    for k, v in obj.get("headers", {}).items():
        over = ctx.query.get("response-" + k.lower())
        h.append((k, over or v))
    for k in ("Content-Disposition", "Cache-Control", "Content-Language",
              "Expires", "Content-Encoding"):
        over = ctx.query.get("response-" + k.lower())
        if over and k not in obj.get("headers", {}):
            h.append((k, over))
    for k, v in obj.get("meta", {}).items():
        h.append(("x-amz-meta-" + k, v))
    return h


def _preconditions(ctx, obj):
    etag = '"%s"' % obj["etag"]
    im = ctx.headers.get("If-Match")
    if im is not None and im.strip() != "*" and \
            etag not in [t.strip() for t in im.split(",")]:
        raise AwsError("PreconditionFailed", "At least one of the "
                       "pre-conditions you specified did not hold", 412,
                       fields={"Condition": "If-Match"})
    inm = ctx.headers.get("If-None-Match")
    if inm is not None and (inm.strip() == "*" or
                            etag in [t.strip() for t in inm.split(",")]):
        return Response(304, b"", [("ETag", etag), ("Last-Modified",
                                                    _http_date(
                                                        obj["modified"]))])
    return None


def _range(ctx, size):
    """(start, end) inclusive, or None for the whole object."""
    rng = ctx.headers.get("Range")
    if not rng:
        return None
    m = re.match(r"^\s*bytes=(\d*)-(\d*)\s*$", rng)
    if not m or (m.group(1) == "" and m.group(2) == ""):
        return None         # S3 ignores a malformed Range
    if m.group(1) == "":
        n = int(m.group(2))
        if n == 0:
            raise AwsError("InvalidRange", "The requested range is not "
                           "satisfiable", 416, fields={
                               "RangeRequested": rng,
                               "ActualObjectSize": size})
        return max(0, size - n), size - 1
    start = int(m.group(1))
    end = int(m.group(2)) if m.group(2) else size - 1
    if start >= size or end < start:
        raise AwsError("InvalidRange", "The requested range is not "
                       "satisfiable", 416, fields={
                           "RangeRequested": rng, "ActualObjectSize": size},
                       headers=[("Content-Range", "bytes */%d" % size)])
    return start, min(end, size - 1)


@SERVICE.operation("GetObject")
def get_object(ctx):
    _, _, obj = _object(ctx)
    pre = _preconditions(ctx, obj)
    if pre is not None:
        return pre
    data = obj["data"]
    headers = _object_headers(ctx, obj)
    r = _range(ctx, len(data))
    if r is None:
        return Response(200, data, headers)
    start, end = r
    headers.append(("Content-Range", "bytes %d-%d/%d" % (start, end,
                                                         len(data))))
    return Response(206, data[start:end + 1], headers)


@SERVICE.operation("HeadObject")
def head_object(ctx):
    _, _, obj = _object(ctx)
    pre = _preconditions(ctx, obj)
    if pre is not None:
        return pre
    headers = _object_headers(ctx, obj)
    headers.append(("Content-Length", str(len(obj["data"]))))
    return Response(200, b"", headers)


@SERVICE.operation("DeleteObject")
def delete_object(ctx):
    b = _bucket(ctx)
    old = b["objects"].pop(ctx.labels["Key"], None)
    if old is not None and not b.get("system"):
        s3_state(ctx.store)["bytes"] -= len(old["data"])
    return Response(204, b"")


# ---------------------------------------------------------- control API

@SERVICE.control("POST", "buckets")
def control_create_bucket(cctx):
    spec = cctx.json()
    name = spec.get("name")
    if not isinstance(name, str) or not _valid_bucket_name(name):
        return 400, {"error": "name must be a valid bucket name"}
    account = spec.get("account") or cctx.store.default_account
    b = s3_state(cctx.store)["buckets"].get(name)
    if b is not None and b["owner"] != account:
        return 409, {"error": "bucket %s belongs to %s" % (name, b["owner"])}
    b = create_bucket_internal(cctx.store, name,
                               spec.get("region") or "us-east-1", account)
    return {"name": b["name"], "region": b["region"], "owner": b["owner"]}


@SERVICE.control("GET", "buckets")
def control_list_buckets(cctx):
    st = s3_state(cctx.store)
    return {"buckets": [{"name": b["name"], "region": b["region"],
                         "owner": b["owner"], "system": b.get("system", False),
                         "objects": len(b["objects"]),
                         "bytes": sum(len(o["data"])
                                      for o in b["objects"].values())}
                        for _, b in sorted(st["buckets"].items())],
            "total_bytes": st["bytes"], "max_bytes": st["max_bytes"]}


@SERVICE.control("POST", "objects")
def control_put_object(cctx):
    spec = cctx.json()
    bucket, key = spec.get("bucket"), spec.get("key")
    if not isinstance(bucket, str) or not isinstance(key, str) or not key:
        return 400, {"error": "bucket and key are required"}
    st = s3_state(cctx.store)
    b = st["buckets"].get(bucket)
    if b is None:
        return 404, {"error": "no bucket %s" % bucket}
    if "base64" in spec:
        try:
            data = base64.b64decode(spec["base64"], validate=True)
        except (ValueError, binascii.Error):
            return 400, {"error": "base64 is not valid base64"}
    else:
        data = str(spec.get("text", "")).encode("utf-8")
    obj = _store_object(st, b, key, data,
                        spec.get("content_type") or DEFAULT_CTYPE, {}, {})
    return {"etag": '"%s"' % obj["etag"], "size": len(data)}


@SERVICE.control("POST", "settings")
def control_settings(cctx):
    spec = cctx.json()
    st = s3_state(cctx.store)
    if "max_bytes" in spec:
        st["max_bytes"] = int(spec["max_bytes"])
    return {"max_bytes": st["max_bytes"], "total_bytes": st["bytes"]}
